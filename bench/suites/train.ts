// Training the MNIST models end to end — what students will actually wait for:
//   mnist-cnn  conv 32 3×3 → relu → maxpool → conv 64 3×3 → relu → maxpool → dense 128 → relu → dense 10
//   mnist-mlp  784 → dense 128 → relu → dense 10
// Samples/s of full training steps (forward, loss, backward, Adam) at batch 64, for gradlab's backends,
// TensorFlow.js (tfjs-layers on -cpu and -wasm) and PyTorch; then the test accuracy each reaches after a
// fixed number of epochs on the `mnist` package's digits (8,000 training, 2,000 test; see data.mnist).
// gradlab's and PyTorch's samples/s are each the median of 3 runs (the development machine is shared: one
// busy minute read 907 samples/s for a CNN that trains at 1,400–1,500).
import {
  backendInfo,
  crossEntropy,
  data,
  evaluate,
  fit,
  manualSeed,
  optim,
  setBackend,
  stepScope,
  Tensor,
} from "../../lib";
import type { TensorDataset } from "../../lib/data";
import { tfjsTrainAccuracy, tfjsTrainSpeed, type Digits } from "../peers/tfjs-train";
import { torchTrain } from "../peers/torch-train";
import { models, type TrainModel } from "../models";
import { measureGarbage } from "../garbage";
import { median, type BenchContext, type Row, type Suite } from "../row";
import { gradlabThreads } from "../threads";

/** Epochs of the accuracy runs (the targets: CNN ≥ 97%, MLP ≥ 92%). */
const epochs: Record<TrainModel, number> = { "mnist-cnn": 4, "mnist-mlp": 5 };

/** Batches timed for samples/s: [full run, --quick]; the slow implementations get fewer. */
const steps = (ctx: BenchContext, kind: TrainModel, slow: boolean): number =>
  kind === "mnist-cnn" ? (slow ? (ctx.quick ? 1 : 2) : ctx.quick ? 4 : 20) : ctx.quick ? 20 : 100;

/** The digits, normalised with MNIST's mean and std, as gradlab datasets and as plain arrays for the peers. */
function loadDigits(kind: TrainModel) {
  const { train, test } = data.mnist({ flat: kind === "mnist-mlp" });
  const norm = (d: TensorDataset) =>
    new data.TensorDataset(data.normalize(d.inputs, data.MNIST_MEAN, data.MNIST_STD), d.targets);
  const [tr, te] = [norm(train), norm(test)];
  const plain = (d: TensorDataset): Digits => ({
    images: d.inputs.data as Float32Array,
    labels: d.targets.data as Int32Array,
  });
  return { train: tr, test: te, plain: { train: plain(tr), test: plain(te) } };
}

const first = (d: TensorDataset, batches: number, from = 0) =>
  new data.DataLoader(d.subset(Array.from({ length: batches * 64 }, (_, i) => from * 64 + i)), {
    batchSize: 64,
  });

/** Runs of each speed measurement, gradlab's and PyTorch's (torch-train.py): the median is kept. */
const ROUNDS = 3;

async function gradlabSpeed(
  kind: TrainModel,
  train: TensorDataset,
  batches: number,
  rounds: number,
): Promise<number> {
  const speeds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    manualSeed(0);
    const model = models[kind]();
    const options = { optimizer: new optim.Adam(model, { lr: 1e-3 }), loss: "crossEntropy" as const };
    await fit(model, first(train, 1), options); // warm-up: JIT, kernel compilation
    const t0 = performance.now();
    await fit(model, first(train, batches, 1), options);
    speeds.push((batches * 64) / ((performance.now() - t0) / 1000));
  }
  return median(speeds);
}

/** GC ms and new heap MB per steady-state step (batch 64) of `kind` on the active backend. */
async function gradlabGarbage(kind: TrainModel, train: TensorDataset, steps: number) {
  manualSeed(0);
  const model = models[kind]();
  const optimizer = new optim.Adam(model, { lr: 1e-3 });
  const per = train.inputs.size / train.inputs.shape[0];
  const batches = Math.floor(train.inputs.shape[0] / 64);
  return measureGarbage((i) => {
    const from = (i % batches) * 64;
    const x = new Tensor(train.inputs.data.slice(from * per, (from + 64) * per), [
      64,
      ...train.inputs.shape.slice(1),
    ]);
    const y = new Tensor(train.targets.data.slice(from, from + 64), [64]);
    // as fit() runs a step: in a step scope, so the next step reuses this one's storage
    stepScope(() => {
      optimizer.zeroGrad();
      crossEntropy(model.forward(x), y).backward();
      optimizer.step();
    }, [model, optimizer]);
  }, steps);
}

