// Step scopes: fit() recycles each step's tensors through the storage pool and gives bit-for-bit the
// losses it gives with the pool off (so nothing kept — weights, gradients, Adam's state — was reused);
// a tensor recycled at the end of a step throws a RecycledTensorError that says how to keep it; keep(),
// the return value and storage made outside the step survive; a step that throws recycles nothing.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import {
  crossEntropy,
  data,
  fit,
  keep,
  manualSeed,
  nn,
  optim,
  randint,
  randn,
  RecycledTensorError,
  setBackend,
  stepScope,
} from "../../lib";
import { clearStoragePool, setStoragePoolCap, storagePoolStats } from "../../lib/storage-pool";

const convnet = () =>
  new nn.Sequential(
    new nn.Conv2d(1, 8, 3),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 12, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(12 * 6 * 6, 10),
  );

/** The 20 batch losses of one epoch of fit() from seed 0 (320 samples, batch 16). */
async function fitLosses(backend: string): Promise<number[]> {
  setBackend(backend);
  manualSeed(0);
  const model = convnet();
  const train = new data.TensorDataset(randn([320, 1, 26, 26]), randint(0, 10, [320]));
  const losses: number[] = [];
  await fit(model, train, {
    optimizer: new optim.Adam(model, { lr: 1e-2 }),
    loss: "crossEntropy",
    batchSize: 16,
    verbose: false,
    callbacks: [{ onBatchEnd: (ctx) => void losses.push(ctx.logs.loss) }],
  });
  return losses;
}

describe("stepScope", () => {
  afterEach(() => {
    setBackend("reference");
    setStoragePoolCap(256 * 2 ** 20);
    clearStoragePool();
  });

  for (const backend of ["gpu:webasm", "reference"]) {
    test(`fit() with the storage pool gives the same losses bit for bit as without it (${backend})`, async () => {
      setStoragePoolCap(0);
      const unpooled = await fitLosses(backend);
      setStoragePoolCap(256 * 2 ** 20);
      clearStoragePool();
      const before = storagePoolStats().reused;
      const pooled = await fitLosses(backend);
      const reused = storagePoolStats().reused - before;
      assert.equal(pooled.length, 20);
      assert.ok(reused > 20 * 10, `the steps reused pooled storage (${reused} times)`);
      assert.deepEqual(pooled, unpooled);
      assert.ok(pooled.every(Number.isFinite) && new Set(pooled).size === 20, `losses ${pooled}`);
    });
  }

  test("a tensor recycled after the step throws a RecycledTensorError that says how to keep it", () => {
    manualSeed(0);
    const model = convnet();
    const x = randn([2, 1, 26, 26]);
    let hidden = x;
    const loss = stepScope(() => {
      hidden = model.forward(x);
      const loss = crossEntropy(hidden, randint(0, 10, [2]));
      loss.backward();
      return loss.item();
    }, [model]);
    assert.ok(Number.isFinite(loss));
    assert.throws(
      () => hidden.sum(),
      (err: unknown) =>
        err instanceof RecycledTensorError &&
        /made by linear|made by add|made by matmul/.test(err.message) &&
        /memory was reused/.test(err.message) &&
        /keep\(t\)/.test(err.message),
    );
    assert.throws(() => hidden.toArray(), RecycledTensorError);
    assert.deepEqual(hidden.shape, [2, 10], "its shape is still there");
    assert.equal(x.sum().item(), x.sum().item(), "the input, made outside the step, is intact");
    assert.ok(model.parameters().every((p) => p.grad !== null && Number.isFinite(p.grad.sum().item())));
  });

  test("keep(), the return value and the kept roots' gradients survive with their values", () => {
    manualSeed(0);
    const model = convnet();
    const x = randn([2, 1, 26, 26]);
    const expected = model.forward(x).toArray();
    let kept = x;
    const returned = stepScope(() => {
      kept = keep(model.forward(x));
      const out = model.forward(x);
      out.sum().backward();
      return { out };
    }, [model]);
    clearStoragePool();
    stepScope(() => model.forward(randn([2, 1, 26, 26])).mul(0)); // reuses whatever was recycled
    assert.deepEqual(kept.toArray(), expected);
    assert.deepEqual(returned.out.toArray(), expected);
    const grad = model.parameters()[0].grad!;
    assert.ok(grad.abs().sum().item() > 0);
  });

  test("a loss returned before its backward() keeps the whole step: backward afterwards is exact", () => {
    setBackend("gpu:webasm"); // whose max-pool keeps its argmax in a plain array, held by the closure
    manualSeed(0);
    const model = convnet();
    const x = randn([4, 1, 26, 26]);
    const y = randint(0, 10, [4]);
    crossEntropy(model.forward(x), y).backward();
    const expected = model.parameters().map((p) => p.grad!.toArray());
    model.parameters().forEach((p) => (p.grad = null));
    const loss = stepScope(() => crossEntropy(model.forward(x), y), [model]);
    stepScope(
      () =>
        model
          .forward(randn([4, 1, 26, 26]))
          .sum()
          .backward(),
      [model],
    ); // would reuse storage
    model.parameters().forEach((p) => (p.grad = null));
    loss.backward();
    assert.deepEqual(
      model.parameters().map((p) => p.grad!.toArray()),
      expected,
    );
  });

  test("a step that throws recycles nothing", () => {
    const before = storagePoolStats().bytes;
    let made = randn([1]);
    assert.throws(() =>
      stepScope(() => {
        made = randn([100, 100]).mul(2);
        throw new Error("boom");
      }),
    );
    assert.equal(made.size, 10_000);
    assert.equal(storagePoolStats().bytes, before);
  });
});
