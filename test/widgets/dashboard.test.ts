// The live dashboard: drawn in place (counted through a fake `display` global), throttled, small after
// 10,000 batches, and fit()'s rule for when it shows one by itself.
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import {
  data,
  fit,
  manualSeed,
  nn,
  optim,
  progress,
  setDefaultCallbacks,
  type Callback,
  type TrainContext,
} from "../../lib";
import { History } from "../../lib/train/history";
import { dashboard } from "../../widgets/dashboard";
import { assertChartBundle, elements, plotlyOf, svgsOf } from "./helpers";

const g = globalThis as { display?: unknown };

/** A stand-in for the kernel's display(): records what was shown and each update. */
function fakeDisplay() {
  const shown: { value: unknown; updates: number }[] = [];
  g.display = (value: unknown) => {
    const entry = { value, updates: 0 };
    shown.push(entry);
    return { update: (next: unknown) => void ((entry.value = next), entry.updates++) };
  };
  return shown;
}

afterEach(() => {
  delete g.display;
  setDefaultCallbacks(undefined);
});

const model = () => new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 2));

const train = (
  m: nn.Module,
  options: { callbacks?: Callback[]; verbose?: boolean; epochs?: number; batchSize?: number },
) =>
  fit(m, data.moons(200, { noise: 0.1 }), {
    optimizer: new optim.Adam(m, { lr: 0.02 }),
    loss: "crossEntropy",
    metrics: ["accuracy"],
    validationData: data.moons(60, { noise: 0.1 }),
    epochs: 2,
    ...options,
  });

test("one output, updated in place and throttled; it ends on the final state with every panel", async () => {
  manualSeed(0);
  const shown = fakeDisplay();
  const d = dashboard({ updatesPerSecond: 2 });
  const start = performance.now();
  await train(model(), { callbacks: [d], epochs: 3, batchSize: 2 }); // 300 batches
  const seconds = (performance.now() - start) / 1000;
  assert.equal(shown.length, 1, "one display");
  const { updates } = shown[0];
  // the first display, at most 2 redraws a second, and the final state
  assert.ok(
    updates >= 1 && updates <= Math.ceil(seconds * 2) + 1,
    `${updates} updates in ${seconds.toFixed(2)}s`,
  );
  assert.equal(d.draws, updates + 1);
  const view = shown[0].value as typeof d.view;
  assert.equal(view, d.view);
  assert.match(
    String(view),
    /^finished 3 epochs in [\d.]+s\nloss [\d.]+ · accuracy [\d.]+ · valLoss [\d.]+ · valAccuracy/,
  );
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  assert.deepEqual(
    elements(svg, "text")
      .map((t) => t.textContent)
      .filter((t) => ["loss", "accuracy", "learning rate", "gradient norm per parameter"].includes(t!)),
    ["loss", "accuracy", "learning rate", "gradient norm per parameter"],
  );
  const { data: traces } = plotlyOf(view);
  // loss: raw batches (faint), smoothed, validation per epoch at x = 1, 2, 3
  const valLoss = traces.find((t) => t.name === "validation")!;
  assert.deepEqual(valLoss.x, [1, 2, 3]);
  const raw = traces[0];
  assert.equal((raw.x as number[]).length, 300); // under the budget: every batch kept
  assert.equal((raw.x as number[]).at(-1), 3);
  // a gradient-norm curve per parameter (two Linear layers: weight and bias each)
  assert.deepEqual(
    traces.filter((t) => t.xaxis === "x4").map((t) => t.name),
    ["0.weight", "0.bias", "2.weight", "2.bias"],
  );
});

