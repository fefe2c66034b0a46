// Distributions over training, as TensorBoard draws them: for each parameter (its weights and its
// gradient) and, given a sample batch, each layer's activations, the spread of values at every epoch as
// nested bands — min–max, then the middle 86%, 68% and 38% — around the median. A layer whose gradient
// bands shrink towards 0 is not learning; one whose activations pile up at 0 has dead units.
//   const h = histograms({ sample: xs }); await fit(model, train, { ..., callbacks: [h] }); h.view()
import { quantileSorted } from "d3-array";
import type { Callback, TrainContext } from "../lib/train/callbacks";
import type { Tensor } from "../lib/tensor";
import { activations, deadReluFractions } from "./activations";
import type { Panel, Trace } from "./chart/figure";
import { palette } from "./chart/figure";
import { ChartView } from "./chart/view";
import { Series } from "./dashboard/series";

/** TensorBoard's quantiles: the bands pair them from the outside in; the middle one is the median. */
const quantiles = [0, 0.0668, 0.1587, 0.3085, 0.5, 0.6915, 0.8413, 0.9332, 1];

/** Options of {@link histograms}. */
export interface HistogramsOptions {
  /** a batch of inputs: also record each layer's activations and the share of dead ReLUs on it */
  sample?: Tensor;
  /** record each parameter's weights (default true) */
  weights?: boolean;
  /** record each parameter's gradient, from the epoch's last batch (default true) */
  gradients?: boolean;
}

/** What {@link histograms} returns: a fit() callback that records, and a view of the records. */
export interface Histograms extends Callback {
  /** the chart of what was recorded so far */
  view(): ChartView;
}

function quantilesOf(t: Tensor): number[] {
  const sorted = Array.from(t.data).sort((a, b) => a - b);
  return quantiles.map((q) => quantileSorted(sorted, q) ?? NaN);
}

/**
 * Records distributions before training (epoch 0, weights and activations only) and after each epoch,
 * drawn as TensorBoard does: nested bands (min–max, middle 86%, 68%, 38%) around the median.
 * Gradient bands shrinking towards 0 mean a layer is not learning; activations piling up at 0, dead units.
 * @example
 * const [sample] = test.batch([...Array(256).keys()]); // 256 test inputs
 * const h = histograms({ sample });
 * await fit(model, train, { optimizer, loss: "crossEntropy", epochs: 10, callbacks: [h] });
 * h.view();
 */
export function histograms(options: HistogramsOptions = {}): Histograms {
  const { sample, weights = true, gradients = true } = options;
  // name → one row of quantiles per recorded epoch
  let records = new Map<string, { x: number[]; q: number[][] }>();
  let dead = new Map<string, { x: number[]; y: number[] }>();
  const record = (name: string, epoch: number, t: Tensor) => {
    const r = records.get(name) ?? { x: [], q: [] };
    records.set(name, r);
    r.x.push(epoch);
    r.q.push(quantilesOf(t));
  };
  const snapshot = (ctx: TrainContext, epoch: number) => {
    if (weights) for (const [name, p] of ctx.model.namedParameters()) record(`${name} (weights)`, epoch, p);
    if (gradients && epoch > 0)
      for (const [name, g] of ctx.gradients()) record(`${name} (gradient)`, epoch, g);
    if (!sample) return;
    for (const [name, out] of activations(ctx.model, sample)) record(`${name} output`, epoch, out);
    for (const [name, f] of deadReluFractions(ctx.model, sample)) {
      const d = dead.get(name) ?? { x: [], y: [] };
      dead.set(name, d);
      d.x.push(epoch);
      d.y.push(f);
    }
  };
  return {
    onTrainBegin(ctx) {
      [records, dead] = [new Map(), new Map()];
      snapshot(ctx, 0);
    },
    onEpochEnd(ctx) {
      snapshot(ctx, ctx.epoch);
    },
    view: () => distributionsView(records, dead),
  };
}

function bandPanel(name: string, { x, q }: { x: number[]; q: number[][] }, color: string): Panel {
  const at = (i: number) => q.map((row) => row[i]);
  const bands: Trace[] = [0, 1, 2, 3].map((i) => ({
    type: "band",
    x,
    lower: at(i),
    upper: at(quantiles.length - 1 - i),
    color,
    opacity: 0.15 + 0.12 * i,
  }));
  return {
    title: name,
    xLabel: "epoch",
    traces: [...bands, { type: "line", x, y: at(4), color }],
  };
}

