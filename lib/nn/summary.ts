// model.summary(inputShape): runs one zero input through the model and records, for every layer that
// does the work (a module without children), the shape it outputs and how many parameters it owns.
import { noGrad } from "../autograd";
import { zeros } from "../creation";
import type { Tensor } from "../tensor";
import type { Module } from "./module";

/** One layer of a model summary. */
export interface SummaryRow {
  /** dotted path and class, e.g. "0 (Linear)" */
  layer: string;
  /** with the batch dim shown as N */
  outputShape: string;
  /** how many numbers the layer learns */
  params: number;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The table summary() returns: prints as text, and displays as an HTML table in a notebook. */
export class Summary {
  constructor(
    /** the model's class name */
    readonly model: string,
    /** one row per layer, in order */
    readonly rows: SummaryRow[],
    /** how many numbers the model holds in its parameters */
    readonly totalParams: number,
    /** how many of those require grad */
    readonly trainableParams: number,
  ) {}

  /** The summary as a text table. */
  toString(): string {
    const cells = [["Layer", "Output shape", "Params"], ...this.rows.map((r) => this.cells(r))];
    const widths = [0, 1, 2].map((i) => Math.max(...cells.map((c) => c[i].length)));
    const line = (c: string[]) =>
      `${c[0].padEnd(widths[0])}  ${c[1].padEnd(widths[1])}  ${c[2].padStart(widths[2])}`;
    const rule = "─".repeat(widths[0] + widths[1] + widths[2] + 4);
    return [
      this.model,
      rule,
      line(cells[0]),
      rule,
      ...cells.slice(1).map(line),
      rule,
      `Total params: ${this.totalParams.toLocaleString("en")}`,
      `Trainable params: ${this.trainableParams.toLocaleString("en")}`,
    ].join("\n");
  }

  private cells(r: SummaryRow): string[] {
    return [r.layer, r.outputShape, r.params.toLocaleString("en")];
  }

  /** The summary as an HTML table (what a notebook shows). */
  toHTML(): string {
    const td = (s: string, right = false) =>
      `<td style="text-align:${right ? "right" : "left"};font-family:monospace;padding:2px 8px">${escape(s)}</td>`;
    const body = this.rows
      .map((r) => `<tr>${td(r.layer)}${td(r.outputShape)}${td(r.params.toLocaleString("en"), true)}</tr>`)
      .join("");
    return (
      `<div style="font:13px monospace">${escape(this.model)}</div>` +
      `<table style="border-collapse:collapse"><thead><tr><th>Layer</th><th>Output shape</th><th>Params</th></tr></thead>` +
      `<tbody>${body}</tbody></table>` +
      `<div style="font:12px monospace">Total params: ${this.totalParams.toLocaleString("en")} · ` +
      `trainable: ${this.trainableParams.toLocaleString("en")}</div>`
    );
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML() };
  }
}

/** Wraps each leaf module's forward to note its output shape, runs one sample, then unwraps them. */
export function summary(model: Module, inputShape: readonly number[]): Summary {
  const rows: SummaryRow[] = [];
  const leaves = model.namedModules().filter(([, m]) => m.children().length === 0);
  const wasTraining = model.training;
  const originals = leaves.map(([, m]) => m.forward);
  for (const [path, m] of leaves) {
    const forward = m.forward;
    const own = m.parameterCount();
    m.forward = (...inputs: Tensor[]) => {
      const out = forward.apply(m, inputs);
      rows.push({
        layer: `${path || "(model)"} (${m.constructor.name})`,
        outputShape: `[N, ${out.shape.slice(1).join(", ")}]`,
        params: own,
      });
      return out;
    };
  }
  try {
    model.eval();
    noGrad(() => model.forward(zeros([1, ...inputShape])));
  } finally {
    leaves.forEach(([, m], i) => (m.forward = originals[i]));
    model.train(wasTraining);
  }
  return new Summary(model.constructor.name, rows, model.parameterCount(), model.parameterCount(true));
}
