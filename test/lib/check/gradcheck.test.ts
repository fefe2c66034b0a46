// gradcheck on every differentiable op, in float64: autograd's gradient must match central differences.
// And gradcheck itself must catch a wrong backward, pointing at the right elements.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as g from "../../../lib/index";
import { gradcheck, manualSeed, record, randn, Tensor } from "../../../lib/index";

manualSeed(11);

/** a float64 input with standard-normal values, or spread over [lo, hi) */
function input(shape: number[], range?: [number, number]): Tensor {
  const t = randn(shape, { dtype: "float64" });
  if (!range) return t;
  const [lo, hi] = range;
  return new Tensor(
    t.data.map((v) => lo + (hi - lo) * (0.5 + 0.5 * Math.tanh(v))),
    shape,
  );
}
const positive = (shape: number[]) => input(shape, [0.3, 2]);
const constant = (values: number[], shape: number[], dtype: g.DType = "int32") =>
  new Tensor(new Float64Array(values), shape).to(dtype);

type Check = [string, (...x: Tensor[]) => Tensor, Tensor[], g.GradcheckOptions?];

const core: Check[] = [
  ["add (broadcast)", (a, b) => g.add(a, b), [input([2, 3]), input([3])]],
  ["sub (broadcast)", (a, b) => g.sub(a, b), [input([2, 1]), input([1, 3])]],
  ["mul (0-d)", (a, b) => g.mul(a, b), [input([]), input([2, 3])]],
  ["div", (a, b) => g.div(a, b), [input([2, 3]), positive([2, 3])]],
  ["neg", (a) => g.neg(a), [input([4])]],
  ["pow (both)", (a, b) => g.pow(a, b), [positive([3]), input([3])]],
  ["pow (number exponent)", (a) => g.pow(a, 3), [input([4])]],
  ["exp", (a) => g.exp(a), [input([2, 2])]],
  ["log", (a) => g.log(a), [positive([4])]],
  ["sqrt", (a) => g.sqrt(a), [positive([4])]],
  ["abs", (a) => g.abs(a), [input([5])]],
  ["sin", (a) => g.sin(a), [input([4])]],
  ["cos", (a) => g.cos(a), [input([4])]],
  ["where", (a, b) => g.where(g.gt(a, 0), a, b), [input([2, 3]), input([3])]],
  ["maximum", (a, b) => g.maximum(a, b), [input([2, 3]), input([2, 3])]],
  ["minimum", (a, b) => g.minimum(a, b), [input([2, 3]), input([3])]],
  ["clamp", (a) => g.clamp(a, -0.5, 0.5), [input([6])]],
  // through float32 the nudge must be far above float32 rounding (1e-7 relative)
  ["to float32 and back", (a) => a.float().double(), [input([3])], { eps: 1e-2, atol: 1e-4 }],
  ["clone", (a) => a.clone(), [input([3])]],
  ["reshape", (a) => a.reshape([3, -1]), [input([2, 3])]],
  ["flatten", (a) => a.flatten(1), [input([2, 2, 2])]],
  ["squeeze / unsqueeze", (a) => a.squeeze().unsqueeze(0), [input([3, 1])]],
  ["expand", (a) => a.expand([2, 3, 4]), [input([3, 1])]],
  ["permute", (a) => a.permute([2, 0, 1]), [input([2, 3, 4])]],
  ["transpose", (a) => a.transpose(0, 1), [input([2, 3])]],
  ["sum (dims)", (a) => g.sum(a, [0, 2]), [input([2, 3, 4])]],
  ["mean (keepDim)", (a) => g.mean(a, 1, { keepDim: true }), [input([2, 3])]],
  ["max (dim)", (a) => g.max(a, 1), [input([3, 4])]],
  ["min (all)", (a) => g.min(a), [input([3, 4])]],
  ["var", (a) => g.variance(a, 0), [input([4, 3])]],
  ["std", (a) => g.std(a, -1), [input([3, 4])]],
  ["logSumExp", (a) => g.logSumExp(a, 1), [input([2, 5])]],
  ["sumTo", (a) => a.sumTo([3, 1]), [input([2, 3, 4])]],
  ["relu", (a) => g.relu(a), [input([6])]],
  ["leakyRelu", (a) => g.leakyRelu(a, 0.1), [input([6])]],
  ["sigmoid", (a) => g.sigmoid(a), [input([6])]],
  ["tanh", (a) => g.tanh(a), [input([6])]],
  ["softplus", (a) => g.softplus(a), [input([6])]],
  ["gelu", (a) => g.gelu(a), [input([6])]],
  ["gelu (tanh)", (a) => g.gelu(a, { approximate: "tanh" }), [input([6])]],
  ["softmax", (a) => g.softmax(a, 0), [input([3, 2])]],
  ["logSoftmax", (a) => g.logSoftmax(a), [input([2, 4])]],
  ["matmul (batched, broadcast)", (a, b) => g.matmul(a, b), [input([2, 1, 2, 3]), input([3, 3, 2])]],
  ["matmul (vectors)", (a, b) => g.matmul(a, b), [input([3]), input([3, 2])]],
  ["linear", (x, w, b) => g.linear(x, w, b), [input([2, 3]), input([4, 3]), input([4])]],
  ["linear (batched input)", (x, w) => g.linear(x, w), [input([2, 2, 3]), input([4, 3])]],
  ["dot", (a, b) => g.dot(a, b), [input([4]), input([4])]],
];

