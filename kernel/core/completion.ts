// complete_request's answer, as both kernels give it (Node's in kernel/kernel.ts, the browser's in
// lite/kernel/src/worker.ts): tslab's matches, each with its kind ("method", "property", "function"…)
// and its type as the checker prints it, in the protocol's experimental field that JupyterLab's
// completer shows beside each match. Node-free: the caller passes its converter and TypeScript.
import type * as ts from "@tslab/typescript-for-tslab";
import type { Converter } from "tslab/dist/converter";
import { lastProgram, type TS } from "./converter";

/** One match as JupyterLab reads it from `_jupyter_types_experimental`. */
export interface CompletionType {
  start: number;
  end: number;
  text: string;
  /** its kind: "method", "property", "function", "const"… */
  type: string;
  /** its type: `(dim?: Dims, options?: ReduceOptions) => Tensor` for `t.sum` (the field IPython fills) */
  signature?: string;
}

/** The content of a complete_reply: matches, the range they replace, and each one's kind and type. */
export function completeReply(
  typescript: TS,
  converter: Converter,
  prevDecl: string,
  code: string,
  cursor: number,
) {
  const info = converter.complete(prevDecl, code, cursor);
  const kinds = new Map(info.original?.entries.map((e) => [e.name, String(e.kind)]) ?? []);
  const signatures = completionTypes(typescript, cursor, info.candidates);
  const types: CompletionType[] = info.candidates.map((text) => ({
    start: info.start,
    end: info.end,
    text,
    type: kinds.get(text) ?? "",
    ...(signatures.has(text) ? { signature: signatures.get(text) } : {}),
  }));
  return {
    status: "ok" as const,
    matches: info.candidates,
    cursor_start: info.start,
    cursor_end: info.end,
    metadata: { _jupyter_types_experimental: types },
  };
}

/**
 * The type of each completion entry at `cursor` in the cell the converter's last `complete` call saw, as
 * the checker prints it: the types tslab's completion leaves out. Only `names` (at most `limit` of them)
 * are typed, so a long list stays fast.
 */
function completionTypes(typescript: TS, cursor: number, names: string[], limit = 150): Map<string, string> {
  const types = new Map<string, string>();
  const program = lastProgram();
  const file = program?.getSourceFiles().find((f) => /[\\/]__tslab__\.ts$/.test(f.fileName));
  if (!program || !file) return types;
  const wanted = new Set(names.slice(0, limit));
  const prefix = "export {};" + typescript.sys.newLine; // tslab's line before every cell
  const never = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };
  type GetCompletions = (...args: unknown[]) => ts.CompletionInfo | undefined;
  const completions = (typescript as unknown as { Completions: { getCompletionsAtPosition: GetCompletions } })
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
    typescript.CompletionTriggerKind.Invoked,
    never,
    undefined,
    true,
  );
  const checker = program.getTypeChecker();
  for (const entry of info?.entries ?? []) {
    const symbol = (entry as { symbol?: ts.Symbol }).symbol;
    if (!symbol || !wanted.has(entry.name) || types.has(entry.name)) continue;
    try {
      const type = checker.getTypeOfSymbolAtLocation(symbol, file);
      types.set(
        entry.name,
        checker.typeToString(type, undefined, typescript.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope),
      );
    } catch {
      // a symbol the checker cannot type here keeps only its kind
    }
  }
  return types;
}
