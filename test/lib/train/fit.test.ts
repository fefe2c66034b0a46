// fit(): a small end-to-end training run that must reach a stated accuracy, the callback protocol,
// interrupts at batch boundaries, early stopping, schedules, and evaluate/predict.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  data,
  evaluate,
  fit,
  manualSeed,
  nn,
  optim,
  predict,
  accuracy,
  TrainingInterrupted,
} from "../../../lib";
import { earlyStopping, lrScheduler, progress, type TrainContext } from "../../../lib/train";

const mlp = (inputs: number, hidden: number, outputs: number) =>
  new nn.Sequential(
    new nn.Linear(inputs, hidden),
    new nn.Tanh(),
    new nn.Linear(hidden, hidden),
    new nn.Tanh(),
    new nn.Linear(hidden, outputs),
  );

describe("fit", () => {
  test("end to end: an MLP learns two moons (noise 0.1) to ≥ 97% test accuracy in 20 epochs", async () => {
    manualSeed(0);
    const { train, test: testSet } = data.trainTestSplit(data.moons(400, { noise: 0.1 }), 0.25);
    const model = mlp(2, 16, 2);
    const history = await fit(model, train, {
      epochs: 20,
      batchSize: 32,
      optimizer: new optim.Adam(model, { lr: 0.02 }),
      loss: "crossEntropy",
      metrics: ["accuracy"],
      validationData: testSet,
    });
    const losses = history.get("loss");
    assert.ok(losses.at(-1)! < losses[0] / 5, `loss ${losses[0]} → ${losses.at(-1)}`);
    const { accuracy: acc } = evaluate(model, testSet);
    assert.ok(acc >= 0.97, `test accuracy ${acc}`);
    assert.equal(history.last!.valAccuracy, acc);
    assert.deepEqual(history.keys, ["epoch", "loss", "accuracy", "valLoss", "valAccuracy", "lr", "time"]);
  });

  test("MNIST smoke test: 600 real digits, a small MLP, 3 epochs, > 80% on 300 held-out digits", async () => {
    manualSeed(1);
    const { train, test: testSet } = data.mnist({ flat: true });
    const small = data.trainTestSplit(train, 0.07).test.subset(600);
    const model = new nn.Sequential(new nn.Linear(784, 32), new nn.ReLU(), new nn.Linear(32, 10));
    await fit(model, new data.DataLoader(small, { batchSize: 32, shuffle: true }), {
      epochs: 3,
      optimizer: new optim.Adam(model, { lr: 0.005 }),
      loss: new nn.CrossEntropyLoss(),
    });
    const held = data.trainTestSplit(testSet, 0.15).test.subset(300);
    const acc = evaluate(model, held).accuracy;
    assert.ok(acc > 0.8, `MNIST accuracy ${acc}`);
  });

  test("callbacks: events in order, with batch logs, lr, ETA and gradient norms per parameter", async () => {
    manualSeed(2);
    const model = mlp(2, 4, 2);
    const events: string[] = [];
    let norms: Record<string, number> = {};
    const etas: number[] = [];
    const record = (name: string) => (ctx: TrainContext) =>
      void events.push(`${name} ${ctx.epoch}.${ctx.batch}`);
    await fit(model, new data.DataLoader(data.xor(24), { batchSize: 10 }), {
      epochs: 2,
      optimizer: new optim.SGD(model, { lr: 0.1 }),
      loss: "crossEntropy",
      callbacks: [
        {
          onTrainBegin: record("trainBegin"),
          onEpochBegin: record("epochBegin"),
          onBatchEnd: (ctx) => {
            events.push(`batch ${ctx.epoch}.${ctx.batch}/${ctx.batches}`);
            assert.ok(Number.isFinite(ctx.logs.loss) && ctx.lr === 0.1);
            norms = ctx.gradNorms();
            etas.push(ctx.eta);
          },
          onEpochEnd: record("epochEnd"),
          onTrainEnd: record("trainEnd"),
        },
      ],
    });
    assert.deepEqual(events, [
      "trainBegin 0.0",
      "epochBegin 1.0",
      "batch 1.1/3",
      "batch 1.2/3",
      "batch 1.3/3",
      "epochEnd 1.3",
      "epochBegin 2.0",
      "batch 2.1/3",
      "batch 2.2/3",
      "batch 2.3/3",
      "epochEnd 2.3",
      "trainEnd 2.3",
    ]);
    assert.deepEqual(Object.keys(norms), ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"]);
    assert.ok(Object.values(norms).every((v) => v > 0));
    assert.equal(etas.at(-1), 0);
  });

  test("progress() logs one line per epoch with the loss, metrics and ETA", async () => {
    manualSeed(8);
    const model = mlp(2, 4, 2);
    const lines: string[] = [];
    await fit(model, data.moons(64), {
      epochs: 2,
      optimizer: new optim.SGD(model),
      loss: "crossEntropy",
      metrics: ["accuracy"],
      callbacks: [progress({ log: (line) => lines.push(line) })],
    });
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^epoch 1\/2 · loss \d\.\d{4} · accuracy \d\.\d{4} · lr 0\.01 · [\d.]+s \(ETA [\d.]+s\)$/,
    );
  });

  test("an AbortSignal stops training at a batch boundary with the model as after the last step", async () => {
    manualSeed(3);
    const model = mlp(2, 8, 2);
    const controller = new AbortController();
    let snapshot: number[] = [];
    const run = fit(model, data.circles(200), {
      epochs: 5,
      batchSize: 20,
      optimizer: new optim.SGD(model, { lr: 0.1 }),
      loss: "crossEntropy",
      signal: controller.signal,
      callbacks: [
        {
          onBatchEnd: (ctx) => {
            snapshot = model.parameters().flatMap((p) => Array.from(p.data));
            if (ctx.epoch === 2 && ctx.batch === 4) controller.abort();
          },
        },
      ],
    });
    const error = await run.then(
      () => assert.fail("fit should reject"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TrainingInterrupted);
    assert.match(error.message, /in epoch 2, after batch 4 of 10/);
    assert.equal(error.history.epochs.length, 1);
    assert.deepEqual(
      model.parameters().flatMap((p) => Array.from(p.data)),
      snapshot,
    );
  });

  test("fit yields to the event loop between batches", async () => {
    manualSeed(4);
    const model = mlp(2, 4, 2);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksSeenDuringTraining = 0;
    await fit(model, data.moons(400), {
      epochs: 2,
      batchSize: 10,
      optimizer: new optim.SGD(model),
      loss: "crossEntropy",
      callbacks: [{ onTrainEnd: () => void (ticksSeenDuringTraining = ticks) }],
    });
    clearInterval(timer);
    assert.ok(ticksSeenDuringTraining > 3, `${ticksSeenDuringTraining} timer ticks ran while training`);
  });

  test("early stopping ends training when the monitored value stops improving", async () => {
    manualSeed(5);
    const model = mlp(2, 4, 3);
    const history = await fit(model, data.blobs(60), {
      epochs: 20,
      optimizer: new optim.SGD(model, { lr: 0 }), // nothing changes, so nothing improves
      loss: "crossEntropy",
      callbacks: [earlyStopping({ monitor: "loss", patience: 2, minDelta: 1e-6 })],
    });
    assert.equal(history.epochs.length, 3);
    assert.match(history.stopReason!, /early stopping: loss did not improve for 2 epochs/);
  });

  test("the lrScheduler callback steps the schedule each epoch; History logs the lr each epoch used", async () => {
    manualSeed(6);
    const model = mlp(2, 4, 3);
    const optimizer = new optim.SGD(model, { lr: 0.1 });
    const history = await fit(model, data.blobs(30), {
      epochs: 3,
      optimizer,
      loss: "crossEntropy",
      callbacks: [lrScheduler(new optim.StepLR(optimizer, 1, 0.5))],
    });
    assert.deepEqual(history.get("lr"), [0.1, 0.05, 0.025]);
    const html = (history as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]()["text/html"];
    assert.match(html, /<table/); // the curves are the widgets' view of a History
    assert.match(String(history), /History\(3 epochs\)/);
  });

  test("evaluate and predict run in eval mode without recording, and agree with the metrics", () => {
    manualSeed(7);
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.Dropout(0.5));
    const ds = data.blobs(50);
    const out = predict(model, ds, { batchSize: 16 });
    assert.deepEqual(out.shape, [50, 3]);
    assert.equal(out.requiresGrad, false);
    assert.deepEqual(Array.from(out.data), Array.from(predict(model, ds.inputs).data), "dropout is off");
    assert.ok(model.training, "the mode is put back");
    const result = evaluate(model, ds, { loss: "crossEntropy", metrics: ["accuracy", "top2"] });
    assert.equal(result.accuracy, accuracy(out, ds.targets));
    assert.ok(result.top2 >= result.accuracy && Number.isFinite(result.loss));
  });
});