/** The op families added alongside the core; each present as its file lands. */
const families: Check[] = [
  ["slice", (a) => g.slice(a, 1, 0, 3, 2), [input([2, 4])]],
  ["select", (a) => g.select(a, 0, 1), [input([3, 2])]],
  ["narrow", (a) => g.narrow(a, 1, 1, 2), [input([2, 4])]],
  ["indexSelect (repeats)", (a) => g.indexSelect(a, 0, constant([2, 0, 2], [3])), [input([3, 2])]],
  ["gather", (a) => g.gather(a, 1, constant([0, 2, 1, 1], [2, 2])), [input([2, 3])]],
  ["concat", (a, b) => g.concat([a, b], 1), [input([2, 1]), input([2, 3])]],
  ["stack", (a, b) => g.stack([a, b], 0), [input([3]), input([3])]],
  ["split", (a) => g.split(a, 2, 1)[1], [input([2, 4])]],
  ["chunk", (a) => g.chunk(a, 2, 0)[0], [input([4, 2])]],
  ["pad (constant)", (a) => g.pad(a, [1, 2]), [input([2, 3])]],
  ["pad (reflect)", (a) => g.pad(a, [2, 1], { mode: "reflect" }), [input([2, 4])]],
  ["pad (replicate)", (a) => g.pad(a, [1, 1], { mode: "replicate" }), [input([1, 2, 3])]],
  ["pad (circular)", (a) => g.pad(a, [1, 2], { mode: "circular" }), [input([2, 3])]],
  [
    "conv2d",
    (x, w, b) => g.conv2d(x, w, b, { padding: 1 }),
    [input([1, 2, 4, 4]), input([3, 2, 3, 3]), input([3])],
  ],
  [
    "conv2d (stride, dilation, groups)",
    (x, w) => g.conv2d(x, w, undefined, { stride: 2, dilation: 2, groups: 2 }),
    [input([1, 2, 6, 6]), input([4, 1, 2, 2])],
  ],
  ["maxPool2d", (x) => g.maxPool2d(x, 2), [input([1, 2, 4, 4])]],
  ["avgPool2d (padding)", (x) => g.avgPool2d(x, 3, { stride: 2, padding: 1 }), [input([1, 1, 5, 5])]],
  ["mseLoss", (a, b) => g.mseLoss(a, b), [input([3, 2]), input([3, 2])]],
  ["nllLoss", (a) => g.nllLoss(g.logSoftmax(a), constant([1, 0, 2], [3])), [input([3, 3])]],
  [
    "crossEntropy (label smoothing)",
    (a) => g.crossEntropy(a, constant([2, 0], [2]), { labelSmoothing: 0.1 }),
    [input([2, 3])],
  ],
  ["binaryCrossEntropy", (p, y) => g.binaryCrossEntropy(p, y), [input([4], [0.1, 0.9]), input([4], [0, 1])]],
  ["bceWithLogits", (x, y) => g.bceWithLogits(x, y), [input([4]), input([4], [0, 1])]],
  [
    "crossEntropy (probability targets, weights)",
    (a, p, w) => g.crossEntropy(a, p, { weight: w, labelSmoothing: 0.2 }),
    [input([2, 3]), input([2, 3], [0, 1]), positive([3])],
  ],
  [
    "batchNorm (training, affine)",
    (x, w, b) => g.batchNorm(x, null, null, w, b, { training: true }),
    [input([3, 2, 2, 2]), input([2]), input([2])],
  ],
  ["layerNorm", (x, w, b) => g.layerNorm(x, [3], w, b), [input([2, 3]), input([3]), input([3])]],
  // the same seed inside f gives the same mask on every evaluation, so dropout is a fixed linear map
  [
    "dropout (seeded)",
    (x) => {
      manualSeed(5);
      return g.dropout(x, 0.3);
    },
    [input([8])],
  ],
];

