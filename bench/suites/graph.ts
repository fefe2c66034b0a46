// Graph mode against eager mode on the same backend ("gpu", as the tutorials use): one MNIST training step
// (forward, crossEntropy, backward, Adam at batch 64) of the MLP and of the CNN, the model traced into a
// Graph and trained with session.run([train, loss], { x, y }), against model.forward / backward / step.
//
// Implementations, to show what the passes (fusion) and the planning (recycling each value's storage at its
// last use) each contribute:
//   gradlab-eager                   the eager library
//   gradlab-graph                   a Session as it runs by default: passes with fusion, and recycling
//   gradlab-graph-fusion-only       passes with fusion, no recycling ({ recycle: false })
//   gradlab-graph-planning-only     passes without fusion, with recycling ({ fuse: false })
//   gradlab-graph-as-written        no passes, no recycling ({ optimize: false })
//   gradlab-kernels-only            (the MLP) the step's kernels alone, back to back, each called as its
//                                   eager op: the two products of each layer's forward and backward, the bias
//                                   adds and sums, ReLU and its gradient, Adam's update — no autograd, no
//                                   graph, no loss. Both modes run these same ops, so eager's time over this
//                                   one is the most that any runtime calling them could gain
// Runs are interleaved (one batch of steps of each in turn, several rounds, each round starting with another
// implementation) and the medians kept, since the machines this runs on are often shared. The storage pool
// is emptied before each implementation's turn, so none runs on arrays another one left there.
//
// Allocation per step (the batch loaded beforehand), two ways, each on a step that follows two steps of the
// same implementation:
//   KiB/step              growth of ArrayBuffer memory over the step after a full GC (the largest of several
//                         steps: a GC inside a step frees some of what it made, so it can fall short, never over)
//   allocator KiB/step    new storage the library's allocator made in the step (bytesAllocated() of
//                         lib/memory.ts: storage taken back from the pool is not new): exact, and for the graph
//                         the same count as session.lastRun.bytesAllocated; the ≥ 5× target reads this one
//                         (storage made outside the allocator, such as eager's .grad copies, is not in it:
//                         eager's figure is the lower of the two, so the ratio errs against graph mode)
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  crossEntropy,
  data,
  manualSeed,
  nn,
  noGrad,
  optim,
  setBackend,
  stepScope,
  Tensor,
} from "../../lib/index";
import { kernels } from "../../lib/backend/registry";
import { linear, matmul } from "../../lib/ops/matmul";
import { minimize, Session, trace } from "../../lib/graph";
import { bytesAllocated } from "../../lib/memory";
import { clearStoragePool } from "../../lib/storage-pool";
import { models, type TrainModel } from "../models";
import { median, type BenchContext, type Row, type Suite } from "../row";

type Impl =
  | "gradlab-eager"
  | "gradlab-graph"
  | "gradlab-graph-fusion-only"
  | "gradlab-graph-planning-only"
  | "gradlab-graph-as-written"
  | "gradlab-kernels-only";
const graphImpls: Impl[] = [
  "gradlab-eager",
  "gradlab-graph",
  "gradlab-graph-fusion-only",
  "gradlab-graph-planning-only",
  "gradlab-graph-as-written",
];
/** The implementations of each model: the kernels alone are written out for the MLP's layers. */
const implsOf = (kind: TrainModel): Impl[] =>
  kind === "mnist-mlp" ? [...graphImpls, "gradlab-kernels-only"] : graphImpls;
/** Each graph implementation's Session options. */
const options: Record<Exclude<Impl, "gradlab-eager" | "gradlab-kernels-only">, object> = {
  "gradlab-graph": {},
  "gradlab-graph-fusion-only": { recycle: false },
  "gradlab-graph-planning-only": { fuse: false },
  "gradlab-graph-as-written": { optimize: false },
};

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

type Batch = { x: Tensor; y: Tensor };

