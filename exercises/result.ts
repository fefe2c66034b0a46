// What one check found: a line per part (what is right, what is wrong, with a hint), the points earned,
// and a machine-readable record that `gradlab grade` reads back from the executed notebook.

export type Status = "right" | "wrong" | "not done" | "error";

/** The MIME type of the record in a check's display output. */
export const exerciseMime = "application/vnd.gradlab.exercise+json";

/** What `gradlab grade` reads: no values, no hints, only the verdict. */
export interface ExerciseRecord {
  id: string;
  points: number;
  earned: number;
  status: Status;
}

/** One assertion of a check: "the shape is [6]", and on failure why and a hint. */
export interface Part {
  ok: boolean;
  /** the line shown: what was checked and, when wrong, what is wrong (never the expected values) */
  line: string;
  hint?: string;
}

const marks: Record<Status, string> = { right: "✓", wrong: "✗", "not done": "○", error: "⚠" };
const colors: Record<Status, string> = { right: "#080", wrong: "#c00", "not done": "#888", error: "#c60" };

const points = (n: number) => String(Math.round(n * 100) / 100);
const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export class ExerciseResult {
  constructor(
    readonly id: string,
    readonly points: number,
    readonly status: Status,
    readonly parts: readonly Part[],
    /** for "error": the error line; for "not done": what to do */
    readonly note?: string,
    /** partial credit: the share of parts passed, instead of all or nothing */
    readonly partial = false,
  ) {}

  get earned(): number {
    if (this.status === "right") return this.points;
    if (this.status !== "wrong" || !this.partial || this.parts.length === 0) return 0;
    const passed = this.parts.filter((p) => p.ok).length;
    return Math.round((this.points * passed * 100) / this.parts.length) / 100;
  }

  get record(): ExerciseRecord {
    return { id: this.id, points: this.points, earned: this.earned, status: this.status };
  }

  /** "✓ sigmoid backward — 2/2 points" */
  get headline(): string {
    const score = `${points(this.earned)}/${points(this.points)} point${this.points === 1 ? "" : "s"}`;
    const words = {
      right: score,
      wrong: score,
      "not done": `not done yet (${score})`,
      error: `your code threw (${score})`,
    };
    return `${marks[this.status]} ${this.id} — ${words[this.status]}`;
  }

  toString(): string {
    const lines = [this.headline];
    if (this.note) lines.push(`  ${this.note}`);
    for (const part of this.parts) {
      lines.push(`  ${part.ok ? "✓" : "✗"} ${part.line}`);
      if (!part.ok && part.hint) lines.push(`    hint: ${part.hint}`);
    }
    return lines.join("\n");
  }

  toHTML(): string {
    const item = (text: string, style = "") => `<li style="${style}">${escape(text)}</li>`;
    const items = [
      ...(this.note ? [item(this.note)] : []),
      ...this.parts.flatMap((p) => [
        item(`${p.ok ? "✓" : "✗"} ${p.line}`, p.ok ? "" : `color:${colors.wrong}`),
        ...(!p.ok && p.hint
          ? [item(`hint: ${p.hint}`, "margin-left:1.2em;font-style:italic;color:#555")]
          : []),
      ]),
    ];
    return (
      `<div class="gradlab-exercise" style="border-left:4px solid ${colors[this.status]};` +
      `padding:4px 10px;margin:4px 0;font:13px/1.5 sans-serif">` +
      `<div style="font-weight:bold;color:${colors[this.status]}">${escape(this.headline)}</div>` +
      `<ul style="list-style:none;margin:0;padding-left:0.6em">${items.join("")}</ul></div>`
    );
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** The notebook's view: the box, its text, and the record for `gradlab grade`. */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return { "text/plain": this.toString(), "text/html": this.toHTML(), [exerciseMime]: this.record };
  }
}
