// The notebook view of a History (what fit() returns): the loss and each metric over the epochs —
// training solid, validation dashed — and the learning rate when it changed, above History's own table.
import { type History, valName } from "../lib/train/history";
import { ChartView } from "./chart/view";
import type { Panel, Trace } from "./chart/figure";
import { palette } from "./chart/figure";

const notCurves = new Set(["epoch", "loss", "lr", "time"]);

/** The metrics logged for training (accuracy, top5, …): every key but the loss, lr, time and val twins. */
export const metricNames = (keys: string[]): string[] =>
  keys.filter((k) => !notCurves.has(k) && !k.startsWith("val"));

/** A panel of `name` and its validation twin against `x`. */
export function trainValPanel(
  name: string,
  x: number[],
  get: (key: string) => (number | undefined)[],
): Panel {
  const traces: Trace[] = [name, valName(name)]
    .map((key, k): Trace => ({
      type: "line",
      x,
      y: get(key).map((v) => v ?? NaN),
      name: k === 0 ? "train" : "validation",
      color: palette[k],
      dash: k === 1,
    }))
    .filter((t) => (t as { y: number[] }).y.some(Number.isFinite));
  return { title: name, xLabel: "epoch", traces };
}

/**
 * The curves of a History (what fit() returns): the loss and each metric over the epochs, training solid
 * and validation dashed, and the learning rate when it changed, above the table. A History displayed in
 * a notebook shows this by itself.
 * @example
 * const history = await fit(model, train, { optimizer, loss: "crossEntropy", epochs: 5 });
 * historyView(history);
 */
export function historyView(history: History): ChartView {
  const figure = () => {
    const x = history.epochs.map((e, i) => e.epoch ?? i + 1);
    const get = (key: string) => history.get(key);
    const panels = ["loss", ...metricNames(history.keys)].map((name) => trainValPanel(name, x, get));
    const lr = history.get("lr");
    if (lr.some((v) => v !== lr[0]))
      panels.push({
        title: "learning rate",
        xLabel: "epoch",
        traces: [{ type: "line", x, y: lr, color: palette[2] }],
      });
    return { panels };
  };
  return new ChartView(
    figure,
    () => history.toString(),
    () => history.toHTML(),
  );
}