/** One training step of `impl` on a batch, set up from the same initial weights for every implementation. */
function stepper(kind: TrainModel, impl: Impl, first: Batch) {
  manualSeed(0);
  const model = models[kind]();
  if (impl === "gradlab-eager") {
    const opt = new optim.Adam(model, { lr: 1e-3 });
    return {
      step({ x, y }: Batch) {
        opt.zeroGrad();
        crossEntropy(model.forward(x), y).backward();
        opt.step();
      },
    };
  }
  if (impl === "gradlab-kernels-only") return { step: kernelsOf(model as nn.Sequential) };
  const { graph, output } = trace(model, [first.x], { batch: true });
  const loss = graph.apply(crossEntropy, output, graph.placeholder("y", [null], "int32"));
  const train = minimize(loss, optim.Adam, { lr: 1e-3 });
  const session = new Session(graph, options[impl]);
  return { step: (feeds: Batch) => session.run([train, loss], feeds), session };
}

/**
 * A training step of a Sequential of Linear and ReLU layers as its kernels alone, in the order a step runs
 * them: the forward, then each layer's gradients from the last (the first layer's input gradient is not
 * needed), then Adam. The loss and its gradient are left out (an upstream gradient of the output's shape
 * stands for them), and it runs in a step scope, its storage recycled, so no real step could be faster.
 */
function kernelsOf(model: nn.Sequential) {
  const layers = model.layers;
  const optimizer = new optim.Adam(model, { lr: 1e-3 });
  const reluGrad = (g: Tensor, x: Tensor) => {
    const kernel = kernels().reluGrad;
    return kernel
      ? new Tensor(kernel(g.data as Float32Array, x.data as Float32Array), g.shape)
      : g.mul(x.gt(0));
  };
  // in a step scope, as fit() runs a step: its tensors' storage goes back to the pool for the next step
  const step = ({ x }: Batch) =>
    noGrad(() => {
      const inputs: Tensor[] = [];
      let h = x;
      for (const layer of layers) {
        inputs.push(h);
        h = layer instanceof nn.Linear ? linear(h, layer.weight, layer.bias ?? undefined) : h.relu();
      }
      let g = h.mul(0.01);
      for (let i = layers.length - 1; i >= 0; i--) {
        const layer = layers[i];
        if (layer instanceof nn.Linear) {
          layer.weight.grad = matmul(g.transpose(0, 1), inputs[i]);
          if (layer.bias) layer.bias.grad = g.sum(0);
          if (i > 0) g = matmul(g, layer.weight);
        } else g = reluGrad(g, inputs[i]);
      }
      optimizer.step();
      optimizer.zeroGrad();
    });
  return (batch: Batch) => stepScope(() => step(batch), [model, optimizer]);
}

