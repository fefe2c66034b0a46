// Tensor basics: creation (deterministic ones against PyTorch), seeded randomness, reading values out,
// printing like PyTorch's str(t), and the notebook display hook.
import "../helpers/torch-warm";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as g from "../../lib/index";
import { ShapeError, Tensor, manualSeed, tensor } from "../../lib/index";
import { assertClose } from "../helpers/close";
import { askTorchAsync, specOf, type TorchResult } from "../helpers/torch";

const made: [string, () => Tensor, string][] = [
  ["arange(5)", () => g.arange(5), "torch.arange(5.)"],
  ["arange(1, 4, 0.5)", () => g.arange(1, 4, 0.5), "torch.arange(1, 4, 0.5)"],
  ["arange(0, 1, 0.1)", () => g.arange(0, 1, 0.1), "torch.arange(0, 1, 0.1)"],
  ["arange(10, 0, -3)", () => g.arange(10, 0, -3), "torch.arange(10., 0, -3)"],
  ["arange(3, 3) is empty", () => g.arange(3, 3), "torch.arange(3., 3)"],
  ["linspace(0, 1, 5)", () => g.linspace(0, 1, 5), "torch.linspace(0, 1, 5)"],
  ["linspace(-1, 2, 7)", () => g.linspace(-1, 2, 7), "torch.linspace(-1, 2, 7)"],
  ["linspace(3, 9, 1)", () => g.linspace(3, 9, 1), "torch.linspace(3, 9, 1)"],
  ["eye(3)", () => g.eye(3), "torch.eye(3)"],
  ["eye(2, 4)", () => g.eye(2, 4), "torch.eye(2, 4)"],
  ["full([2, 2], 7)", () => g.full([2, 2], 7), "torch.full((2, 2), 7.)"],
  ["zeros([2, 0])", () => g.zeros([2, 0]), "torch.zeros(2, 0)"],
  ["ones([])", () => g.ones([]), "torch.ones(())"],
];

/** Tensors whose printed values should read exactly as PyTorch's str(t) (up to our shape/dtype suffix). */
const printed: [string, Tensor][] = [
  [
    "matrix",
    tensor([
      [1.5, 2],
      [3, 4],
    ]),
  ],
  ["integers as floats", tensor([1, 2, 3])],
  ["negatives", tensor([-1.25, 0.5, 10])],
  ["small and large: scientific", tensor([1e-5, 1e5, -3])],
  ["nan and inf", tensor([1, NaN, Infinity, -Infinity])],
  ["0-d", g.scalar(3.5)],
  [
    "int32",
    tensor(
      [
        [1, -20],
        [300, 4],
      ],
      { dtype: "int32" },
    ),
  ],
  ["3-D", g.arange(24).reshape([2, 3, 4]).div(7)],
  ["wraps at 80 columns", g.arange(40).div(7)],
  ["over 1000 elements: ...", g.arange(2000)],
  ["2-D over 1000 elements", g.arange(3000).reshape([30, 100])],
  ["3-D over 1000 elements", g.arange(1200).reshape([12, 10, 10]).div(3)],
  ["zeros", g.zeros([3])],
  ["float64", tensor([0.1, 0.2], { dtype: "float64" })],
];

/** PyTorch's str(t), sent back as a tensor of character codes (the oracle speaks tensors). */
const strOf = "torch.tensor([float(ord(ch)) for ch in str(t)])";
const decode = (r: TorchResult) => String.fromCharCode(...r.out!.data);

let torch: TorchResult[] = [];
before(async () => {
  torch = await askTorchAsync([
    ...made.map(([, , expr]) => ({ expr, inputs: {} })),
    ...printed.map(([, t]) => ({ expr: strOf, inputs: { t: specOf(t) } })),
  ]);
});

describe("creation", () => {
  made.forEach(([name, make], i) => {
    it(`${name} matches PyTorch`, () => {
      const t = make();
      assert.equal(t.dtype, "float32");
      assertClose(t, torch[i].out!, name, { rtol: 0, atol: 1e-7 });
    });
  });

  it("tensor() reads nested arrays: shape, dtype, values", () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.deepEqual(t.shape, [2, 3]);
    assert.equal(t.dtype, "float32");
    assert.deepEqual(t.toArray(), [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    assert.equal(tensor([true, false]).dtype, "bool");
    assert.deepEqual(tensor([true, false]).toArray(), [true, false]);
    assert.deepEqual(tensor(5).shape, []);
    assert.deepEqual(tensor([]).shape, [0]);
    assert.equal(tensor([1, 2], { dtype: "int32" }).dtype, "int32");
  });

  it("tensor() keeps a typed array's type, and takes a shape", () => {
    assert.equal(tensor(new Float64Array([1, 2])).dtype, "float64");
    assert.equal(tensor(Int32Array.of(1, 2)).dtype, "int32");
    const t = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2] });
    assert.deepEqual(t.toArray(), [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    assert.throws(
      () => tensor(new Float32Array(5), { shape: [2, 3] }),
      /shape \[2,3\] needs 6 values, got 5/,
    );
  });

  it("a ragged nested array is an error naming where", () => {
    assert.throws(
      () => tensor([[1, 2], [3]]),
      (err: Error) =>
        err instanceof ShapeError &&
        err.message === "tensor: ragged nested array: values[0] has shape [2] but values[1] has [1]",
    );
  });

  it("zeros/ones/full take a dtype and requiresGrad", () => {
    const t = g.ones([2], { dtype: "float64", requiresGrad: true });
    assert.equal(t.dtype, "float64");
    assert.equal(t.requiresGrad, true);
    assert.deepEqual(g.full([2], 3, { dtype: "int32" }).toArray(), [3, 3]);
  });

  it("*Like copies shape and dtype", () => {
    const base = g.zeros([2, 3], { dtype: "float64" });
    for (const t of [
      g.zerosLike(base),
      g.onesLike(base),
      g.fullLike(base, 2),
      g.randLike(base),
      g.randnLike(base),
    ]) {
      assert.deepEqual(t.shape, [2, 3]);
      assert.equal(t.dtype, "float64");
    }
    assert.deepEqual(Array.from(g.fullLike(base, 2).data), [2, 2, 2, 2, 2, 2]);
    assert.equal(g.onesLike(base, { dtype: "int32" }).dtype, "int32");
  });
});

