// process.env in the browser (the build defines `process.env` as this object). Imported first by the
// worker, before any module reads it.
declare const __GRADLAB_VERSION__: string;

// __dirname in the bundle (build.mjs defines it as this): the path of the folder the worker's script is
// served from, absolute (path.resolve would ask for a process.cwd() that is not here)
(globalThis as Record<string, unknown>).__gradlabDir = new URL(".", self.location.href).pathname.replace(
  /\/$/,
  "",
);

(globalThis as Record<string, unknown>).__gradlabEnv = { GRADLAB_VERSION: __GRADLAB_VERSION__ };

// Buffer.from(text, "utf8"), the one Buffer call on the library's browser path (the SIMD kernel names
// its exports with it in lib/backend/gpu/simd/wasm-bytes.ts)
(globalThis as Record<string, unknown>).Buffer ??= {
  from: (text: string) => new TextEncoder().encode(text),
};
