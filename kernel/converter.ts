// tslab's converter (type-checks and transpiles a cell against the declarations of earlier cells),
// loaded with three additions it has no options for: source maps, the "gradlab" module from any folder,
// and the kernel's globals (display, clearOutput, input) known to the checker.
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import type { Converter } from "tslab/dist/converter";
import { withOverrides, type TS } from "./core/converter";
import { packageRoot } from "./paths";

export type { Converter, ConvertResult, Diagnostic } from "tslab/dist/converter";
export { takeCellMaps, type CellMaps } from "./core/converter";

const setup = {
  globals: join(packageRoot, "dist", "kernel", "globals.d.ts"),
  paths: {
    gradlab: [packageRoot],
    "gradlab/widgets": [join(packageRoot, "dist", "widgets", "index.d.ts")],
    "gradlab/exercises": [join(packageRoot, "dist", "exercises", "index.d.ts")],
    "gradlab/*": [join(packageRoot, "*")],
  },
};

const load = createRequire(__filename);
const converterPath = require.resolve("tslab/dist/converter");
const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [dirname(converterPath)] });

/** The TypeScript tslab compiles with (its 5.0 fork), for parsing cells the way the converter does. */
export function tslabTypeScript(): TS {
  return load(tsPath) as TS;
}

/** Loads tslab's converter module with our wrapped TypeScript in place of its own import of it. */
function loadConverterModule(): typeof import("tslab/dist/converter") {
  const ts = tslabTypeScript();
  const cached = require.cache[tsPath]!;
  cached.exports = withOverrides(ts, setup);
  try {
    return load(converterPath) as typeof import("tslab/dist/converter");
  } finally {
    cached.exports = ts;
  }
}

export function createConverter(): Converter {
  return loadConverterModule().createConverter();
}

export function isCompleteCode(src: string): { completed: boolean; indent?: string } {
  return loadConverterModule().isCompleteCode(src);
}