/** Calls the dashboard's callbacks as fit() would for `epochs × batches` batches, with no model. */
async function simulate(cb: Callback, epochs: number, batches: number) {
  const history = new History();
  const ctx = { history, epochs, batches, elapsed: 0, eta: 0, lr: 0.1 } as unknown as TrainContext;
  const norms = { "0.weight": 1, "0.bias": 0.1, "2.weight": 0.5, "2.bias": 0.05 };
  let gradNormCalls = 0;
  ctx.gradNorms = () => (gradNormCalls++, norms);
  await cb.onTrainBegin?.(ctx);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    for (let batch = 1; batch <= batches; batch++) {
      Object.assign(ctx, {
        epoch,
        batch,
        logs: { loss: 1 / (epoch + batch / batches) + Math.random() * 0.1, accuracy: Math.random() },
      });
      await cb.onBatchEnd?.(ctx);
    }
    history.push({
      epoch,
      loss: 1 / epoch,
      accuracy: 0.5,
      valLoss: 1.1 / epoch,
      valAccuracy: 0.5,
      lr: 0.1,
      time: epoch,
    });
    ctx.logs = history.last!;
    await cb.onEpochEnd?.(ctx);
  }
  await cb.onTrainEnd?.(ctx);
  return gradNormCalls;
}

test("after 10,000 batches the output stays under 1 MB, and gradient norms were measured only for kept points", async (t) => {
  const shown = fakeDisplay();
  const d = dashboard();
  const gradNormCalls = await simulate(d, 10, 1000);
  const bundle = (shown[0].value as typeof d.view).bundle();
  const bytes = Buffer.byteLength(JSON.stringify(bundle));
  t.diagnostic(
    `dashboard output after 10,000 batches: ${(bytes / 1024).toFixed(0)} KiB; gradNorms() called ${gradNormCalls} times`,
  );
  assert.ok(bytes < 1024 * 1024, `${bytes} bytes`);
  const raw = plotlyOf(d.view).data[0].x as number[];
  assert.ok(raw.length >= 250 && raw.length < 500, `${raw.length} points kept`);
  assert.equal(raw[0], 0.001); // the first batch, then evenly spaced
  assert.ok(gradNormCalls < 10_000 / 5, `${gradNormCalls} gradNorms() calls for 10,000 batches`);
});

test("in plain Node (no display global) the dashboard prints a progress line per epoch", async (t) => {
  const log = t.mock.method(console, "log", () => {});
  await simulate(dashboard(), 2, 5);
  assert.deepEqual(
    log.mock.calls.map((c) => String(c.arguments[0]).replace(/ ·.*/, "")),
    ["epoch 1/2", "epoch 2/2"],
  );
});

test("fit's default display: the kernel's factory unless verbose is false or a callback shows progress", async (t) => {
  manualSeed(1);
  let made = 0;
  const marker: Callback = {};
  setDefaultCallbacks(() => (made++, [marker]));
  const ran: string[] = [];
  const spy = (name: string, showsProgress = false): Callback => ({
    showsProgress,
    onTrainEnd: () => void ran.push(name),
  });
  marker.onTrainEnd = () => void ran.push("default");
  await train(model(), { epochs: 1 });
  await train(model(), { epochs: 1, verbose: true });
  await train(model(), { epochs: 1, callbacks: [spy("mine")] }); // a callback that shows nothing: default kept
  await train(model(), { epochs: 1, verbose: false });
  await train(model(), { epochs: 1, callbacks: [spy("my dashboard", true)] });
  assert.deepEqual(ran, ["default", "default", "mine", "default", "my dashboard"]);
  assert.equal(made, 3);
  // with no factory (plain Node): nothing by default, progress lines with verbose: true
  setDefaultCallbacks(undefined);
  const log = t.mock.method(console, "log", () => {});
  await train(model(), { epochs: 1 });
  assert.equal(log.mock.callCount(), 0);
  await train(model(), { epochs: 1, verbose: true });
  assert.match(String(log.mock.calls[0].arguments[0]), /^epoch 1\/1 · loss /);
  assert.equal(progress().showsProgress, true);
  assert.equal(dashboard().showsProgress, true);
});
