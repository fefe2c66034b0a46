// The storage pool: a storage handed back is what the next request of its dtype and length gets, zeroed;
// other dtypes and lengths never get it; the cap in bytes drops the oldest first; clear and cap 0 empty it;
// views into a larger buffer are never pooled; the memory budget still refuses what does not fit.
import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { MemoryLimitError, setMemoryLimit } from "../../lib";
import {
  clearStoragePool,
  recycleStorage,
  setStoragePoolCap,
  storagePoolStats,
  takeStorage,
  takeStorageUnfilled,
} from "../../lib/storage-pool";

describe("storage pool", () => {
  afterEach(() => {
    setStoragePoolCap(256 * 2 ** 20);
    clearStoragePool();
    setMemoryLimit(undefined);
  });

  test("a recycled storage is reused for the same dtype and length, zero-filled", () => {
    clearStoragePool();
    const a = takeStorage("float32", 1000);
    assert.ok(a instanceof Float32Array && a.length === 1000);
    a.fill(7);
    recycleStorage(a);
    assert.equal(storagePoolStats().bytes, 4000);
    const b = takeStorage("float32", 1000);
    assert.equal(b, a, "the same array comes back");
    assert.ok(
      b.every((v) => v === 0),
      "zero-filled",
    );
    assert.equal(storagePoolStats().bytes, 0);
    assert.notEqual(takeStorage("float32", 1000), a, "taken once only");
  });

  test("another dtype or length gets a fresh storage; unfilled keeps the old values", () => {
    clearStoragePool();
    const a = takeStorage("float32", 10);
    a.fill(3);
    recycleStorage(a);
    const i = takeStorage("int32", 10);
    assert.ok(i instanceof Int32Array);
    assert.notEqual(takeStorage("float32", 11), a);
    assert.ok(takeStorage("float64", 5) instanceof Float64Array);
    assert.ok(takeStorage("bool", 5) instanceof Uint8Array);
    const u = takeStorageUnfilled("float32", 10);
    assert.equal(u, a);
    assert.deepEqual([...u], Array(10).fill(3));
  });

  test("the cap drops the oldest storage first; recycling twice keeps one copy", () => {
    clearStoragePool();
    setStoragePoolCap(1000);
    const [a, b, c] = [0, 1, 2].map(() => takeStorage("float32", 100)); // 400 bytes each
    recycleStorage(a);
    recycleStorage(b);
    recycleStorage(b);
    assert.equal(storagePoolStats().free, 2);
    recycleStorage(c); // 1200 > 1000: a, the oldest, goes
    assert.deepEqual([storagePoolStats().free, storagePoolStats().bytes], [2, 800]);
    const taken = [takeStorage("float32", 100), takeStorage("float32", 100), takeStorage("float32", 100)];
    assert.ok(taken.includes(b) && taken.includes(c) && !taken.includes(a));
    setStoragePoolCap(500);
    recycleStorage(b);
    recycleStorage(c);
    assert.equal(storagePoolStats().free, 1, "lowering the cap keeps what fits");
    assert.equal(takeStorage("float32", 100), c, "the newest one");
  });

  test("clear and cap 0 keep nothing; views are never pooled", () => {
    clearStoragePool();
    const a = takeStorage("float32", 100);
    recycleStorage(a);
    clearStoragePool();
    assert.deepEqual([storagePoolStats().free, storagePoolStats().bytes], [0, 0]);
    assert.notEqual(takeStorage("float32", 100), a);
    setStoragePoolCap(0);
    recycleStorage(a);
    assert.equal(storagePoolStats().free, 0);
    setStoragePoolCap(10_000);
    const whole = new Float32Array(200);
    recycleStorage(whole.subarray(0, 100));
    recycleStorage(whole.subarray(100));
    assert.equal(storagePoolStats().free, 0);
  });

  test("the memory budget still applies; the pool's free storage is dropped before refusing", () => {
    clearStoragePool();
    setMemoryLimit(10_000, { inUse: () => storagePoolStats().bytes }); // the pool's arrays count as in use
    recycleStorage(takeStorage("float32", 2000)); // 8 kB held free
    assert.ok(takeStorage("float32", 1000) instanceof Float32Array, "8 + 4 kB > 10 kB: fits once dropped");
    assert.equal(storagePoolStats().bytes, 0);
    assert.throws(() => takeStorage("float32", 3000), MemoryLimitError, "bigger than the budget");
  });
});
