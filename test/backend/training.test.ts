// A convnet's training step on the fast backend: bit-for-bit the same under one seed across two runs
// (the SIMD kernel's threads claim work in whatever order, but each output is computed the same way),
// and the same losses as the reference backend over 20 Adam steps, to float32 tolerance.
import assert from "node:assert/strict";
import { test } from "node:test";
import { crossEntropy, manualSeed, nn, optim, randint, randn, setBackend, type Tensor } from "../../lib";

/** A small CNN whose second conv's products are big enough to run on the kernel's threads. */
const convnet = () =>
  new nn.Sequential(
    new nn.Conv2d(1, 8, 3),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(8, 19, 3, { padding: 1 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(19 * 6 * 6, 10),
  );

/** Losses of `steps` Adam steps from seed 0 on `backend`, and the final parameters' values. */
function train(backend: string, steps: number): { losses: number[]; params: Float32Array[] } {
  setBackend(backend);
  try {
    manualSeed(0);
    const model = convnet();
    const x = randn([16, 1, 26, 26]);
    const y = randint(0, 10, [16]);
    const optimizer = new optim.Adam(model, { lr: 1e-2 });
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x), y);
      loss.backward();
      optimizer.step();
      losses.push(loss.item());
    }
    const params = model.parameters().map((p: Tensor) => Float32Array.from(p.data as Float32Array));
    return { losses, params };
  } finally {
    setBackend("reference");
  }
}

test("a CNN training step on gpu:webasm is bit-for-bit deterministic under a seed", () => {
  const first = train("gpu:webasm", 5);
  const second = train("gpu:webasm", 5);
  assert.deepEqual(second.losses, first.losses);
  first.params.forEach((p, i) => assert.deepEqual(second.params[i], p, `parameter ${i}`));
});

test("gpu:webasm and reference give the same losses over 20 steps, to float32 tolerance", () => {
  const fast = train("gpu:webasm", 20);
  const ref = train("reference", 20);
  assert.ok(ref.losses[19] < ref.losses[0] / 2, `the model learns: ${ref.losses[0]} → ${ref.losses[19]}`);
  fast.losses.forEach((loss, i) => {
    const tolerance = 1e-4 * Math.max(1, Math.abs(ref.losses[i]));
    assert.ok(
      Math.abs(loss - ref.losses[i]) <= tolerance,
      `step ${i}: gpu:webasm ${loss} vs reference ${ref.losses[i]} (tolerance ${tolerance})`,
    );
  });
});
