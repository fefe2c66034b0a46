// Source maps (version 3) read without Node: the decoder both kernels use to turn a cell's script
// positions back into its TypeScript lines. The same lookup as node:module's SourceMap.findEntry: the
// mapping with the greatest generated position at or before the one asked for, all positions 0-based.
import type { SourceMapPayload } from "./converter";

/** One mapping, as node:module's findEntry returns it; `{}` where nothing maps. */
export type SourceMapEntry =
  | Record<string, never>
  | {
      generatedLine: number;
      generatedColumn: number;
      originalSource: string;
      originalLine: number;
      originalColumn: number;
    };

const base64 = new Map(
  [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c, i]),
);

/** The Base64 VLQ numbers of one segment ("AAgBC" → [0, 0, 16, 1]). */
export function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = base64.get(char);
    if (digit === undefined) throw new Error(`not a Base64 VLQ digit: "${char}" in "${segment}"`);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) shift += 5;
    else {
      values.push(value & 1 ? -Math.floor(value / 2) : Math.floor(value / 2));
      value = 0;
      shift = 0;
    }
  }
  return values;
}

export class SourceMap {
  /** generated line, generated column, source index, original line, original column: five per mapping */
  private readonly table: number[] = [];
  private readonly sources: string[];

  constructor(payload: Pick<SourceMapPayload, "mappings" | "sources">) {
    this.sources = payload.sources ?? [];
    let source = 0;
    let line = 0;
    let column = 0;
    payload.mappings.split(";").forEach((group, generatedLine) => {
      let generatedColumn = 0;
      for (const segment of group.split(",")) {
        if (!segment) continue;
        const v = decodeVlq(segment);
        generatedColumn += v[0];
        if (v.length < 4) continue; // a position that maps to no source
        source += v[1];
        line += v[2];
        column += v[3];
        this.table.push(generatedLine, generatedColumn, source, line, column);
      }
    });
  }

  /** The mapping at or before (line, column) of the generated code, 0-based; `{}` before the first. */
  findEntry(line: number, column: number): SourceMapEntry {
    const t = this.table;
    let lo = 0;
    let hi = t.length / 5 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const at = mid * 5;
      if (t[at] < line || (t[at] === line && t[at + 1] <= column)) {
        found = at;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (found < 0) return {};
    return {
      generatedLine: t[found],
      generatedColumn: t[found + 1],
      originalSource: this.sources[t[found + 2]] ?? "",
      originalLine: t[found + 3],
      originalColumn: t[found + 4],
    };
  }
}
