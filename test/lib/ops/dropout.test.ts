// Dropout is random, so it is checked by its statistics and its determinism under a seed, not against
// PyTorch's values (its generator is a different one).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ones, randn } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { dropout } from "../../../lib/ops/dropout";
import { sum } from "../../../lib/ops/reduce";

describe("dropout", () => {
  test("drops about p of the elements and scales the rest by 1/(1 − p)", () => {
    manualSeed(1);
    const n = 100_000;
    for (const p of [0.1, 0.5, 0.8]) {
      const y = dropout(ones([n]), p);
      const zeros = y.data.filter((v) => v === 0).length;
      // a binomial count: within 5 standard deviations of n·p
      assert.ok(Math.abs(zeros - n * p) < 5 * Math.sqrt(n * p * (1 - p)), `p=${p}: ${zeros} of ${n} dropped`);
      assert.ok(
        y.data.every((v) => v === 0 || Math.abs(v - 1 / (1 - p)) < 1e-6),
        "survivors are scaled by 1/(1 − p)",
      );
      const meanValue = sum(y).item() / n;
      assert.ok(Math.abs(meanValue - 1) < 0.05, `p=${p}: the mean stays about 1, got ${meanValue}`);
    }
  });

  test("the same seed gives the same mask; another seed another one", () => {
    const x = randn([1000]);
    manualSeed(42);
    const a = Array.from(dropout(x, 0.3).data);
    manualSeed(42);
    const b = Array.from(dropout(x, 0.3).data);
    manualSeed(43);
    const c = Array.from(dropout(x, 0.3).data);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
  });

  test("the gradient is the mask: dropped elements get 0, kept ones 1/(1 − p)", () => {
    manualSeed(2);
    const x = randn([500], { requiresGrad: true });
    const y = dropout(x, 0.4);
    sum(y).backward();
    x.grad!.data.forEach((g, i) => {
      const kept = y.data[i] !== 0;
      assert.ok(Math.abs(g - (kept ? 1 / 0.6 : 0)) < 1e-6, `element ${i}: grad ${g}`);
    });
  });

  test("is the identity when not training, or when p = 0; p = 1 drops everything", () => {
    const x = randn([50]);
    assert.equal(dropout(x, 0.5, { training: false }), x);
    assert.equal(dropout(x, 0), x);
    assert.ok(dropout(x, 1).data.every((v) => v === 0));
    assert.equal(x.dropout(0.5, { training: false }), x);
  });

  test("p outside [0, 1] is refused", () => {
    assert.throws(() => dropout(randn([3]), 1.5), /dropout: p is a probability in \[0, 1\], got 1.5/);
  });
});
