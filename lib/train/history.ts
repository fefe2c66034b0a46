// History: what fit() returns — one row of logs per epoch (loss, metrics, their validation twins,
// lr, time). Prints as a table; in a notebook gradlab/widgets adds the loss and metric curves above it.
import { formatDuration } from "../format";

/** One epoch's numbers, e.g. { epoch: 1, loss: 0.41, accuracy: 0.88, valLoss: 0.39, valAccuracy: 0.9, lr: 0.001 } */
export type EpochLogs = Record<string, number>;

/** The log name of a quantity measured on the validation data: "accuracy" → "valAccuracy". */
export const valName = (name: string): string => `val${name[0].toUpperCase()}${name.slice(1)}`;

/** One logged value as the table, the progress lines and the dashboard show it: the epoch as an integer,
 * the time as a duration, the learning rate to 3 significant digits, losses and metrics to 4 decimals. */
export function formatLog(name: string, value: number | undefined): string {
  if (value === undefined) return "";
  if (name === "epoch") return String(value);
  if (name === "time") return formatDuration(value);
  if (name === "lr") return String(Number(value.toPrecision(3)));
  return value.toFixed(4);
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * What {@link fit} returns: one row of logs per epoch. Prints as a table; in a notebook it also shows the
 * loss and metric curves.
 * @example
 * const history = await fit(model, trainSet, { optimizer, loss: "crossEntropy", epochs: 5 });
 * history.get("loss"); // [0.61, 0.32, 0.25, 0.21, 0.19]
 * history.last?.loss;  // 0.19
 */
export class History {
  /** the logs of each completed epoch, in order */
  readonly epochs: EpochLogs[] = [];
  /** why training ended early, if it did: "early stopping", "interrupted" */
  stopReason?: string;

  /** Adds one epoch's logs (fit() calls it at the end of each epoch). */
  push(logs: EpochLogs): void {
    this.epochs.push(logs);
  }

  /** The logged names, in first-seen order. */
  get keys(): string[] {
    return [...new Set(this.epochs.flatMap((e) => Object.keys(e)))];
  }

  /** One quantity over the epochs: history.get("valAccuracy"). */
  get(name: string): number[] {
    return this.epochs.map((e) => e[name]);
  }

  /** The last epoch's logs. */
  get last(): EpochLogs | undefined {
    return this.epochs.at(-1);
  }

  /** The epochs as a text table, one row per epoch, with the stop reason if training stopped early. */
  toString(): string {
    const keys = this.keys;
    const rows = [keys, ...this.epochs.map((e) => keys.map((k) => formatLog(k, e[k])))];
    const widths = keys.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const lines = rows.map((r) => r.map((c, i) => c.padStart(widths[i])).join("  "));
    const note = this.stopReason ? `\n(stopped: ${this.stopReason})` : "";
    return `History(${this.epochs.length} epochs)\n${lines.join("\n")}${note}`;
  }

  /** The epochs as an HTML table (the notebook view draws the curves above it). */
  toHTML(): string {
    const keys = this.keys;
    const style = "padding:2px 6px;text-align:right;font:12px monospace";
    const head = `<tr>${keys.map((k) => `<th style="${style}">${escape(k)}</th>`).join("")}</tr>`;
    const body = this.epochs
      .map((e) => `<tr>${keys.map((k) => `<td style="${style}">${formatLog(k, e[k])}</td>`).join("")}</tr>`)
      .join("");
    const note = this.stopReason
      ? `<div style="font:12px monospace">stopped: ${escape(this.stopReason)}</div>`
      : "";
    return `<table style="border-collapse:collapse">${head}${body}</table>${note}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML() };
  }
}
