// is_complete_request: should Enter in a console run the code or open a new line?
import * as ts from "@tslab/typescript-for-tslab";
import { isCompleteCode } from "./converter";

export type Completeness = { status: "complete" | "invalid" } | { status: "incomplete"; indent: string };

export function completeness(code: string): Completeness {
  const { completed, indent } = isCompleteCode(code);
  if (!completed) return { status: "incomplete", indent: indent ?? "" };
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = (file as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics ?? [];
  return { status: errors.length > 0 ? "invalid" : "complete" };
}