async function gradlabAccuracy(
  ctx: BenchContext,
  kind: TrainModel,
  train: TensorDataset,
  test: TensorDataset,
) {
  manualSeed(0);
  const model = models[kind]();
  await fit(model, new data.DataLoader(train, { batchSize: 64, shuffle: true }), {
    epochs: epochs[kind],
    optimizer: new optim.Adam(model, { lr: 1e-3 }),
    loss: "crossEntropy",
    metrics: ["accuracy"],
    callbacks: [
      {
        onEpochEnd: (c) =>
          ctx.log(`  ${kind} epoch ${c.epoch}: loss ${c.logs.loss.toFixed(4)}, ${c.elapsed.toFixed(0)}s`),
      },
    ],
  });
  return evaluate(model, test).accuracy;
}

async function measure(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (kind: string, impl: string, value: number, unit: string) =>
    rows.push({ suite: "train", case: kind, impl, value, unit });
  if (ctx.quick) ctx.log("train: --quick measures samples/s only; the accuracy runs need the full bench");
  for (const kind of ["mnist-mlp", "mnist-cnn"] as const) {
    const digits = loadDigits(kind);
    for (const backend of ["gpu", "reference"]) {
      setBackend(backend);
      if (backend === "gpu") ctx.log(`gradlab-gpu: ${JSON.stringify(backendInfo())}`);
      add(
        kind,
        `gradlab-${backend}`,
        // the reference loops' CNN steps take seconds each: one run of them
        await gradlabSpeed(
          kind,
          digits.train,
          steps(ctx, kind, backend === "reference"),
          backend === "reference" && kind === "mnist-cnn" ? 1 : ROUNDS,
        ),
        "samples/s",
      );
      if (backend === "gpu") {
        const garbage = await gradlabGarbage(kind, digits.train, ctx.quick ? 5 : 20);
        ctx.log(`gradlab-gpu ${kind}: per step ${JSON.stringify(garbage)}`);
        add(kind, "gradlab-gpu", garbage.gcMs, "GC ms/step");
        add(kind, "gradlab-gpu", garbage.heapMB, "heap MB/step");
      }
      // the reference loops take 8–15 s per CNN step here: an accuracy run (500 steps) would take hours
      if (!ctx.quick && (backend === "gpu" || kind === "mnist-mlp")) {
        const acc = await gradlabAccuracy(ctx, kind, digits.train, digits.test);
        ctx.log(
          `gradlab-${backend} ${kind}: test accuracy ${(100 * acc).toFixed(2)}% after ${epochs[kind]} epochs`,
        );
        add(kind, `gradlab-${backend}`, acc, "accuracy");
      }
    }
    setBackend("reference");
    for (const backend of ["cpu", "wasm"] as const) {
      const impl = `tfjs-${backend}`;
      // tfjs-cpu's conv weight gradient takes 30–80 s per CNN step here: one step, full run only
      const slow = backend === "cpu" && kind === "mnist-cnn";
      if (slow && ctx.quick) {
        ctx.log(`${impl} ${kind}: skipped in --quick (30–80 s per step)`);
        continue;
      }
      try {
        add(
          kind,
          impl,
          await tfjsTrainSpeed(backend, kind, digits.plain.train, slow ? 1 : steps(ctx, kind, false)),
          "samples/s",
        );
        if (!ctx.quick && !slow)
          add(
            kind,
            impl,
            await tfjsTrainAccuracy(backend, kind, digits.plain.train, digits.plain.test, epochs[kind]),
            "accuracy",
          );
      } catch (err) {
        ctx.log(`${impl} ${kind}: n/a (${String(err instanceof Error ? err.message : err).split("\n")[0]})`);
        add(kind, impl, NaN, "samples/s");
      }
    }
    // PyTorch on gradlab's thread count (`torch`) and on one (`torch-1t`)
    const threads = gradlabThreads();
    const torch = torchTrain(
      digits.plain,
      {
        models: [kind],
        steps: { [kind]: steps(ctx, kind, false) },
        epochs: ctx.quick ? {} : { [kind]: epochs[kind] },
        threads: [threads, 1],
      },
      ctx.log,
    );
    if (torch) {
      ctx.log(`torch ${torch.torch} ${kind}: ${JSON.stringify(torch.speed[kind])} samples/s by threads`);
      add(kind, "torch", torch.speed[kind][String(threads)], "samples/s");
      add(kind, "torch-1t", torch.speed[kind]["1"], "samples/s");
      if (torch.accuracy[kind] !== undefined) add(kind, "torch", torch.accuracy[kind], "accuracy");
    }
  }
  return rows;
}

export const trainSuite: Suite = { name: "train", run: measure };
