// Metrics: how good the predictions are, in words people use — the share of samples classified
// right, right within the top k, and which classes get confused with which.
import type { Tensor } from "../tensor";
import { ShapeError, formatShape } from "../shape";

/** Each sample's predicted class: the argmax of its scores [N, C]; for one score per sample, score > threshold. */
export function predictedClasses(pred: Tensor): Int32Array {
  if (pred.ndim === 1 || (pred.ndim === 2 && pred.shape[1] === 1)) {
    // one score per sample: probabilities (all in [0, 1]) are cut at 0.5, logits at 0
    const probabilities = pred.data.every((v) => v >= 0 && v <= 1);
    const threshold = probabilities ? 0.5 : 0;
    return Int32Array.from(pred.data, (v) => (v > threshold ? 1 : 0));
  }
  if (pred.ndim !== 2)
    throw new ShapeError(`metrics: predictions should be [N, C] scores, got ${formatShape(pred.shape)}`);
  const [n, c] = pred.shape;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (pred.data[i * c + k] > pred.data[i * c + best]) best = k;
    out[i] = best;
  }
  return out;
}

function checkTargets(pred: Tensor, target: Tensor): void {
  if (target.size !== pred.shape[0])
    throw new ShapeError(
      `metrics: ${formatShape(pred.shape)} predictions need one target per sample, got ${formatShape(target.shape)}`,
    );
}

/** The fraction of samples whose predicted class is the target. */
export function accuracy(pred: Tensor, target: Tensor): number {
  checkTargets(pred, target);
  const predicted = predictedClasses(pred);
  let right = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === target.data[i]) right++;
  return right / predicted.length;
}

/** The fraction of samples whose target is among the k highest scores. */
export function topKAccuracy(pred: Tensor, target: Tensor, k = 5): number {
  checkTargets(pred, target);
  const [n, c] = pred.shape;
  let right = 0;
  for (let i = 0; i < n; i++) {
    const score = pred.data[i * c + target.data[i]];
    let higher = 0; // classes scoring strictly above the target's
    for (let j = 0; j < c; j++) if (pred.data[i * c + j] > score) higher++;
    if (higher < k) right++;
  }
  return right / n;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Counts of (true class, predicted class): rows are the truth, columns the predictions. */
export class ConfusionMatrix {
  constructor(
    /** counts[i][j]: the samples of true class i predicted as class j */
    readonly counts: number[][],
    /** the class names, for rows and columns (default "0", "1", …) */
    readonly labels: string[] = counts.map((_, i) => String(i)),
  ) {}

  /** The number of samples counted. */
  get total(): number {
    return this.counts.flat().reduce((a, b) => a + b, 0);
  }

  /** The share of samples on the diagonal: predicted as their true class. */
  accuracy(): number {
    return this.counts.reduce((s, row, i) => s + row[i], 0) / this.total;
  }

  /** Of the samples of class i, the share predicted as i. */
  recall(i: number): number {
    return (
      this.counts[i][i] /
      Math.max(
        1,
        this.counts[i].reduce((a, b) => a + b, 0),
      )
    );
  }

  /** Of the samples predicted as i, the share that were i. */
  precision(i: number): number {
    return (
      this.counts[i][i] /
      Math.max(
        1,
        this.counts.reduce((s, row) => s + row[i], 0),
      )
    );
  }

  /** The matrix as a text table (truth down, predictions across) with the accuracy below. */
  toString(): string {
    const width = Math.max(
      4,
      ...this.labels.map((l) => l.length),
      ...this.counts.flat().map((c) => String(c).length),
    );
    const cell = (s: string) => s.padStart(width);
    const header = `${cell("true↓")} │ ${this.labels.map(cell).join(" ")}   (predicted →)`;
    const rows = this.counts.map(
      (row, i) => `${cell(this.labels[i])} │ ${row.map((c) => cell(String(c))).join(" ")}`,
    );
    return [
      header,
      "─".repeat(header.length),
      ...rows,
      `accuracy ${(100 * this.accuracy()).toFixed(2)}%`,
    ].join("\n");
  }

  /** A table shaded by each cell's share of its row: the diagonal dark, mistakes pale. */
  toHTML(): string {
    const style = "padding:2px 6px;text-align:right;font:12px monospace";
    const head = `<tr><th style="${style}">true \\ pred</th>${this.labels.map((l) => `<th style="${style}">${escape(l)}</th>`).join("")}<th style="${style}">recall</th></tr>`;
    const rows = this.counts.map((row, i) => {
      const sum = Math.max(
        1,
        row.reduce((a, b) => a + b, 0),
      );
      const cells = row.map((c, j) => {
        const alpha = (c / sum).toFixed(2);
        const color = i === j ? `rgba(33,113,181,${alpha})` : `rgba(203,24,29,${alpha})`;
        return `<td style="${style};background:${color}">${c}</td>`;
      });
      return `<tr><th style="${style}">${escape(this.labels[i])}</th>${cells.join("")}<td style="${style}">${(100 * this.recall(i)).toFixed(1)}%</td></tr>`;
    });
    return `<table style="border-collapse:collapse">${head}${rows.join("")}</table><div style="font:12px monospace">accuracy ${(100 * this.accuracy()).toFixed(2)}% of ${this.total}</div>`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML() };
  }
}

/** The confusion matrix of predictions [N, C] (or predicted classes [N] int32) against targets [N]. */
export function confusionMatrix(
  pred: Tensor,
  target: Tensor,
  options: { numClasses?: number; labels?: string[] } = {},
): ConfusionMatrix {
  const predicted =
    pred.dtype === "int32" && pred.ndim === 1 ? Int32Array.from(pred.data) : predictedClasses(pred);
  const c =
    options.numClasses ??
    options.labels?.length ??
    Math.max(pred.ndim === 2 ? pred.shape[1] : 2, ...Array.from(target.data, (t) => t + 1));
  const counts = Array.from({ length: c }, () => new Array<number>(c).fill(0));
  for (let i = 0; i < predicted.length; i++) counts[target.data[i]][predicted[i]]++;
  return new ConfusionMatrix(counts, options.labels);
}

/** A metric fit() tracks: a name for the logs and a function of (predictions, targets). */
export interface Metric {
  /** the name in the logs and the history, e.g. "f1" (and "valF1" on validation data) */
  name: string;
  /** the metric of one batch (predictions, targets): fit() logs its mean over the samples of an epoch */
  fn: (pred: Tensor, target: Tensor) => number;
}

/** "accuracy", "top5" (any k) or a Metric of your own. */
export type MetricSpec = "accuracy" | `top${number}` | Metric;

export function resolveMetric(spec: MetricSpec): Metric {
  if (typeof spec !== "string") return spec;
  if (spec === "accuracy") return { name: "accuracy", fn: accuracy };
  const k = Number(spec.slice(3));
  if (spec.startsWith("top") && Number.isInteger(k) && k > 0)
    return { name: spec, fn: (p, t) => topKAccuracy(p, t, k) };
  throw new Error(`unknown metric "${spec}": use "accuracy", "top5" (any k), or { name, fn }`);
}
