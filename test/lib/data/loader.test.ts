// DataLoader: every sample exactly once per epoch, batches of the asked size, and shuffles that a seed
// reproduces.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { arange, manualSeed, tensor } from "../../../lib";
import { DataLoader, TensorDataset, type Dataset } from "../../../lib/data";

const n = 23;
const dataset = new TensorDataset(arange(n).reshape([n, 1]), arange(n, undefined, 1, { dtype: "int32" }));

/** The sample ids of one epoch, batch by batch, read back from the targets. */
const epoch = (loader: DataLoader) => [...loader].map(([, y]) => Array.from(y.data));

describe("DataLoader", () => {
  test("without shuffle: in order, last batch short", () => {
    const batches = epoch(new DataLoader(dataset, { batchSize: 5 }));
    assert.equal(batches.length, 5);
    assert.deepEqual(batches.flat(), [...Array(n).keys()]);
    assert.deepEqual(
      batches.map((b) => b.length),
      [5, 5, 5, 5, 3],
    );
  });

  test("dropLast drops the short batch", () => {
    const loader = new DataLoader(dataset, { batchSize: 5, dropLast: true });
    assert.equal(loader.length, 4);
    assert.deepEqual(
      epoch(loader).map((b) => b.length),
      [5, 5, 5, 5],
    );
  });

  test("shuffle: every sample once per epoch, a new order each epoch, reproducible under a seed", () => {
    const loader = new DataLoader(dataset, { batchSize: 4, shuffle: true });
    manualSeed(7);
    const [first, second] = [epoch(loader), epoch(loader)];
    for (const e of [first, second])
      assert.deepEqual(
        [...e.flat()].sort((a, b) => a - b),
        [...Array(n).keys()],
      );
    assert.notDeepEqual(first.flat(), second.flat());
    assert.notDeepEqual(first.flat(), [...Array(n).keys()]);
    manualSeed(7);
    assert.deepEqual(epoch(loader), first);
    assert.deepEqual(epoch(loader), second);
  });

  test("inputs and targets stay paired, with the batch dim first", () => {
    manualSeed(1);
    for (const [x, y] of new DataLoader(dataset, { batchSize: 6, shuffle: true })) {
      assert.deepEqual(x.shape, [y.shape[0], 1]);
      assert.deepEqual(Array.from(x.data), Array.from(y.data));
    }
  });

  test("a dataset without batch() is stacked sample by sample", () => {
    const squares: Dataset = {
      length: 5,
      get: (i) => [tensor([i, i * i]), tensor(i % 2, { dtype: "int32" })],
    };
    const [[x, y]] = [...new DataLoader(squares, { batchSize: 5 })];
    assert.deepEqual(x.toArray(), [
      [0, 0],
      [1, 1],
      [2, 4],
      [3, 9],
      [4, 16],
    ]);
    assert.deepEqual(y.toArray(), [0, 1, 0, 1, 0]);
  });
});
