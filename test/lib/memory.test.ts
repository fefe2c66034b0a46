// The tensor memory budget: a tensor bigger than the budget is refused with a sentence that says what and
// why, tensors held are counted through the `inUse` measure (after trying to reclaim), nothing is allocated
// when refused, and without a budget nothing changes.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { matmul, MemoryLimitError, memoryLimit, ones, setMemoryLimit, zeros } from "../../lib";
import { parseBytes, readLimits } from "../../kernel/limits";

describe("setMemoryLimit", () => {
  afterEach(() => setMemoryLimit(undefined));

  test("a tensor bigger than the whole budget is refused, with its size and the limit", () => {
    setMemoryLimit(1_000_000);
    assert.equal(memoryLimit(), 1_000_000);
    assert.throws(
      () => zeros([1000, 1000]),
      (err: unknown) =>
        err instanceof MemoryLimitError &&
        err.requested === 4_000_000 &&
        /^a float32 tensor of 1,000,000 elements needs 4\.0 MB, over this kernel's memory limit of 1\.0 MB\. Nothing was allocated/.test(
          err.message,
        ),
    );
    assert.equal(zeros([100, 100]).size, 10_000, "smaller ones are fine");
  });

  test("ops' results are checked too (matmul's output, float64)", () => {
    setMemoryLimit(100_000);
    const a = ones([200, 1]);
    const b = ones([1, 200]);
    assert.throws(() => matmul(a, b), /a float32 tensor of 40,000 elements needs 160 kB/);
  });

  test("with inUse, what is held counts: refused once the budget is full, after one reclaim", () => {
    let held = 0;
    let reclaimed = 0;
    setMemoryLimit(10_000_000, {
      inUse: () => held,
      reclaim: () => reclaimed++,
      source: "set for this class",
    });
    zeros([500_000]); // 2 MB: checked at once (over 1/64 of the budget)
    held = 9_000_000;
    assert.throws(
      () => zeros([500_000]),
      /needs 2\.0 MB, over this kernel's memory limit of 10 MB \(set for this class\); 9\.0 MB of it is in use already/,
    );
    assert.equal(reclaimed, 1);
    held = 0;
    assert.equal(zeros([500_000]).size, 500_000);
  });

  test("small tensors are measured in batches, not one by one", () => {
    let calls = 0;
    setMemoryLimit(64_000_000, { inUse: () => (calls++, 0) });
    for (let i = 0; i < 1000; i++) zeros([100]);
    assert.equal(calls, 0, "400 kB of small tensors: under a sixteenth of the budget, not measured yet");
    for (let i = 0; i < 10_000; i++) zeros([250]);
    assert.ok(calls >= 1 && calls <= 3, `measured ${calls} times for 10 MB`);
  });

  test("no budget: nothing is checked; a bad budget is a RangeError", () => {
    assert.equal(memoryLimit(), undefined);
    assert.equal(zeros([1000, 1000]).size, 1_000_000);
    assert.throws(() => setMemoryLimit(0), RangeError);
    assert.throws(() => setMemoryLimit(Number.NaN), RangeError);
  });
});

describe("the kernel's limits from the environment", () => {
  test("sizes and seconds are read; bad ones are reported and mean no limit", () => {
    assert.equal(parseBytes("512M"), 512 * 2 ** 20);
    assert.equal(parseBytes("1.5g"), 1.5 * 2 ** 30);
    assert.equal(parseBytes("2GiB"), 2 * 2 ** 30);
    assert.equal(parseBytes("1000"), 1000);
    assert.equal(parseBytes("lots"), undefined);
    assert.deepEqual(readLimits({ GRADLAB_MEMORY_LIMIT: "256M", GRADLAB_CELL_TIME_LIMIT: "30" }), {
      memoryBytes: 256 * 2 ** 20,
      cellSeconds: 30,
      problems: [],
    });
    assert.deepEqual(readLimits({}), { memoryBytes: undefined, cellSeconds: undefined, problems: [] });
    const bad = readLimits({ GRADLAB_MEMORY_LIMIT: "lots", GRADLAB_CELL_TIME_LIMIT: "-1" });
    assert.equal(bad.memoryBytes, undefined);
    assert.equal(bad.cellSeconds, undefined);
    assert.equal(bad.problems.length, 2);
  });
});