describe("gradcheck passes on every differentiable op (float64)", () => {
  for (const [name, fn, inputs, options] of [...core, ...families]) {
    it(name, () => {
      const result = gradcheck(fn, inputs, options);
      assert.ok(result.ok, `${name}: ${result.toString()}`);
      assert.ok(result.table.length > 0);
    });
  }
});

/**
 * Second derivatives: the gradient of f, computed with createGraph, is itself a function of x, and
 * gradcheck checks *its* backward — the backward of every op inside f's backward.
 */
const twice: Check[] = [
  ["mul", (a, b) => g.mul(g.mul(a, b), a), [input([3]), input([3])]],
  ["div", (a, b) => g.div(a, b), [input([3]), positive([3])]],
  ["pow", (a, b) => g.pow(a, b), [positive([3]), input([3])]],
  ["exp, log, sqrt", (a) => g.sqrt(g.log(g.add(g.exp(a), 1))), [input([4])]],
  ["sin, cos", (a) => g.mul(g.sin(a), g.cos(a)), [input([4])]],
  ["tanh, sigmoid, softplus", (a) => g.add(g.tanh(a), g.mul(g.sigmoid(a), g.softplus(a))), [input([5])]],
  ["gelu", (a) => g.gelu(a), [input([5])]],
  ["gelu (tanh)", (a) => g.gelu(a, { approximate: "tanh" }), [input([5])]],
  ["softmax", (a) => g.softmax(a, -1), [input([2, 3])]],
  ["logSoftmax", (a) => g.logSoftmax(a, 0), [input([3, 2])]],
  ["var, std", (a) => g.add(g.variance(a, 1), g.std(a, 1)), [input([2, 4])]],
  ["matmul", (a, b) => g.matmul(g.tanh(a), b), [input([2, 3]), input([3, 2])]],
  // linear reads its weight transposed, and its gradients read operands transposed in turn
  ["linear", (x, w) => g.tanh(g.linear(g.tanh(x), w)), [input([2, 3]), input([4, 3])]],
  ["max", (a) => g.mul(g.max(a, 0), g.max(a, 0)), [input([3, 2])]],
  [
    "movement, sum, mean, logSumExp",
    (a) =>
      g.logSumExp(
        g
          .tanh(a.permute([1, 0]).reshape([-1]).expand([2, 6]))
          .mean(0)
          .unsqueeze(0)
          .sum(0),
        0,
      ),
    [input([2, 3])],
  ],
  [
    "where, maximum, minimum, clamp, relu, abs, leakyRelu (piecewise: second derivative from the pieces)",
    (a, b) =>
      g.mul(
        g.add(g.where(g.gt(a, 0), a, b), g.maximum(a, b)),
        g.add(g.minimum(g.relu(a), g.abs(b)), g.add(g.clamp(a, -0.5, 0.5), g.leakyRelu(b, 0.2))),
      ),
    [input([5]), input([5])],
  ],
  ["linear, dot", (x, w) => g.tanh(g.linear(x, w)).dot(g.tanh(g.linear(x, w))), [input([3]), input([2, 3])]],
  [
    "conv2d",
    (x, w) => g.tanh(g.conv2d(x, w, undefined, { padding: 1 })),
    [input([1, 1, 3, 3]), input([2, 1, 2, 2])],
  ],
  [
    "conv2d (stride, groups, bias)",
    (x, w, b) => g.tanh(g.conv2d(x, w, b, { stride: 2, padding: 1, groups: 2 })),
    [input([1, 2, 4, 4]), input([2, 1, 3, 3]), input([2])],
  ],
  ["maxPool2d", (x) => g.tanh(g.maxPool2d(x, 2, { stride: 1 })), [input([1, 1, 3, 3])]],
  ["avgPool2d", (x) => g.tanh(g.avgPool2d(x, 2, { stride: 1, padding: 1 })), [input([1, 1, 3, 3])]],
  [
    "gather, slice, pad",
    (a) => g.tanh(g.pad(g.gather(g.slice(a, 1, 1), 1, constant([1, 0], [2, 1])), [1, 1])),
    [input([2, 3])],
  ],
  [
    "concat, split",
    (a, b) =>
      g.mul(g.concat([a, b], 0), g.tanh(g.concat(g.split(g.concat([b, a], 0), [2, 4], 0).reverse(), 0))),
    [input([3]), input([3])],
  ],
  [
    "crossEntropy (label smoothing)",
    (a) => g.crossEntropy(a, constant([2, 0], [2]), { labelSmoothing: 0.1 }),
    [input([2, 3])],
  ],
  [
    "batchNorm (training)",
    (x) => g.batchNorm(x, null, null, null, null, { training: true }),
    [input([4, 2])],
  ],
];

