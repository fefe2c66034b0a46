// tslab's converter (type-checks and transpiles a cell against the declarations of earlier cells),
// loaded with three additions it has no options for: source maps, the "gradlab" module from any folder,
// and the kernel's globals (display, clearOutput, input) known to the checker.
import { dirname, join } from "node:path";
import { createRequire, type SourceMapPayload } from "node:module";
import type { Converter } from "tslab/dist/converter";
import { cellAwareVisitEachChild } from "./cell-names";
import { packageRoot } from "./paths";

export type { Converter, ConvertResult, Diagnostic } from "tslab/dist/converter";

const globalsDeclaration = join(packageRoot, "dist", "kernel", "globals.d.ts");

type TS = typeof import("@tslab/typescript-for-tslab");
type Transpile = TS["transpileModule"];
type CreateHost = (...args: unknown[]) => unknown;
type WatchHost = {
  afterProgramCreate?: (builder: { getProgram(): import("@tslab/typescript-for-tslab").Program }) => void;
};

/** The two maps of the last transpiled cell: CommonJS → ES module → TypeScript. Kept as their JSON
 * payloads without the sources (a few hundred bytes a cell): traceback.ts parses them when a stack needs
 * them, so a long session does not keep every cell's parsed map. */
export interface CellMaps {
  commonjs: SourceMapPayload;
  esm: SourceMapPayload;
}

const payload = (json: string): SourceMapPayload => {
  const { sourcesContent: _sources, ...rest } = JSON.parse(json) as SourceMapPayload;
  return rest as SourceMapPayload;
};

let lastMaps: CellMaps | undefined;

/** The program of the converter's last convert, complete or inspect (completionTypes reads it). */
let lastProgram: import("@tslab/typescript-for-tslab").Program | undefined;

const inlineMap = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

function withOverrides(ts: TS): TS {
  const createWatchCompilerHost: CreateHost = (rootFiles, options, ...rest) =>
    (ts.createWatchCompilerHost as unknown as CreateHost)(
      [...(rootFiles as string[]), globalsDeclaration],
      {
        ...(options as object),
        inlineSourceMap: true,
        paths: {
          gradlab: [packageRoot],
          "gradlab/widgets": [join(packageRoot, "dist", "widgets", "index.d.ts")],
          "gradlab/exercises": [join(packageRoot, "dist", "exercises", "index.d.ts")],
          "gradlab/*": [join(packageRoot, "*")],
        },
      },
      ...rest,
    );
  // tslab turns its ES module output into CommonJS with transpileModule: keep that second map too.
  const transpileModule: Transpile = (input, options) => {
    const match = input.match(inlineMap);
    if (!match) return ts.transpileModule(input, options);
    const out = ts.transpileModule(input.slice(0, match.index), {
      ...options,
      compilerOptions: { ...options.compilerOptions, sourceMap: true },
    });
    lastMaps = {
      esm: payload(Buffer.from(match[1], "base64").toString()),
      commonjs: payload(out.sourceMapText!),
    };
    return { ...out, outputText: out.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, "") };
  };
  // The program tslab emits from, so cell-names.ts can ask its checker what a name refers to.
  let program: import("@tslab/typescript-for-tslab").Program | undefined;
  const createWatchProgram = (host: WatchHost) => {
    const after = host.afterProgramCreate;
    host.afterProgramCreate = (builder) => {
      program = lastProgram = builder.getProgram();
      after?.(builder);
    };
    return (ts.createWatchProgram as (host: WatchHost) => unknown)(host);
  };
  const visitEachChild = cellAwareVisitEachChild(ts, () => program?.getTypeChecker());
  const overrides: Record<string | symbol, unknown> = {
    createWatchCompilerHost,
    createWatchProgram,
    transpileModule,
    visitEachChild,
  };
  return new Proxy(ts, {
    get: (target, key) => (key in overrides ? overrides[key] : Reflect.get(target, key)),
  });
}

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
  cached.exports = withOverrides(ts);
  try {
    return load(converterPath) as typeof import("tslab/dist/converter");
  } finally {
    cached.exports = ts;
  }
}

export function createConverter(): Converter {
  return loadConverterModule().createConverter();
}

/** The source maps of the cell converted last (side modules are transpiled before the cell itself). */
export function takeCellMaps(): CellMaps | undefined {
  const maps = lastMaps;
  lastMaps = undefined;
  return maps;
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
  const program = lastProgram;
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
