// dashboard(): the live training view, a fit() callback. One output, redrawn in place as training runs:
// loss and metrics per batch (faint) with their smoothed curve, validation per epoch, the learning rate,
// each layer's gradient norm (vanishing or exploding at a glance), and progress with the time left.
//   await fit(model, train, { ..., callbacks: [dashboard()] })   // in a notebook fit() adds one by itself
import { formatDuration } from "../../lib/format";
import { type Callback, type TrainContext, progress } from "../../lib/train/callbacks";
import { formatLog, valName } from "../../lib/train/history";
import type { Panel, Trace } from "../chart/figure";
import { palette } from "../chart/figure";
import { ChartView } from "../chart/view";
import { metricNames } from "../history";
import { Series } from "./series";
import { gradientNorms } from "../distributions";

/** Options of {@link dashboard}. */
export interface DashboardOptions {
  /** the most redraws per second (default 2); the final state is always drawn */
  updatesPerSecond?: number;
  /** points each per-batch curve keeps for the output: between this and twice this (default 250) */
  points?: number;
  /** weight of the past in the smoothed curves, 0 to <1 (default 0.9) */
  smoothing?: number;
  /** draw each parameter's gradient norm (default true) */
  gradNorms?: boolean;
  /** a title shown before the progress line, e.g. the experiment's name */
  title?: string;
}

/** What the kernel's `display()` returns: a handle whose update() redraws the same output. */
interface DisplayHandle {
  update(value: unknown): void;
}
type DisplayFunction = (value: unknown) => DisplayHandle;

/** What {@link dashboard} returns: a fit() callback that also holds its view. */
export interface Dashboard extends Callback {
  /** the view, as it stands: show it again with `display(d.view)` */
  readonly view: ChartView;
  /** how many times the output was drawn (the first display and its updates) */
  readonly draws: number;
}

/**
 * The live training view, a fit() callback: one output redrawn in place as training runs — loss and
 * metrics per batch (faint) with their smoothed curve, validation per epoch, the learning rate, each
 * parameter's gradient norm, and progress with the time left. In a notebook fit() adds one by itself;
 * pass your own to set options. Outside a notebook it prints progress lines instead.
 * @example
 * const d = dashboard({ title: "MLP on MNIST", smoothing: 0.95 });
 * await fit(model, train, { optimizer, loss: "crossEntropy", epochs: 5, callbacks: [d] });
 * display(d.view); // the final state again, in another cell
 */
