// tslab's converter (type-checks and transpiles a cell against the declarations of earlier cells),
// loaded with three additions it has no options for: source maps, the "gradlab" module from any folder,
// and the kernel's globals (display, clearOutput, input) known to the checker.
import { dirname, join } from "node:path";
import { createRequire } from "node:module";
import type { Converter } from "tslab/dist/converter";
import { lastProgram, withOverrides, type TS } from "./core/converter";
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

/**
 * The type of each completion entry at `cursor` in the cell the converter's last `complete` call saw, as
 * the checker prints it (`(dim?: Dims, options?: ReduceOptions) => Tensor` for `t.sum`): the types tslab's
 * completion leaves out. Only `names` (at most `limit` of them) are typed, so a long list stays fast.
 */
export function completionTypes(cursor: number, names: string[], limit = 150): Map<string, string> {
  const types = new Map<string, string>();
  const ts = tslabTypeScript();
  const program = lastProgram();
  const file = program?.getSourceFiles().find((f) => /[\\/]__tslab__\.ts$/.test(f.fileName));
  if (!program || !file) return types;
  const wanted = new Set(names.slice(0, limit));
  const prefix = "export {};" + ts.sys.newLine; // tslab's line before every cell
  const never = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };
  type GetCompletions = (
    ...args: unknown[]
  ) => import("@tslab/typescript-for-tslab").CompletionInfo | undefined;
  const completions = (ts as unknown as { Completions: { getCompletionsAtPosition: GetCompletions } })
    .Completions;
  // includeSymbol (the last argument): each entry comes with the symbol it names
  const info = completions.getCompletionsAtPosition(
    {},
    program,
    () => undefined,
    file,
    cursor + prefix.length,
    {},
    undefined,
    ts.CompletionTriggerKind.Invoked,
    never,
    undefined,
    true,
  );
  const checker = program.getTypeChecker();
  for (const entry of info?.entries ?? []) {
    const symbol = (entry as { symbol?: import("@tslab/typescript-for-tslab").Symbol }).symbol;
    if (!symbol || !wanted.has(entry.name) || types.has(entry.name)) continue;
    try {
      const type = checker.getTypeOfSymbolAtLocation(symbol, file);
      types.set(
        entry.name,
        checker.typeToString(type, undefined, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope),
      );
    } catch {
      // a symbol the checker cannot type here keeps only its kind
    }
  }
  return types;
}
