// Graph mode against eager mode on the same backend ("gpu", as the tutorials use): one MNIST training step
// (forward, crossEntropy, backward, Adam at batch 64) of the MLP and of the CNN, the model traced into a
// Graph and trained with session.run([train, loss], { x, y }), against model.forward / backward / step.
//
// Implementations, to show what each part contributes:
//   gradlab-eager                 the eager library
//   gradlab-graph                 a Session as it runs by default: passes, fusion, a plan with kept buffers
//   gradlab-graph-no-fusion       the same without the fusion pass
//   gradlab-graph-as-written      no passes, no plan buffers (Session { optimize: false })
// Runs are interleaved (one batch of steps of each in turn, several rounds, each round starting with another
// implementation) and the medians kept, since the machines this runs on are often shared. Allocation per
// step is the growth of ArrayBuffer memory over one step after a full GC, the largest over several steps:
// a GC inside a step frees some of what it made, so a measurement can fall short but never overshoot.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { crossEntropy, data, manualSeed, optim, setBackend, Tensor } from "../../lib/index";
import { minimize, Session, trace } from "../../lib/graph";
import { models, type TrainModel } from "../models";
import { median, type BenchContext, type Row, type Suite } from "../row";

type Impl = "gradlab-eager" | "gradlab-graph" | "gradlab-graph-no-fusion" | "gradlab-graph-as-written";
const impls: Impl[] = [
  "gradlab-eager",
  "gradlab-graph",
  "gradlab-graph-no-fusion",
  "gradlab-graph-as-written",
];

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Batches of 64 digits, normalised, cycling through the training set. */
function batches(kind: TrainModel) {
  const { train } = data.mnist({ flat: kind === "mnist-mlp" });
  const inputs = data.normalize(train.inputs, data.MNIST_MEAN, data.MNIST_STD);
  const per = inputs.size / inputs.shape[0];
  return (i: number): { x: Tensor; y: Tensor } => {
    const start = (i * 64) % (inputs.shape[0] - 64);
    return {
      x: new Tensor(inputs.data.slice(start * per, (start + 64) * per), [64, ...inputs.shape.slice(1)]),
      y: new Tensor(train.targets.data.slice(start, start + 64), [64]),
    };
  };
}

/** One training step of `impl`, set up from the same initial weights for every implementation. */
function stepper(kind: TrainModel, impl: Impl, batch: ReturnType<typeof batches>) {
  manualSeed(0);
  const model = models[kind]();
  if (impl === "gradlab-eager") {
    const opt = new optim.Adam(model, { lr: 1e-3 });
    return {
      step(i: number) {
        const { x, y } = batch(i);
        opt.zeroGrad();
        crossEntropy(model.forward(x), y).backward();
        opt.step();
      },
    };
  }
  const { graph, output } = trace(model, [batch(0).x], { batch: true });
  const loss = graph.apply(crossEntropy, output, graph.placeholder("y", [null], "int32"));
  const train = minimize(loss, optim.Adam, { lr: 1e-3 });
  const session = new Session(graph, {
    optimize: impl !== "gradlab-graph-as-written",
    fuse: impl === "gradlab-graph",
  });
  return { step: (i: number) => session.run([train, loss], batch(i)), session };
}

async function measure(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  setBackend("gpu");
  for (const kind of ["mnist-mlp", "mnist-cnn"] as const) {
    const batch = batches(kind);
    const steppers = new Map(impls.map((impl) => [impl, stepper(kind, impl, batch)]));
    const [rounds, perRound] =
      kind === "mnist-mlp" ? (ctx.quick ? [3, 10] : [15, 20]) : ctx.quick ? [3, 1] : [7, 2];
    let i = 0;
    for (const s of steppers.values()) for (let w = 0; w < 2; w++) s.step(i++); // warm-up: JIT, kernels, plans
    const speeds = new Map<Impl, number[]>(impls.map((impl) => [impl, []]));
    // each round starts with a different implementation, so none always runs after the same other one
    const rotated = (r: number) => impls.map((_, k) => impls[(k + r) % impls.length]);
    for (let r = 0; r < rounds; r++)
      for (const impl of rotated(r)) {
        const s = steppers.get(impl)!;
        const t0 = performance.now();
        for (let k = 0; k < perRound; k++) s.step(i++);
        speeds.get(impl)!.push((perRound * 64) / ((performance.now() - t0) / 1000));
      }
    const allocated = new Map<Impl, number[]>(impls.map((impl) => [impl, []]));
    for (let r = 0; r < (kind === "mnist-mlp" ? 9 : 3); r++)
      for (const impl of rotated(r)) {
        gc();
        const before = process.memoryUsage().arrayBuffers;
        steppers.get(impl)!.step(i++);
        allocated.get(impl)!.push((process.memoryUsage().arrayBuffers - before) / 1024);
      }
    const speed = (impl: Impl) => median(speeds.get(impl)!);
    const kib = (impl: Impl) => Math.max(...allocated.get(impl)!);
    for (const impl of impls) {
      rows.push({ suite: "graph", case: kind, impl, value: speed(impl), unit: "samples/s" });
      rows.push({ suite: "graph", case: `${kind} allocation`, impl, value: kib(impl), unit: "KiB/step" });
    }
    const { session } = steppers.get("gradlab-graph")!;
    const stats = session!.lastRun;
    rows.push({
      suite: "graph",
      case: `${kind} allocation (lastRun.bytesAllocated)`,
      impl: "gradlab-graph",
      value: stats.bytesAllocated / 1024,
      unit: "KiB/step",
    });
    const ratio = speed("gradlab-graph") / speed("gradlab-eager");
    const [target, word] = kind === "mnist-mlp" ? [1.3, "≥ 1.3×"] : [1, "not slower than"];
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    ctx.log(
      `${mark(ratio >= target)} graph ${kind}: ${ratio.toFixed(2)}× eager samples/s (target ${word} eager; ` +
        `medians of ${rounds} interleaved rounds, 2 shared cores)`,
    );
    const less = kib("gradlab-eager") / Math.max(kib("gradlab-graph"), 1e-9);
    ctx.log(
      `${mark(less >= 5)} graph ${kind}: ${kib("gradlab-graph").toFixed(0)} KiB allocated per step against ` +
        `eager's ${kib("gradlab-eager").toFixed(0)} (${less.toFixed(2)}× lower; target ≥ 5×)`,
    );
    ctx.log(
      `  ${kind}: the plan and passes give ${(speed("gradlab-graph-no-fusion") / speed("gradlab-graph-as-written")).toFixed(2)}× ` +
        `over the graph as written; fusion ${(speed("gradlab-graph") / speed("gradlab-graph-no-fusion")).toFixed(2)}× on top ` +
        `(${stats.nodesFused} nodes fused, ${stats.nodesRun} run` +
        `${stats.nodesFused === 0 ? ": both ran the same plan, so that ratio is the measurement's noise" : ""})`,
    );
  }
  return rows;
}

export const graphSuite: Suite = {
  name: "graph",
  async run(ctx) {
    try {
      return await measure(ctx);
    } finally {
      setBackend("reference");
    }
  },
};
