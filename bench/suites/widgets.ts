// What the views cost. The graph: graph(loss).bundle() — collect the graph, write DOT, Graphviz (WASM)
// lays it out, the SVG is wrapped in its bundle — for about 50 and 500 drawn nodes (target: 500 nodes
// under 1 s; each node carries a 4×4 heatmap, as a small model's tensors do). The dashboard: the size of
// its output after 10,000 batches (target: under 1 MB) and what it adds to a training step (target: under
// 5%), with a stand-in for the kernel's display() that builds and serialises every bundle it is given.
import { data, fit, manualSeed, nn, optim, randn, setBackend } from "../../lib/index";
import type { TensorDataset } from "../../lib/data";
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

/** ms per MNIST-MLP training step (batch 64, the gpu backend as the tutorials use) with and without a
 * dashboard: the medians of interleaved runs. */
async function dashboardCost(ctx: BenchContext): Promise<Row[]> {
  setBackend("gpu");
  const digits = data.mnist({ flat: true }).train;
  const batches = ctx.quick ? 40 : 120;
  const subset = digits.subset(Array.from({ length: batches * 64 }, (_, i) => i)) as TensorDataset;
  const stepMs = async (withDashboard: boolean) => {
    manualSeed(0);
    const model = models["mnist-mlp"]();
    const { display } = displayStandIn();
    if (withDashboard) Object.assign(globalThis, { display });
    const t0 = performance.now();
    try {
      await fit(model, subset, {
        optimizer: new optim.Adam(model, { lr: 1e-3 }),
        loss: "crossEntropy",
        metrics: ["accuracy"],
        batchSize: 64,
        callbacks: withDashboard ? [dashboard()] : [],
      });
    } finally {
      delete (globalThis as { display?: unknown }).display;
    }
    return (performance.now() - t0) / batches;
  };
  await stepMs(true); // warm-up: JIT, gpu.js kernels, the first draw's code paths
  const without: number[] = [];
  const withIt: number[] = [];
  for (let i = 0; i < (ctx.quick ? 3 : 7); i++) {
    without.push(await stepMs(false));
    withIt.push(await stepMs(true));
  }
  const [a, b] = [median(without), median(withIt)];
  ctx.log(
    `widgets: a dashboard adds ${((100 * (b - a)) / a).toFixed(1)}% to an MNIST-MLP step (target < 5%)`,
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
