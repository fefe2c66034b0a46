// Errors as Jupyter shows them: ename, evalue and a traceback whose frames point at the user's cells
// (source-mapped from the transpiled JavaScript back to the TypeScript line), without the kernel's own frames.
import { sep } from "node:path";
import type { CellMaps, Diagnostic } from "./converter";

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

/** Script position (1-based) → position in the cell's TypeScript (1-based), through both source maps. */
function toCellPosition(file: string, line: number, column: number): string | undefined {
  const maps = cellMaps.get(file);
  if (!maps) return undefined;
  const inEsm = maps.commonjs.findEntry(line - 1 - wrapperLines, column - 1);
  if (!("originalLine" in inEsm)) return undefined;
  const inTs = maps.esm.findEntry(inEsm.originalLine, inEsm.originalColumn);
  if (!("originalLine" in inTs)) return undefined;
  // tslab prefixes every cell with one line ("export {};"), which the user never wrote.
  return `${file}:${inTs.originalLine}:${inTs.originalColumn + 1}`;
}

const kernelDir = __dirname + sep;
const framePattern = /^(\s*at .*?\(?)(cell\[\d+\]):(\d+):(\d+)(\)?)$/;

/** Keeps the user's frames (cells and their packages) and drops the kernel's and Node's internals. */
function userFrames(stack: string): string[] {
  const frames: string[] = [];
  for (const line of stack.split("\n")) {
    if (!/^\s*at /.test(line)) continue;
    if (line.includes(kernelDir) || line.includes("node:internal") || line.includes("node:vm")) continue;
    const m = line.match(framePattern);
    if (m) {
      const mapped = toCellPosition(m[2], Number(m[3]), Number(m[4]));
      frames.push(mapped ? `${m[1]}${mapped}${m[5]}` : line);
    } else frames.push(line);
  }
  return frames;
}

export function errorContent(err: unknown): ErrorContent {
  if (!(err instanceof Error)) {
    return { ename: "Uncaught", evalue: String(err), traceback: [`Uncaught ${String(err)}`] };
  }
  const ename = err.name || "Error";
  const evalue = err.message;
  return { ename, evalue, traceback: [`${ename}: ${evalue}`, ...userFrames(err.stack ?? "")] };
}

/** Type errors: one line per diagnostic, with the cell's line and column. */
export function diagnosticsContent(cell: string, diagnostics: Diagnostic[]): ErrorContent {
  const lines = diagnostics.map(
    (d) =>
      `${d.fileName ?? cell}:${d.start.line + 1}:${d.start.character + 1} - error TS${d.code}: ${d.messageText}`,
  );
  return { ename: "TypeScriptError", evalue: lines[0] ?? "type error", traceback: lines };
}