describe("gradcheck of gradients (double backward with createGraph)", () => {
  for (const [name, f, inputs] of twice) {
    it(name, () => {
      // x ↦ ∂ sum(f(x) · w) / ∂x, for every input at once, flattened and joined into one output
      const gradient = (...xs: Tensor[]) => {
        const y = f(...xs);
        const w = new Tensor(
          new Float64Array(y.size).map((_, i) => 1 + i / 3),
          y.shape,
        );
        const grads = g.grad(g.sum(g.mul(y, w)), xs, { createGraph: true });
        return g.concat(grads.map((gr, i) => (gr ?? g.zerosLike(xs[i])).reshape([-1])));
      };
      const result = gradcheck(gradient, inputs);
      assert.ok(result.ok, `${name}: ${result.toString()}`);
    });
  }
});

/** x ↦ x² with a backward that is off by a factor 3 on elements ≥ 1 — a typical student slip. */
function wrongSquare(x: Tensor): Tensor {
  const out = new Tensor(
    x.data.map((v) => v * v),
    x.shape,
  );
  return record("square", [x], out, (grad) => [g.mul(grad, g.mul(x, g.where(g.ge(x, 1), 6, 2)))]);
}

describe("gradcheck catches a wrong backward", () => {
  const x = constant([0.5, 1.5, -2, 3], [2, 2], "float64");
  const result = gradcheck(wrongSquare, [x]);

  it("fails, reporting exactly the wrong elements", () => {
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.failures.map((r) => r.index),
      [
        [0, 1],
        [1, 1],
      ],
    );
  });

  it("gives analytical and numerical values per element", () => {
    // sum(out · w) with w = 1, 1.25, 1.5, 1.75: numerical = 2x·w, analytical = 6x·w where x ≥ 1
    const row = result.table.find((r) => r.index.join() === "1,1")!;
    assert.ok(Math.abs(row.numerical - 2 * 3 * 1.75) < 1e-6);
    assert.ok(Math.abs(row.analytical - 6 * 3 * 1.75) < 1e-12);
    assert.ok(Math.abs(result.maxError - 4 * 3 * 1.75) < 1e-6);
    assert.ok(result.table.find((r) => r.index.join() === "0,0")!.ok);
  });

  it("prints a readable table, failing rows first", () => {
    const text = result.toString();
    assert.match(text, /^gradcheck FAILED: 2 of 4 elements differ/);
    const lines = text.split("\n");
    assert.match(lines[1], /input\s+index\s+analytical\s+numerical\s+error/);
    // x = 1.5 with weight 1.25: numerical 2·1.5·1.25 = 3.75, analytical 6·1.5·1.25 = 11.25
    assert.match(lines[2], /^0\s+\[0,1\]\s+11\.2500\s+3\.75000\s+7\.50e\+0\s+✗$/);
  });

  it("displays in a notebook with failing rows highlighted", () => {
    const display = (result as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ];
    const bundle = display.call(result);
    assert.equal(bundle["text/plain"], result.toString());
    assert.equal((bundle["text/html"].match(/background:#fdd/g) ?? []).length, 2);
    assert.match(bundle["text/html"], /<table/);
  });

  it("passes once the backward is right", () => {
    const square = (t: Tensor) =>
      record(
        "square",
        [t],
        new Tensor(
          t.data.map((v) => v * v),
          t.shape,
        ),
        (grad) => [g.mul(grad, g.mul(t, 2))],
      );
    assert.ok(gradcheck(square, x).ok);
  });

  it("checks only inputs that require grad when some do, in float64", () => {
    const w = input([3]).float().requiresGrad_();
    const c = input([3]).float();
    const r = gradcheck((a, b) => g.mul(a, b), [w, c]);
    assert.ok(r.ok);
    assert.deepEqual([...new Set(r.table.map((row) => row.input))], [0]);
  });
});
