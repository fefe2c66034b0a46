// TypeScript's `sys` over files held in memory: what the converter reads (lib files, gradlab's
// declarations) and writes (each cell's output), in a worker where there is no file system.
type Watcher = { close(): void };

export function memorySystem(initial: Record<string, string>) {
  const files = new Map(Object.entries(initial));
  const dirs = new Set<string>(["/"]);
  const addDirs = (path: string) => {
    for (let i = path.lastIndexOf("/"); i > 0; i = path.lastIndexOf("/", i - 1)) dirs.add(path.slice(0, i));
  };
  for (const path of files.keys()) addDirs(path);
  const none: Watcher = { close: () => undefined };
  return {
    args: [] as string[],
    newLine: "\n",
    useCaseSensitiveFileNames: true,
    write: (text: string) => console.log(text),
    readFile: (path: string) => files.get(path),
    writeFile: (path: string, data: string) => {
      files.set(path, data);
      addDirs(path);
    },
    fileExists: (path: string) => files.has(path),
    directoryExists: (path: string) => dirs.has(path.replace(/\/$/, "") || "/"),
    createDirectory: (path: string) => void dirs.add(path),
    getExecutingFilePath: () => "/typescript/lib/typescript.js",
    getCurrentDirectory: () => "/notebook",
    getDirectories: (path: string) =>
      [...dirs].filter((d) => d.startsWith(path + "/") && !d.slice(path.length + 1).includes("/")),
    readDirectory: (path: string) => [...files.keys()].filter((f) => f.startsWith(path + "/")),
    getModifiedTime: () => new Date(0),
    setModifiedTime: () => undefined,
    deleteFile: (path: string) => void files.delete(path),
    realpath: (path: string) => path,
    exit: () => undefined,
    watchFile: () => none,
    watchDirectory: () => none,
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (id: ReturnType<typeof setTimeout>) => clearTimeout(id),
    createHash: undefined,
  };
}