export function dashboard(options: DashboardOptions = {}): Dashboard {
  const { updatesPerSecond = 2, points = 250, smoothing = 0.9, gradNorms = true } = options;
  let batchSeries = new Map<string, Series>();
  const norms = gradientNorms({ points });
  let ctx: TrainContext | undefined;
  let step = 0;
  let finished = false;
  let handle: DisplayHandle | undefined;
  let lastDraw = 0;
  let draws = 0;
  // without a notebook (plain Node) the dashboard prints progress lines instead
  const lines = progress();

  const series = (map: Map<string, Series>, name: string, smooth: number) => {
    let s = map.get(name);
    if (!s) map.set(name, (s = new Series(points, smooth)));
    return s;
  };

  const status = () => {
    if (!ctx) return "training dashboard: waiting for fit()";
    const { epoch, epochs, batch, batches, elapsed, eta } = ctx;
    if (finished)
      return `finished ${ctx.history.epochs.length} epochs in ${formatDuration(elapsed)}${ctx.history.stopReason ? ` (${ctx.history.stopReason})` : ""}`;
    const done = Math.max(0, ((epoch - 1) * batches + batch) / (epochs * batches)); // epoch 0: not begun
    return `epoch ${epoch}/${epochs} · batch ${batch}/${batches} · ${(100 * done).toFixed(0)}% · ${formatDuration(elapsed)} · ETA ${formatDuration(eta)}`;
  };

  const text = () => {
    const last = ctx?.history.last;
    const logs = last
      ? Object.entries(last)
          .filter(([k]) => k !== "epoch" && k !== "time")
          .map(([k, v]) => `${k} ${formatLog(k, v)}`)
          .join(" · ")
      : "";
    return logs ? `${status()}\n${logs}` : status();
  };

  const figure = () => ({
    title: options.title ? `${options.title} — ${status()}` : status(),
    columns: 2,
    panelHeight: 210,
    panels: panels(),
  });

  const panels = (): Panel[] => {
    const history = ctx?.history;
    const epochX = history?.epochs.map((e) => e.epoch) ?? [];
    const names = ["loss", ...metricNames([...batchSeries.keys()])];
    const out = names.map((name): Panel => {
      const s = batchSeries.get(name);
      const traces: Trace[] = s
        ? [
            { type: "line", x: s.x, y: s.raw, color: palette[0], opacity: 0.25, width: 1 },
            { type: "line", x: s.x, y: s.smooth, color: palette[0], name: "train" },
          ]
        : [];
      const val = history?.get(valName(name)) ?? [];
      if (val.some((v) => v !== undefined))
        traces.push({
          type: "line",
          x: epochX,
          y: val.map((v) => v ?? NaN),
          color: palette[1],
          name: "validation",
        });
      return { title: name, xLabel: "epoch", traces };
    });
    const lr = batchSeries.get("lr");
    if (lr)
      out.push({
        title: "learning rate",
        xLabel: "epoch",
        traces: [{ type: "line", x: lr.x, y: lr.raw, color: palette[2] }],
      });
    const normsPanel = norms.panel();
    if (normsPanel) out.push(normsPanel);
    return out;
  };

  const view = new ChartView(figure, text);

  // Drawing (two charts' SVG and plotly JSON, sent to the front end) costs milliseconds (~8 ms after 600
  // batches with every point kept): besides the rate limit, wait 30× the last draw's cost between draws,
  // so drawing never takes over ~3% of training however fast a step is, and a dashboard drawn in 15 ms
  // still redraws twice a second (100× measured ~0.7 points less, but redrew a 3 s training only twice).
  let drawCost = 0;
  const draw = (force: boolean) => {
    const now = performance.now();
    if (!force && now - lastDraw < Math.max(1000 / updatesPerSecond, 30 * drawCost)) return;
    const display = (globalThis as { display?: DisplayFunction }).display;
    if (typeof display !== "function") return;
    draws++;
    if (handle) handle.update(view);
    else handle = display(view);
    lastDraw = performance.now();
    // a first draw's cost is one-off work (plotly.js's trip to the page, compiling the chart code): spacing
    // later draws by it would leave a short training with no redraws between its first and final state
    if (draws > 1) drawCost = lastDraw - now;
  };

  const notebook = () => typeof (globalThis as { display?: unknown }).display === "function";

  return {
    showsProgress: true,
    view,
    get draws() {
      return draws;
    },
    onTrainBegin(c) {
      [ctx, step, finished, handle, lastDraw] = [c, 0, false, undefined, 0];
      batchSeries = new Map();
      norms.onTrainBegin?.(c);
      draw(true);
    },
    onBatchEnd(c) {
      ctx = c;
      // x in epochs: batch 5 of 10 in epoch 2 sits at 1.5, so validation (at 1, 2, …) lines up
      const x = c.epoch - 1 + c.batch / c.batches;
      for (const [name, value] of Object.entries(c.logs))
        series(batchSeries, name, smoothing).push(step, x, value);
      series(batchSeries, "lr", 0).push(step, x, c.lr);
      if (gradNorms) norms.onBatchEnd?.(c);
      step++;
      if (notebook()) draw(false);
      else lines.onBatchEnd?.(c);
    },
    onEpochEnd(c) {
      ctx = c;
      if (notebook()) draw(false);
      else lines.onEpochEnd?.(c);
    },
    onTrainEnd(c) {
      [ctx, finished] = [c, true];
      draw(true);
    },
  };
}
