// History: what fit() returns — one row of logs per epoch (loss, metrics, their validation twins,
// lr, time). Prints as a table; in a notebook it also draws the loss and accuracy curves.

/** One epoch's numbers, e.g. { epoch: 1, loss: 0.41, accuracy: 0.88, valLoss: 0.39, valAccuracy: 0.9, lr: 0.001 } */
export type EpochLogs = Record<string, number>;

/** The log name of a quantity measured on the validation data: "accuracy" → "valAccuracy". */
export const valName = (name: string): string => `val${name[0].toUpperCase()}${name.slice(1)}`;

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export class History {
  readonly epochs: EpochLogs[] = [];
  /** why training ended early, if it did: "early stopping", "interrupted" */
  stopReason?: string;

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

  toString(): string {
    const keys = this.keys;
    const fmt = (k: string, v: number | undefined) =>
      v === undefined ? "" : k === "epoch" ? String(v) : k === "time" ? `${v.toFixed(1)}s` : v.toPrecision(4);
    const rows = [keys, ...this.epochs.map((e) => keys.map((k) => fmt(k, e[k])))];
    const widths = keys.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    const lines = rows.map((r) => r.map((c, i) => c.padStart(widths[i])).join("  "));
    const note = this.stopReason ? `\n(stopped: ${this.stopReason})` : "";
    return `History(${this.epochs.length} epochs)\n${lines.join("\n")}${note}`;
  }

  /** A small SVG line chart of `names` over the epochs (train solid, validation dashed). */
  chart(names: string[], title: string): string {
    const series = names
      .map((n) => ({ name: n, values: this.get(n) }))
      .filter((s) => s.values.some((v) => v !== undefined));
    const all = series.flatMap((s) => s.values).filter(Number.isFinite);
    if (!all.length || this.epochs.length < 1) return "";
    const [w, h, pad] = [280, 160, 30];
    const [lo, hi] = [Math.min(...all), Math.max(...all)];
    const span = hi - lo || 1;
    const x = (i: number) => pad + ((w - 2 * pad) * i) / Math.max(1, this.epochs.length - 1);
    const y = (v: number) => h - pad - ((h - 2 * pad) * (v - lo)) / span;
    const colors = ["#1f77b4", "#ff7f0e"];
    const lines = series.map((s, k) => {
      const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      const dash = s.name.startsWith("val") ? ' stroke-dasharray="4 3"' : "";
      const label = `<text x="${w - pad}" y="${14 + 12 * k}" font-size="10" text-anchor="end" fill="${colors[k % 2]}">${escape(s.name)}</text>`;
      return `<polyline fill="none" stroke="${colors[k % 2]}" stroke-width="2"${dash} points="${points}"/>${label}`;
    });
    const axes =
      `<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#999"/>` +
      `<text x="${pad}" y="${h - 8}" font-size="10">epoch 1</text><text x="${w - pad}" y="${h - 8}" font-size="10" text-anchor="end">${this.epochs.length}</text>` +
      `<text x="2" y="${y(hi) + 4}" font-size="10">${hi.toPrecision(3)}</text><text x="2" y="${y(lo) + 4}" font-size="10">${lo.toPrecision(3)}</text>`;
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><text x="${pad}" y="14" font-size="12">${escape(title)}</text>${axes}${lines.join("")}</svg>`;
  }

  toHTML(): string {
    const keys = this.keys;
    const metrics = keys.filter(
      (k) => !["epoch", "loss", "valLoss", "lr", "time"].includes(k) && !k.startsWith("val"),
    );
    const charts = [
      this.chart(["loss", "valLoss"], "loss"),
      ...metrics.map((m) => this.chart([m, valName(m)], m)),
    ];
    const style = "padding:2px 6px;text-align:right;font:12px monospace";
    const head = `<tr>${keys.map((k) => `<th style="${style}">${escape(k)}</th>`).join("")}</tr>`;
    const body = this.epochs
      .map(
        (e) =>
          `<tr>${keys.map((k) => `<td style="${style}">${e[k] === undefined ? "" : k === "epoch" ? e[k] : e[k].toPrecision(4)}</td>`).join("")}</tr>`,
      )
      .join("");
    const note = this.stopReason
      ? `<div style="font:12px monospace">stopped: ${escape(this.stopReason)}</div>`
      : "";
    return `<div>${charts.join("")}</div><table style="border-collapse:collapse">${head}${body}</table>${note}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": this.toHTML() };
  }
}