describe("seeded randomness", () => {
  it("the same seed gives the same numbers", () => {
    manualSeed(123);
    const a = [g.rand([5]), g.randn([5]), g.randint(0, 10, [5])];
    manualSeed(123);
    const b = [g.rand([5]), g.randn([5]), g.randint(0, 10, [5])];
    a.forEach((t, i) => assert.deepEqual(Array.from(t.data), Array.from(b[i].data)));
    manualSeed(124);
    assert.notDeepEqual(Array.from(g.rand([5]).data), Array.from(a[0].data));
  });

  it("rand is uniform in [0, 1)", () => {
    manualSeed(1);
    const u = Array.from(g.rand([10000], { dtype: "float64" }).data);
    assert.ok(u.every((v) => v >= 0 && v < 1));
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`); // σ/√n ≈ 0.003
  });

  it("randn has mean ≈ 0 and std ≈ 1 over 10k samples", () => {
    manualSeed(2);
    const z = g.randn([10000], { dtype: "float64" });
    assert.ok(Math.abs(z.mean().item()) < 0.04, `mean ${z.mean().item()}`); // 4σ/√n
    assert.ok(Math.abs(z.std().item() - 1) < 0.03, `std ${z.std().item()}`);
  });

  it("randint stays in [low, high) and hits every value", () => {
    manualSeed(3);
    const r = g.randint(-2, 3, [1000]);
    assert.equal(r.dtype, "int32");
    assert.deepEqual(
      [...new Set(r.data)].sort((a, b) => a - b),
      [-2, -1, 0, 1, 2],
    );
  });
});

describe("reading values", () => {
  it("item, toArray, dataSync", () => {
    assert.equal(tensor([[2.5]]).item(), 2.5);
    assert.throws(
      () => tensor([1, 2]).item(),
      /only one-element tensors have an item; this one has shape \[2\]/,
    );
    assert.deepEqual(g.zeros([2, 0]).toArray(), [[], []]);
    assert.equal(g.scalar(4).toArray(), 4);
    const d = tensor([1, 2]).dataSync();
    assert.ok(d instanceof Float32Array);
    assert.deepEqual(Array.from(d), [1, 2]);
  });
});

describe("printing", () => {
  printed.forEach(([name, t], i) => {
    it(`${name}: values print as PyTorch's str(t)`, () => {
      const ours = t.toString();
      const theirs = decode(torch[made.length + i]);
      // PyTorch: tensor(VALUES) or tensor(VALUES, dtype=torch.float64); ours: tensor(VALUES, shape=…, dtype=…)
      const values = ours.slice(0, ours.lastIndexOf(", shape="));
      assert.equal(values, theirs.replace(/(, dtype=torch\.\w+)?\)$/, ""));
    });
  });

  it("adds shape, dtype and grad status", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    assert.equal(x.toString(), "tensor([1., 2.], shape=[2], dtype=float32, requiresGrad=true)");
    assert.equal(x.mul(2).toString(), "tensor([2., 4.], shape=[2], dtype=float32, gradFn=<mul>)");
    assert.equal(tensor([true, false]).toString(), "tensor([ true, false], shape=[2], dtype=bool)");
    assert.equal(tensor([1], { name: "w" }).toString(), 'tensor([1.], shape=[1], dtype=float32, name="w")');
  });

  it("the Jupyter display hook gives text/plain and an HTML table for ≤ 2-D", () => {
    const display = (t: Tensor) =>
      (t as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")].call(t);
    const m = display(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    assert.equal(
      m["text/plain"],
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    );
    assert.equal((m["text/html"].match(/<tr>/g) ?? []).length, 2);
    assert.equal((m["text/html"].match(/<td /g) ?? []).length, 4);
    assert.match(m["text/html"], /\[2×2\] float32/);
    const big = display(g.arange(60).reshape([3, 4, 5]));
    assert.doesNotMatch(big["text/html"], /<table/);
    assert.match(big["text/html"], /min 0\.000 · max 59\.00 · mean 29\.50/);
  });
});