function distributionsView(
  records: Map<string, { x: number[]; q: number[][] }>,
  dead: Map<string, { x: number[]; y: number[] }>,
): ChartView {
  const color = (name: string) =>
    name.includes("gradient") ? palette[3] : name.includes("output") ? palette[2] : palette[0];
  const panels = [...records].map(([name, r]) => bandPanel(name, r, color(name)));
  if (dead.size)
    panels.push({
      title: "dead ReLU units",
      xLabel: "epoch",
      yLabel: "share",
      traces: [...dead].map(([name, d], k): Trace => ({
        type: "line",
        x: d.x,
        y: d.y,
        name: `ReLU ${name}`,
        color: palette[k],
      })),
    });
  const text = [...records]
    .map(([name, r]) => {
      const last = r.q.at(-1)!;
      return `${name}: epoch ${r.x.at(-1)} median ${last[4].toPrecision(3)}, 68% in [${last[2].toPrecision(3)}, ${last[6].toPrecision(3)}]`;
    })
    .join("\n");
  return new ChartView(
    { columns: 3, panelWidth: 300, panelHeight: 190, panels },
    text || "histograms: nothing recorded yet (pass it to fit's callbacks)",
  );
}

/** What {@link gradientNorms} returns: a fit() callback that records, and a view of the records. */
export interface GradientNorms extends Callback {
  /** the chart's one panel (the dashboard shows it among its own) */
  panel(): Panel | undefined;
  /** the chart of the norms recorded so far */
  view(): ChartView;
}

/**
 * Each parameter's gradient norm per batch on a log scale: vanishing or exploding gradients at a glance.
 * Norms cost a pass over every gradient, so only the batches the thinned curves keep are measured, and
 * only while measuring has taken under `budget` of the training time so far (each measurement charged at
 * most twice the cheapest one, so one-off pauses do not count): a model whose step is fast next to that
 * pass (an MLP whose step is mostly that same pass, in Adam) gets a point every few batches.
 * @example
 * const g = gradientNorms();
 * await fit(model, train, { optimizer, loss: "crossEntropy", callbacks: [g] });
 * g.view();
 */
export function gradientNorms(
  options: {
    /** points each curve keeps: between this and twice this (default 250) */
    points?: number;
    /** the most of the training time measuring norms may take, 0 to 1 (default 0.01: 1%) */
    budget?: number;
  } = {},
): GradientNorms {
  const budget = options.budget ?? 0.01;
  let norms = new Map<string, Series>();
  let step = 0;
  // when training began, the milliseconds spent measuring since, and the cheapest measurement so far
  let start = 0;
  let spent = 0;
  let cheapest = Infinity;
  const panel = (): Panel | undefined =>
    norms.size
      ? {
          title: "gradient norm per parameter",
          xLabel: "epoch",
          yLog: true,
          traces: [...norms].map(([name, s], k): Trace => ({
            type: "line",
            x: s.x,
            y: s.raw,
            name,
            color: palette[k % palette.length],
          })),
        }
      : undefined;
  return {
    onTrainBegin() {
      [norms, step, start, spent, cheapest] = [new Map(), 0, performance.now(), 0, Infinity];
    },
    onBatchEnd(ctx) {
      const first = norms.values().next().value;
      const now = performance.now();
      if (!first || (first.keeps(step) && spent <= budget * (now - start))) {
        const x = ctx.epoch - 1 + ctx.batch / ctx.batches;
        for (const [name, norm] of Object.entries(ctx.gradNorms())) {
          if (!norms.has(name)) norms.set(name, new Series(options.points ?? 250, 0));
          norms.get(name)!.push(step, x, norm);
        }
        // A measurement is charged what one costs in steady state, at most twice the cheapest so far, and the
        // first (which compiles the norm loops) nothing: a pause inside one — compiling, a garbage collection
        // — is not the measuring's cost, and counted, one took a short training's whole budget (tutorial
        // 10's first fit drew its norms up to epoch 0.4 of 20).
        const cost = performance.now() - now;
        if (first) spent += Math.min(cost, 2 * cheapest);
        cheapest = Math.min(cheapest, cost);
      }
      step++;
    },
    panel,
    view: () =>
      new ChartView(
        { panels: [panel() ?? { title: "gradient norm per parameter", traces: [] }] },
        [...norms].map(([name, s]) => `${name}: last ‖g‖ ${s.raw.at(-1)?.toPrecision(3)}`).join("\n") ||
          "gradientNorms: nothing recorded yet (pass it to fit's callbacks)",
      ),
  };
}
