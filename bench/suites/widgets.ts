// What the views cost. The graph: graph(loss).bundle() — collect the graph, write DOT, Graphviz (WASM)
// lays it out, the SVG is wrapped in its bundle — for about 50 and 500 drawn nodes (target: 500 nodes
// under 1 s; each node carries a 4×4 heatmap, as a small model's tensors do). The dashboard: the size of
// its output after 10,000 batches (target: under 1 MB) and what it adds to a training step (target: under
// 5%), with a stand-in for the kernel's display() that builds and serialises every bundle it is given.
import { data, fit, manualSeed, nn, optim, randn, setBackend } from "../../lib/index";
import type { TensorDataset } from "../../lib/data";
import type { Callback } from "../../lib/train/callbacks";
import { dashboard, graph, ready } from "../../widgets/index";
import type { View } from "../../widgets/view";
import { models } from "../models";
import { median, medianMs, type BenchContext, type Row, type Suite } from "../row";

/** tanh(1.01·h) repeated: 5 drawn nodes per step (2 ops, 2 tensors, 1 constant), plus 3 (h, sum). */
function chain(steps: number) {
  let h = randn([4, 4]).requiresGrad_();
  for (let i = 0; i < steps; i++) h = h.mul(1.01).tanh();
  return h.sum();
}

/** The kernel's display(), as far as cost goes: every bundle built and serialised; the last one kept. */
function displayStandIn() {
  const shown = { bytes: 0, draws: 0 };
  const send = (value: unknown) => {
    shown.bytes = JSON.stringify((value as View).bundle()).length;
    shown.draws++;
  };
  const display = (value: unknown) => (send(value), { update: send });
  return { display, shown };
}

async function graphRows(): Promise<Row[]> {
  const t0 = performance.now();
  await ready();
  const rows: Row[] = [
    {
      suite: "widgets",
      case: "Graphviz WASM load",
      impl: "gradlab",
      value: performance.now() - t0,
      unit: "ms",
    },
  ];
  for (const [nodes, steps] of [
    [53, 10],
    [503, 100],
  ]) {
    const loss = chain(steps);
    const ms = await medianMs(() => graph(loss).bundle());
    rows.push({
      suite: "widgets",
      case: `graph() of ${nodes} nodes`,
      impl: "gradlab",
      value: ms,
      unit: "ms",
    });
  }
  return rows;
}

/** The saved dashboard after 10,000 batches of a tiny model (batch 1), in KiB. */
async function dashboardSize(): Promise<Row> {
  manualSeed(0);
  const moons = data.moons(10_000, { noise: 0.1 });
  const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
  const { display, shown } = displayStandIn();
  Object.assign(globalThis, { display });
  try {
    await fit(model, moons, {
      optimizer: new optim.SGD(model, { lr: 0.05 }),
      loss: "crossEntropy",
      metrics: ["accuracy"],
      batchSize: 1,
      callbacks: [dashboard()],
    });
  } finally {
    delete (globalThis as { display?: unknown }).display;
  }
  return {
    suite: "widgets",
    case: "dashboard after 10,000 batches",
    impl: "gradlab",
    value: shown.bytes / 1024,
    unit: "KiB",
  };
}

/** `cb` with the milliseconds spent in its (synchronous) events added up in `spent.ms`. */
function timed(cb: Callback, spent: { ms: number }): Callback {
  const events = ["onTrainBegin", "onEpochBegin", "onBatchEnd", "onEpochEnd", "onTrainEnd"] as const;
  const out: Callback = { showsProgress: cb.showsProgress };
  for (const event of events)
    out[event] = (c) => {
      const t0 = performance.now();
      void cb[event]?.(c);
      spent.ms += performance.now() - t0;
    };
  return out;
}

/** ms per MNIST-MLP training step (batch 64, the gpu backend as the tutorials use) with and without a
 * dashboard: the medians of interleaved runs; and the time spent in the dashboard's own callbacks (its
 * draws included) per step, which a loaded machine's noise in the difference of two medians can hide. A
 * run is 600 batches (about 2 s), so what is measured is the throttle's steady state: the two draws every
 * fit() makes (its first and final state, ~5 ms together) would be 1.3% of a 120-batch run's 0.35 s by
 * themselves. */
async function dashboardCost(ctx: BenchContext): Promise<Row[]> {
  setBackend("gpu");
  const digits = data.mnist({ flat: true }).train;
  const batches = ctx.quick ? 40 : 600;
  const subset = digits.subset(Array.from({ length: batches * 64 }, (_, i) => i)) as TensorDataset;
  const stepMs = async (withDashboard: boolean) => {
    manualSeed(0);
    const model = models["mnist-mlp"]();
    const { display, shown } = displayStandIn();
    if (withDashboard) Object.assign(globalThis, { display });
    const spent = { ms: 0 };
    const t0 = performance.now();
    try {
      await fit(model, subset, {
        optimizer: new optim.Adam(model, { lr: 1e-3 }),
        loss: "crossEntropy",
        metrics: ["accuracy"],
        batchSize: 64,
        callbacks: withDashboard ? [timed(dashboard(), spent)] : [],
      });
    } finally {
      delete (globalThis as { display?: unknown }).display;
    }
    if (withDashboard) {
      draws.push(shown.draws);
      own.push(spent.ms / batches);
    }
    return (performance.now() - t0) / batches;
  };
  const draws: number[] = [];
  const own: number[] = [];
  await stepMs(true); // warm-up: JIT, gpu.js kernels, the first draw's code paths
  const without: number[] = [];
  const withIt: number[] = [];
  for (let i = 0; i < (ctx.quick ? 3 : 7); i++) {
    without.push(await stepMs(false));
    withIt.push(await stepMs(true));
  }
  draws.shift(); // the warm-up's
  own.shift();
  const [a, b, c] = [median(without), median(withIt), median(own)];
  ctx.log(
    `widgets: a dashboard adds ${((100 * (b - a)) / a).toFixed(1)}% to an MNIST-MLP step (target < 5%; ` +
      `${batches} batches a run, ${median(draws)} draws a run; its own callbacks ${c.toFixed(3)} ms a step, ` +
      `${((100 * c) / a).toFixed(1)}%)`,
  );
  return [
    { suite: "widgets", case: "mnist-mlp step, no dashboard", impl: "gradlab", value: a, unit: "ms" },
    { suite: "widgets", case: "mnist-mlp step, with dashboard", impl: "gradlab", value: b, unit: "ms" },
    {
      suite: "widgets",
      case: "dashboard's share of a step",
      impl: "gradlab",
      value: (100 * (b - a)) / a,
      unit: "%",
    },
    { suite: "widgets", case: "dashboard's own time per step", impl: "gradlab", value: c, unit: "ms" },
  ];
}

export const widgetsSuite: Suite = {
  name: "widgets",
  async run(ctx) {
    try {
      return [...(await graphRows()), await dashboardSize(), ...(await dashboardCost(ctx))];
    } finally {
      setBackend("reference");
    }
  },
};
