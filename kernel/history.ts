// The execution history of this kernel session, answering history_request (tail, range, search).
export type HistoryEntry = [session: number, line: number, input: string | [string, string | null]];

interface Record_ {
  line: number;
  input: string;
  output: string | null;
}

export interface HistoryQuery {
  hist_access_type?: string;
  output?: boolean;
  n?: number;
  start?: number;
  stop?: number;
  pattern?: string;
  unique?: boolean;
}

/** Glob as in IPython's history search: `*` any text, `?` one character. */
function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
}

export class History {
  private readonly records: Record_[] = [];
  /** Sessions are numbered as in IPython; this kernel keeps one, in memory. */
  readonly session = 1;

  add(line: number, input: string): void {
    this.records.push({ line, input, output: null });
  }

  setOutput(line: number, output: string): void {
    const record = this.records.findLast((r) => r.line === line);
    if (record) record.output = output;
  }

  query(q: HistoryQuery): HistoryEntry[] {
    return this.select(q).map((r) => [this.session, r.line, q.output ? [r.input, r.output] : r.input]);
  }

  private select(q: HistoryQuery): Record_[] {
    const n = q.n ?? this.records.length;
    switch (q.hist_access_type) {
      case "tail":
        return n > 0 ? this.records.slice(-n) : [];
      case "range":
        return this.records.filter(
          (r) => r.line >= (q.start ?? 0) && (q.stop === undefined || r.line < q.stop),
        );
      case "search": {
        const re = globToRegExp(q.pattern ?? "*");
        let found = this.records.filter((r) => re.test(r.input));
        if (q.unique) found = found.filter((r, i) => found.findLastIndex((s) => s.input === r.input) === i);
        return q.n === undefined ? found : found.slice(-q.n);
      }
      default:
        return [];
    }
  }
}
