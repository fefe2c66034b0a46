// tslab's converter, as both kernels load it (Node's in kernel/converter.ts, the browser's in
// lite/kernel/src/worker.ts): its TypeScript wrapped with three additions it has no options for —
// source maps, the "gradlab" module from any folder, and the kernel's globals known to the checker.
// Node-free: the caller says where the globals' declarations and the gradlab package are.
import type * as ts from "@tslab/typescript-for-tslab";
import { cellAwareVisitEachChild } from "../cell-names";

export type TS = typeof ts;
type Transpile = TS["transpileModule"];
type CreateHost = (...args: unknown[]) => unknown;
type WatchHost = { afterProgramCreate?: (builder: { getProgram(): ts.Program }) => void };

/** A source map's JSON (what node:module calls a SourceMapPayload), without its sources. */
export interface SourceMapPayload {
  file: string;
  version: number;
  sources: string[];
  names: string[];
  mappings: string;
  sourceRoot: string;
  /** always empty here: the cell's text is kept elsewhere */
  sourcesContent: string[];
}

/** The two maps of the last transpiled cell: CommonJS → ES module → TypeScript. Kept as their JSON
 * payloads without the sources (a few hundred bytes a cell): the traceback parses them when a stack needs
 * them, so a long session does not keep every cell's parsed map. */
export interface CellMaps {
  commonjs: SourceMapPayload;
  esm: SourceMapPayload;
}

export interface ConverterSetup {
  /** The .d.ts declaring the kernel's globals (display, clearOutput, input, lastError). */
  globals: string;
  /** Module paths for the checker: "gradlab", "gradlab/widgets"… to their declarations. */
  paths: Record<string, string[]>;
  /**
   * A global function called at the top of every loop body of a cell (the browser kernel's interrupt
   * check: a busy loop in a web worker cannot be stopped any other way); none in Node, where vm's
   * breakOnSigint stops loops.
   */
  loopGuard?: string;
}

const payload = (json: string): SourceMapPayload => ({
  ...(JSON.parse(json) as SourceMapPayload),
  sourcesContent: [],
});

let lastMaps: CellMaps | undefined;

/** The program of the converter's last convert, complete or inspect (completion types read it). */
let program: ts.Program | undefined;

export const lastProgram = (): ts.Program | undefined => program;

/** The source maps of the cell converted last (side modules are transpiled before the cell itself). */
export function takeCellMaps(): CellMaps | undefined {
  const maps = lastMaps;
  lastMaps = undefined;
  return maps;
}

const inlineMap = /\n\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;

const fromBase64 = (text: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));

/** TypeScript as tslab's converter must see it: give it to the converter module in place of its own. */
export function withOverrides(typescript: TS, setup: ConverterSetup): TS {
  const createWatchCompilerHost: CreateHost = (rootFiles, options, ...rest) =>
    (typescript.createWatchCompilerHost as unknown as CreateHost)(
      [...(rootFiles as string[]), setup.globals],
      { ...(options as object), inlineSourceMap: true, paths: setup.paths },
      ...rest,
    );
  // tslab turns its ES module output into CommonJS with transpileModule: keep that second map too.
  const transpileModule: Transpile = (input, options) => {
    const match = input.match(inlineMap);
    if (!match) return typescript.transpileModule(input, options);
    const out = typescript.transpileModule(input.slice(0, match.index), {
      ...options,
      compilerOptions: { ...options.compilerOptions, sourceMap: true },
      ...(setup.loopGuard ? { transformers: { before: [guardLoops(typescript, setup.loopGuard)] } } : {}),
    });
    lastMaps = { esm: payload(fromBase64(match[1])), commonjs: payload(out.sourceMapText!) };
    return { ...out, outputText: out.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, "") };
  };
  // The program tslab emits from, so cell-names.ts can ask its checker what a name refers to.
  let current: ts.Program | undefined;
  const createWatchProgram = (host: WatchHost) => {
    const after = host.afterProgramCreate;
    host.afterProgramCreate = (builder) => {
      current = program = builder.getProgram();
      after?.(builder);
    };
    return (typescript.createWatchProgram as (host: WatchHost) => unknown)(host);
  };
  const visitEachChild = cellAwareVisitEachChild(typescript, () => current?.getTypeChecker());
  const overrides: Record<string | symbol, unknown> = {
    createWatchCompilerHost,
    createWatchProgram,
    transpileModule,
    visitEachChild,
  };
  return new Proxy(typescript, {
    get: (target, key) => (key in overrides ? overrides[key] : Reflect.get(target, key)),
  });
}

/**
 * Puts `guard();` first in every loop body (positions untouched, so the source maps still hold), except
 * inside gpu.js kernels (functions that read `this.thread`): gpu.js translates those to shader code,
 * where the guard does not exist (the shader would not compile) and no interrupt could reach it anyway.
 */
export function guardLoops(typescript: TS, guard: string): ts.TransformerFactory<ts.SourceFile> {
  const readsThisThread = (node: ts.Node): boolean =>
    (typescript.isPropertyAccessExpression(node) &&
      node.expression.kind === typescript.SyntaxKind.ThisKeyword &&
      node.name.text === "thread") ||
    (typescript.forEachChild(node, readsThisThread) ?? false);
  const isGpuKernel = (node: ts.Node) =>
    (typescript.isFunctionExpression(node) || typescript.isFunctionDeclaration(node)) &&
    node.body !== undefined &&
    readsThisThread(node.body);
  return (context) => {
    const f = context.factory;
    const guarded = (body: ts.Statement) =>
      f.createBlock(
        [
          f.createExpressionStatement(f.createCallExpression(f.createIdentifier(guard), undefined, [])),
          ...(typescript.isBlock(body) ? body.statements : [body]),
        ],
        true,
      );
    const visit = (node: ts.Node): ts.Node => {
      if (isGpuKernel(node)) return node;
      const n = typescript.visitEachChild(node, visit, context);
      if (typescript.isForStatement(n))
        return f.updateForStatement(n, n.initializer, n.condition, n.incrementor, guarded(n.statement));
      if (typescript.isForOfStatement(n))
        return f.updateForOfStatement(n, n.awaitModifier, n.initializer, n.expression, guarded(n.statement));
      if (typescript.isForInStatement(n))
        return f.updateForInStatement(n, n.initializer, n.expression, guarded(n.statement));
      if (typescript.isWhileStatement(n))
        return f.updateWhileStatement(n, n.expression, guarded(n.statement));
      if (typescript.isDoStatement(n)) return f.updateDoStatement(n, guarded(n.statement), n.expression);
      return n;
    };
    return (file) => visit(file) as ts.SourceFile;
  };
}
