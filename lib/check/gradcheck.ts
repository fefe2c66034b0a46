// gradcheck: is a backward function right? Compares the gradient autograd computes (analytical) with
// the slope measured by nudging each input element up and down (numerical, central differences), in
// float64 so that rounding does not hide or fake a difference. Works on any function of tensors,
// including one a student wrote with their own `record`ed backward.
import { backward, enableGrad } from "../autograd";
import { isFloat } from "../dtype";
import { Tensor } from "../tensor";
import { to } from "../ops/cast";
import { mul } from "../ops/arithmetic";
import { sum } from "../ops/reduce";

/** Options of gradcheck(): the finite-difference step and the tolerances. */
export interface GradcheckOptions {
  /** the nudge: f′(x) ≈ (f(x + eps) − f(x − eps)) / 2eps */
  eps?: number;
  /** absolute tolerance on |analytical − numerical| */
  atol?: number;
  /** relative tolerance, times |numerical| */
  rtol?: number;
}

/** One input element: the two gradients side by side. */
export interface GradcheckRow {
  /** which input (its position in the inputs array) */
  input: number;
  /** the element's position in that input */
  index: number[];
  /** the gradient backward() computed */
  analytical: number;
  /** the central difference (f(x + eps) − f(x − eps)) / 2eps */
  numerical: number;
  /** |analytical − numerical| */
  error: number;
  /** whether the two agree: |analytical − numerical| ≤ atol + rtol·|numerical| */
  ok: boolean;
}

/**
 * Checks ∂f/∂input for every element of every input, against central differences.
 *
 * Inputs are copied to float64 leaves. If any input requires grad, only those are checked (the others
 * are constants); otherwise every float input is. A non-scalar output is reduced to sum(out · w) with
 * fixed, uneven weights w — backward computes exactly that vector–Jacobian product, and unequal
 * weights keep a mistake in one output element from cancelling against another.
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor | Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  const given = Array.isArray(inputs) ? inputs : [inputs];
  const checked = given.map((t) => (given.some((u) => u.requiresGrad) ? t.requiresGrad : isFloat(t.dtype)));
  const leaves = given.map((t, i) =>
    checked[i] ? new Tensor(to(t.detach(), "float64").data.slice(), t.shape, { requiresGrad: true }) : t,
  );

  // the analytical gradient: one backward pass
  const out = enableGrad(() => fn(...leaves));
  const weights = unevenWeights(out);
  if (out.requiresGrad) enableGrad(() => backward(sum(mul(out, weights))));
  // recording stays on: fn may itself take gradients (gradcheck of a gradient, with createGraph)
  const loss = () => enableGrad(() => sum(mul(fn(...leaves), weights)).item());

  // the numerical gradient: two forward passes per element
  const table: GradcheckRow[] = [];
  leaves.forEach((leaf, input) => {
    if (!checked[input]) return;
    for (let i = 0; i < leaf.size; i++) {
      const analytical = leaf.grad ? leaf.grad.data[i] : 0;
      const numerical = slope(leaf.data, i, eps, loss);
      const error = Math.abs(analytical - numerical);
      const ok = error <= atol + rtol * Math.abs(numerical);
      table.push({ input, index: unravel(i, leaf.shape), analytical, numerical, error, ok });
    }
  });
  return new GradcheckResult(table, { eps, atol, rtol });
}

/** (f(x + eps) − f(x − eps)) / 2eps, nudging element i of `data` in place and restoring it. */
function slope(data: Tensor["data"], i: number, eps: number, f: () => number): number {
  const x = data[i];
  data[i] = x + eps;
  const up = f();
  data[i] = x - eps;
  const down = f();
  data[i] = x;
  return (up - down) / (2 * eps);
}

/** Fixed weights 1, 1.25, 1.5, … (cycling): deterministic, and no two neighbours the same. */
function unevenWeights(out: Tensor): Tensor {
  const w = new Float64Array(out.size).map((_, j) => 1 + (j % 7) / 4);
  return new Tensor(w, out.shape);
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

/** The table's column headings; the last column is the verdict. */
const headings = ["input", "index", "analytical", "numerical", "error", ""];

/** One row of the table as text cells: input, index, analytical, numerical, error, verdict. */
const cellsOf = (r: GradcheckRow): string[] => [
  String(r.input),
  `[${r.index.join(",")}]`,
  r.analytical.toPrecision(6),
  r.numerical.toPrecision(6),
  r.error.toExponential(2),
  r.ok ? "ok" : "✗",
];

/** What gradcheck found: `ok`, the largest error, and a row per input element. */
export class GradcheckResult {
  /** true when every element's gradient agrees */
  readonly ok: boolean;
  /** the largest |analytical − numerical| over all elements */
  readonly maxError: number;

  constructor(
    /** one row per element of every input */
    readonly table: GradcheckRow[],
    /** the step and tolerances used */
    readonly options: Required<GradcheckOptions>,
  ) {
    this.ok = table.every((r) => r.ok);
    this.maxError = table.reduce((m, r) => Math.max(m, r.error), 0);
  }

  /** The rows where analytical and numerical gradients disagree. */
  get failures(): GradcheckRow[] {
    return this.table.filter((r) => !r.ok);
  }

  /** Failing rows first, then the rest, at most `limit` of them. */
  private shownRows(limit = 20): GradcheckRow[] {
    return [...this.failures, ...this.table.filter((r) => r.ok)].slice(0, limit);
  }

  private summary(): string {
    const { eps, atol, rtol } = this.options;
    const verdict = this.ok
      ? `passed: all ${this.table.length} elements agree`
      : `FAILED: ${this.failures.length} of ${this.table.length} elements differ`;
    return `gradcheck ${verdict} (max error ${this.maxError.toExponential(2)}; eps ${eps}, atol ${atol}, rtol ${rtol})`;
  }

  /** A table of every element: analytical, numerical, error, ✓ or ✗. */
  toString(): string {
    const rows = this.shownRows().map(cellsOf);
    const widths = headings.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (cells: string[]) =>
      cells
        .map((s, c) => s.padEnd(widths[c]))
        .join("  ")
        .trimEnd();
    const more = this.table.length - rows.length;
    return [
      this.summary(),
      line(headings),
      ...rows.map(line),
      ...(more > 0 ? [`… ${more} more rows`] : []),
    ].join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** The notebook view: the verdict and a table with the failing rows highlighted. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    const cell = (s: string) =>
      `<td style="padding:2px 8px;text-align:right;font-family:monospace">${s}</td>`;
    const rows = this.shownRows()
      .map(
        (r) =>
          `<tr style="background:${r.ok ? "transparent" : "#fdd"}">` +
          cellsOf(r).map(cell).join("") +
          "</tr>",
      )
      .join("");
    const head = headings.map((h) => `<th>${h}</th>`).join("");
    const color = this.ok ? "#060" : "#b00";
    return {
      "text/plain": this.toString(),
      "text/html":
        `<div style="font:13px monospace;color:${color}">${this.summary()}</div>` +
        `<table style="border-collapse:collapse"><tr>${head}</tr>${rows}</table>`,
    };
  }
}
