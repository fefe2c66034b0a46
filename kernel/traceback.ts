// Errors as Jupyter shows them: ename, evalue and a traceback whose frames point at the user's cells
// (source-mapped from the transpiled JavaScript back to the TypeScript line, in every stack trace made in the
// kernel), without the kernel's own frames.
import { join, sep } from "node:path";
import type { CellMaps, Diagnostic } from "./converter";
import { SourceMap } from "./core/sourcemap";
import { packageRoot } from "./paths";

export interface ErrorContent {
  ename: string;
  evalue: string;
  traceback: string[];
}

/** The cells run so far, by the file name their scripts carry in stack traces. */
const cellMaps = new Map<string, CellMaps>();

/** Lines the kernel adds in front of a cell's transpiled code before running it. */
export const wrapperLines = 1;

export function cellFileName(count: number): string {
  return `cell[${count}]`;
}

export function rememberCell(fileName: string, maps: CellMaps | undefined): void {
  if (maps) cellMaps.set(fileName, maps);
}

/** The parsed maps of the cells whose stacks were read last (most traces name one or two cells). */
const parsed = new Map<string, { commonjs: SourceMap; esm: SourceMap }>();

function parsedMaps(file: string) {
  let maps = parsed.get(file);
  if (maps) parsed.delete(file);
  else {
    const payloads = cellMaps.get(file);
    if (!payloads) return undefined;
    maps = { commonjs: new SourceMap(payloads.commonjs), esm: new SourceMap(payloads.esm) };
  }
  parsed.set(file, maps); // most recently used last
  if (parsed.size > 8) parsed.delete(parsed.keys().next().value!);
  return maps;
}

/**
 * Script position (1-based) → position in the cell's TypeScript (1-based), through both source maps;
 * null where the script runs the kernel's wrapper around the cell rather than the cell's own code.
 */
function toCellPosition(file: string, line: number, column: number): string | null | undefined {
  const maps = parsedMaps(file);
  if (!maps) return undefined;
  const inEsm = maps.commonjs.findEntry(line - 1 - wrapperLines, column - 1);
  // findEntry falls back to an earlier line's entry: then the position is not in the cell's code.
  if (!("originalLine" in inEsm) || inEsm.generatedLine !== line - 1 - wrapperLines) return null;
  const inTs = maps.esm.findEntry(inEsm.originalLine, inEsm.originalColumn);
  if (!("originalLine" in inTs)) return undefined;
  // tslab prefixes every cell with one line ("export {};"), which the user never wrote.
  return `${file}:${inTs.originalLine}:${inTs.originalColumn + 1}`;
}

const cellPosition = /(cell\[\d+\]):(\d+):(\d+)/;

/** One stack frame as V8 prints it, with a cell's script position replaced by the cell's own;
 * undefined for the kernel's wrapper around a cell (the call that runs it), which no one wrote. */
function mapFrame(frame: string): string | undefined {
  const m = frame.match(cellPosition);
  if (!m) return frame;
  const mapped = toCellPosition(m[1], Number(m[2]), Number(m[3]));
  if (mapped === null) return undefined;
  // a cell's own top level: Node names no function there, the browser's eval names "eval"
  return mapped
    ? frame.replace(cellPosition, mapped).replace(/^(async )?eval \((cell\[\d+\]:\d+:\d+)\)$/, "$1$2")
    : frame;
}

/**
 * Maps cell frames in every stack trace made in the kernel, not only in the tracebacks it shows: code
 * that reads `new Error().stack` itself (the tensor library's anomaly mode names the line that made a
 * NaN) then sees cell lines too, and the library need not know about cells. V8 calls this when a stack
 * is first read, with the frames captured when the error was made; a cell's maps are kept from before it
 * runs, so late reads map as well.
 */
export function mapCellFramesInStacks(): void {
  Error.prepareStackTrace = (err: unknown, frames: NodeJS.CallSite[]) => {
    let header: string;
    try {
      header = Error.prototype.toString.call(err);
    } catch {
      header = "Error";
    }
    const lines = frames.map((f) => mapFrame(String(f))).filter((f) => f !== undefined);
    return [header, ...lines.map((f) => `    at ${f}`)].join("\n");
  };
}

