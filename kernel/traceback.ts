// Errors as Jupyter shows them: ename, evalue and a traceback whose frames point at the user's cells
// (source-mapped from the transpiled JavaScript back to the TypeScript line, in every stack trace made in the
// kernel), without the kernel's own frames.
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

/**
 * Script position (1-based) → position in the cell's TypeScript (1-based), through both source maps;
 * null where the script runs the kernel's wrapper around the cell rather than the cell's own code.
 */
function toCellPosition(file: string, line: number, column: number): string | null | undefined {
  const maps = cellMaps.get(file);
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
  return mapped ? frame.replace(cellPosition, mapped) : frame;
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

/** Keeps the user's frames (cells and their packages) and drops the kernel's and Node's own. */
function userFrames(stack: string): string[] {
  return stack
    .split("\n")
    .filter((line) => /^\s*at /.test(line))
    .filter((line) => !line.includes(kernelDir) && !/[( ]node:/.test(line));
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