async function measure(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  setBackend("gpu");
  for (const kind of ["mnist-mlp", "mnist-cnn"] as const) {
    const batch = batches(kind);
    const impls = implsOf(kind);
    const steppers = new Map(impls.map((impl) => [impl, stepper(kind, impl, batch(0))]));
    const [rounds, perRound] =
      // the MLP's rounds take about 3 s in all, so --quick keeps them: with 3 rounds of 10 steps its
      // medians read even the kernels alone as slower than eager (0.72–0.90×), noise and warm-up only
      kind === "mnist-mlp" ? [15, 20] : ctx.quick ? [3, 1] : [7, 2];
    let i = 0;
    for (const s of steppers.values()) for (let w = 0; w < 2; w++) s.step(batch(i++)); // warm-up: JIT, kernels, plans
    const speeds = new Map<Impl, number[]>(impls.map((impl) => [impl, []]));
    // each round starts with a different implementation, so none always runs after the same other one
    const rotated = (r: number) => impls.map((_, k) => impls[(k + r) % impls.length]);
    for (let r = 0; r < rounds; r++)
      for (const impl of rotated(r)) {
        const s = steppers.get(impl)!;
        clearStoragePool();
        const t0 = performance.now();
        for (let k = 0; k < perRound; k++) s.step(batch(i++));
        speeds.get(impl)!.push((perRound * 64) / ((performance.now() - t0) / 1000));
      }
    const grown = new Map<Impl, number[]>(impls.map((impl) => [impl, []]));
    const made = new Map<Impl, number>();
    for (let r = 0; r < (kind === "mnist-mlp" ? 9 : 3); r++)
      for (const impl of rotated(r)) {
        const s = steppers.get(impl)!;
        clearStoragePool();
        s.step(batch(i++));
        s.step(batch(i++)); // two steps first: the pool holds what this implementation hands back
        const next = batch(i++); // the batch is loaded before: what is measured is the step alone
        gc();
        await new Promise((done) => setTimeout(done, 10)); // freed backing stores go on a background thread
        gc();
        const [before, allocatorBefore] = [process.memoryUsage().arrayBuffers, bytesAllocated()];
        s.step(next);
        grown.get(impl)!.push((process.memoryUsage().arrayBuffers - before) / 1024);
        made.set(impl, (bytesAllocated() - allocatorBefore) / 1024);
      }
    const speed = (impl: Impl) => median(speeds.get(impl)!);
    const kib = (impl: Impl) => Math.max(0, ...grown.get(impl)!);
    for (const impl of impls) {
      rows.push({ suite: "graph", case: kind, impl, value: speed(impl), unit: "samples/s" });
      rows.push({ suite: "graph", case: `${kind} allocation`, impl, value: kib(impl), unit: "KiB/step" });
      const allocator = made.get(impl)!;
      rows.push({
        suite: "graph",
        case: `${kind} allocation`,
        impl,
        value: allocator,
        unit: "allocator KiB/step",
      });
    }
    const { session } = steppers.get("gradlab-graph")!;
    const stats = session!.lastRun;
    const ratio = speed("gradlab-graph") / speed("gradlab-eager");
    const x = (a: Impl, b: Impl) => (speed(a) / speed(b)).toFixed(2);
    const [target, word] = kind === "mnist-mlp" ? [1.3, "≥ 1.3×"] : [1, "not slower than"];
    const mark = (ok: boolean) => (ok ? "✓" : "✗");
    const bound = impls.includes("gradlab-kernels-only")
      ? `; the step's kernels alone: ${x("gradlab-kernels-only", "gradlab-eager")}×, the most a runtime calling these ops could give`
      : "";
    ctx.log(
      `${mark(ratio >= target)} graph ${kind}: ${ratio.toFixed(2)}× eager samples/s (target ${word} eager; ` +
        `medians of ${rounds} interleaved rounds${bound})`,
    );
    const less = made.get("gradlab-eager")! / Math.max(made.get("gradlab-graph")!, 1);
    ctx.log(
      `${mark(less >= 5)} graph ${kind}: ${made.get("gradlab-graph")!.toFixed(0)} KiB of new storage per step ` +
        `against eager's ${made.get("gradlab-eager")!.toFixed(0)} (${less.toFixed(2)}× lower; target ≥ 5×; ` +
        `ArrayBuffer growth ${kib("gradlab-graph").toFixed(0)} against ${kib("gradlab-eager").toFixed(0)} KiB)`,
    );
    ctx.log(
      `  ${kind}: over the graph as written, fusion alone gives ${x("gradlab-graph-fusion-only", "gradlab-graph-as-written")}×, ` +
        `planning alone ${x("gradlab-graph-planning-only", "gradlab-graph-as-written")}×, both ` +
        `${x("gradlab-graph", "gradlab-graph-as-written")}× (${stats.nodesFused} nodes fused, ${stats.nodesRun} run; ` +
        `allocator KiB/step: as written ${made.get("gradlab-graph-as-written")!.toFixed(0)}, ` +
        `planning ${made.get("gradlab-graph-planning-only")!.toFixed(0)}, lastRun ${(stats.bytesAllocated / 1024).toFixed(0)})`,
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