const kernelDir = __dirname + sep;
/** gradlab's own code and dependencies: the built library, its sources (under tsx) and node_modules. */
const libraryDirs = ["dist/lib", "lib", "node_modules"].map((d) => join(packageRoot, d) + sep);

/** Where else gradlab's code runs from: the browser kernel's bundle (its worker script's URL). */
export function libraryCodeAt(location: string): void {
  libraryDirs.push(location);
}

/** ANSI colours as IPython uses them, so every front end shows the error name in red. */
export const ansi = {
  red: (s: string) => `\x1b[0;31m${s}\x1b[0m`,
  green: (s: string) => `\x1b[0;32m${s}\x1b[0m`,
  cyan: (s: string) => `\x1b[0;36m${s}\x1b[0m`,
  grey: (s: string) => `\x1b[0;90m${s}\x1b[0m`,
};

/** The text without its colours: for a log file or a pipe, where the escape codes would show as noise. */
// eslint-disable-next-line no-control-regex -- the escape character is what this removes
export const withoutAnsi = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");

/** The last error a cell raised, kept whole: `lastError.stack` has every frame the traceback folded. */
let lastError: unknown;

export function installLastError(): void {
  Object.defineProperty(globalThis, "lastError", { get: () => lastError, configurable: true });
}

/** The user's frames (cells and their own packages) without the kernel's and Node's, and the count of
 * gradlab's own (the library and its dependencies), which only the library's maintainers need to read. */
function userFrames(stack: string): { frames: string[]; hidden: number } {
  const frames = stack
    .split("\n")
    .filter((line) => /^\s*at /.test(line))
    .filter((line) => !line.includes(kernelDir) && !/[( ]node:/.test(line));
  const inLibrary = (line: string | undefined) =>
    line !== undefined && !cellPosition.test(line) && libraryDirs.some((d) => line.includes(d));
  // A built-in the library called (`Array.map (<anonymous>)`) belongs with the library's frames.
  const own = frames.filter(
    (line, i) => inLibrary(line) || (line.includes("(<anonymous>)") && inLibrary(frames[i + 1])),
  );
  return { frames: frames.filter((line) => !own.includes(line)), hidden: own.length };
}

function colourFrame(frame: string): string {
  return frame.replace(cellPosition, (position) => ansi.green(position));
}

export function errorContent(err: unknown): ErrorContent {
  lastError = err;
  if (!(err instanceof Error)) {
    return { ename: "Uncaught", evalue: String(err), traceback: [`${ansi.red("Uncaught")} ${String(err)}`] };
  }
  const ename = err.name || "Error";
  const evalue = err.message;
  const { frames, hidden } = userFrames(err.stack ?? "");
  const folded =
    hidden > 0
      ? [
          ansi.grey(
            `    … ${hidden} frame${hidden === 1 ? "" : "s"} inside gradlab hidden (lastError.stack shows them)`,
          ),
        ]
      : [];
  return {
    ename,
    evalue,
    traceback: [`${ansi.red(ename)}: ${evalue}`, ...frames.map(colourFrame), ...folded],
  };
}

export function hintLine(hint: string): string {
  return `    ${ansi.cyan("Hint:")} ${hint}`;
}

/** Type errors: one line per diagnostic, with the cell's line and column, and its hint if it has one. */
export function diagnosticsContent(
  cell: string,
  diagnostics: Diagnostic[],
  hints: (string | undefined)[] = [],
): ErrorContent {
  const where = (d: Diagnostic) => `${d.fileName ?? cell}:${d.start.line + 1}:${d.start.character + 1}`;
  const first = diagnostics[0];
  return {
    ename: "TypeScriptError",
    evalue: first ? `${where(first)} - error TS${first.code}: ${first.messageText}` : "type error",
    traceback: diagnostics.flatMap((d, i) => [
      `${ansi.green(where(d))} - ${ansi.red("error")} TS${d.code}: ${d.messageText}`,
      ...(hints[i] ? [hintLine(hints[i])] : []),
    ]),
  };
}
