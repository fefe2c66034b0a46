// gradients() against eager autograd on a broad set of ops (float64, 1e-10): each case is written once,
// with Tensor methods (or eager functions through apply), and run eagerly on tensors and as a graph on
// nodes. Second derivatives through gradients(gradients(...)) against eager double backward.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  avgPool2d,
  clamp,
  concat,
  conv2d,
  crossEntropy,
  gather,
  grad,
  layerNorm,
  linear,
  manualSeed,
  maxPool2d,
  mseLoss,
  pad,
  randn,
  tensor,
  Tensor,
  where,
} from "../../../lib/index";
import { Graph, gradients, Session, type Node } from "../../../lib/graph";
import { assertCloseValues } from "../../helpers/close";

manualSeed(3);
const f64 = { dtype: "float64" as const };
const positive = (shape: number[]) => randn(shape, f64).abs().add(0.5);

/**
 * A computation on tensors or on nodes: Node mirrors Tensor's methods, so one function serves both.
 * `on` applies an eager function: directly to tensors, through the graph to nodes.
 */
type Value = Tensor & Node;
type On = (fn: (...a: never[]) => Tensor, ...args: unknown[]) => Value;
interface Case {
  name: string;
  inputs: Tensor[];
  f: (on: On, ...xs: Value[]) => Tensor | Node;
  /** also check the second derivative */
  second?: boolean;
}

const idx = tensor([2, 0, 1, 2], { dtype: "int32" });
const cases: Case[] = [
  { name: "add (broadcast)", inputs: [randn([3, 4], f64), randn([4], f64)], f: (_, a, b) => a.add(b) },
  { name: "sub (broadcast)", inputs: [randn([3, 1], f64), randn([1, 4], f64)], f: (_, a, b) => a.sub(b) },
  {
    name: "mul, a value used twice",
    inputs: [randn([3, 4], f64)],
    f: (_, a) => a.mul(a).mul(a),
    second: true,
  },
  { name: "div", inputs: [randn([3, 4], f64), positive([3, 4])], f: (_, a, b) => a.div(b), second: true },
  { name: "neg, number operands", inputs: [randn([5], f64)], f: (_, a) => a.neg().mul(3).add(1) },
  { name: "pow", inputs: [positive([4]), randn([4], f64)], f: (_, a, b) => a.pow(b), second: true },
  {
    name: "exp, log, sqrt",
    inputs: [positive([6])],
    f: (_, a) => a.exp().add(a.log()).add(a.sqrt()),
    second: true,
  },
  {
    name: "abs, sin, cos",
    inputs: [randn([6], f64)],
    f: (_, a) => a.abs().add(a.sin()).mul(a.cos()),
    second: true,
  },
  {
    name: "tanh, sigmoid",
    inputs: [randn([2, 5], f64)],
    f: (_, a) => a.tanh().mul(a.sigmoid()),
    second: true,
  },
  { name: "relu, leakyRelu", inputs: [randn([10], f64)], f: (_, a) => a.relu().add(a.leakyRelu(0.1)) },
  {
    name: "softplus, gelu",
    inputs: [randn([8], f64)],
    f: (_, a) => a.softplus().mul(a.gelu()),
    second: true,
  },
  {
    name: "matmul (batched)",
    inputs: [randn([2, 3, 4], f64), randn([4, 5], f64)],
    f: (_, a, b) => a.matmul(b),
    second: true,
  },
  { name: "matmul (vectors)", inputs: [randn([4], f64), randn([4], f64)], f: (_, a, b) => a.matmul(b) },
  {
    name: "linear",
    inputs: [randn([3, 4], f64), randn([2, 4], f64), randn([2], f64)],
    f: (on, x, w, b) => on(linear, x, w, b),
  },
  {
    name: "sum, mean over dims",
    inputs: [randn([3, 4, 5], f64)],
    f: (_, a) => a.sum(1).add(a.mean([0, 1], { keepDim: true }).squeeze(0)),
  },
  { name: "max, min", inputs: [randn([4, 6], f64)], f: (_, a) => a.max(1).add(a.min(1)) },
  { name: "var, std", inputs: [randn([4, 6], f64)], f: (_, a) => a.var(1).add(a.std(0).sum()), second: true },
  {
    name: "logSumExp, softmax, logSoftmax",
    inputs: [randn([3, 5], f64)],
    f: (_, a) =>
      a
        .logSumExp(1)
        .sum()
        .add(a.softmax(1).mul(a.logSoftmax(0))),
    second: true,
  },
  {
    name: "reshape, transpose, permute",
    inputs: [randn([2, 3, 4], f64)],
    f: (_, a) => a.reshape([6, 4]).T.matmul(a.permute([2, 0, 1]).reshape([4, 6]).T),
  },
  {
    name: "expand, unsqueeze, flatten",
    inputs: [randn([3, 1], f64)],
    f: (_, a) => a.expand([2, 3, 4]).unsqueeze(0).flatten(),
  },
  {
    name: "concat, gather, where, clamp",
    inputs: [randn([4, 3], f64), randn([4, 3], f64)],
    f: (on, a, b) =>
      on(concat, [on(clamp, a, -0.5, 0.5), on(where, a.gt(0), a, b)], 1).add(
        on(gather, b, 1, idx.reshape([4, 1])),
      ),
  },
  { name: "pad", inputs: [randn([2, 3], f64)], f: (on, a) => on(pad, a, [1, 2]).mul(a.sum()) },
  {
    name: "conv2d, maxPool2d, avgPool2d",
    inputs: [randn([2, 2, 6, 6], f64), randn([3, 2, 3, 3], f64), randn([3], f64)],
    f: (on, x, w, b) =>
      on(maxPool2d, on(conv2d, x, w, b, { padding: 1 }), 2).add(
        on(avgPool2d, x.sum(1, { keepDim: true }), 2),
      ),
  },
  {
    name: "layerNorm",
    inputs: [randn([4, 6], f64), randn([6], f64), randn([6], f64)],
    f: (on, x, w, b) => on(layerNorm, x, [6], w, b),
  },
  {
    name: "crossEntropy",
    inputs: [randn([4, 3], f64)],
    f: (on, x) => on(crossEntropy, x, idx),
  },
  {
    name: "mseLoss",
    inputs: [randn([4, 3], f64), randn([4, 3], f64)],
    f: (on, x, t) => on(mseLoss, x.tanh(), t),
    second: true,
  },
];

const eagerOn: On = (fn, ...args) => (fn as (...a: unknown[]) => Tensor)(...args) as Value;
const leaf = (t: Tensor) => new Tensor(t.data.slice(), t.shape, { requiresGrad: true });
const close = (a: Tensor, b: Tensor | null, what: string) => {
  assert.ok(b, `${what}: eager gives no gradient`);
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assertCloseValues(a.data, b.data, what, { rtol: 1e-10, atol: 1e-10 });
};

/** The case as a graph: a variable per input, so gradients are taken with respect to variables. */
function asGraph(c: Case) {
  const g = new Graph();
  const xs = c.inputs.map((t, i) => g.variable(`x${i}`, t));
  const on: On = (fn, ...args) => g.apply(fn as (...a: unknown[]) => Tensor, ...args) as Value;
  return { g, xs, out: c.f(on, ...(xs as Value[])) as Node };
}

describe("gradients() agrees with eager autograd", () => {
  for (const c of cases) {
    it(c.name, () => {
      const { g, xs, out } = asGraph(c);
      const upstream = randn(out.examples[0].shape, f64);
      const grads = gradients(out, xs, g.constant(upstream));
      const values = new Session(g).run(grads);
      const leaves = c.inputs.map(leaf);
      const expected = grad(c.f(eagerOn, ...(leaves as Value[])) as Tensor, leaves, { grad: upstream });
      values.forEach((v, i) => close(v, expected[i], `∂/∂x${i}`));
    });
  }
});

describe("second derivatives: gradients(gradients(...))", () => {
  for (const c of cases.filter((c) => c.second)) {
    it(c.name, () => {
      const { g, xs, out } = asGraph(c);
      const upstream = randn(out.examples[0].shape, f64);
      const first = gradients(out, xs, g.constant(upstream));
      const directions = first.map((d) => randn(d.examples[0].shape, f64));
      // a number from the first derivatives, differentiated again: a Hessian-vector product
      const scalar = first.map((d, i) => d.mul(directions[i]).sum()).reduce((a, b) => a.add(b));
      const values = new Session(g).run(gradients(scalar, xs));

      const leaves = c.inputs.map(leaf);
      const eagerFirst = grad(c.f(eagerOn, ...(leaves as Value[])) as Tensor, leaves, {
        grad: upstream,
        createGraph: true,
      });
      const eagerScalar = eagerFirst.map((d, i) => d!.mul(directions[i]).sum()).reduce((a, b) => a.add(b));
      const expected = grad(eagerScalar, leaves);
      values.forEach((v, i) => close(v, expected[i], `∂²/∂x${i}`));
      assert.ok(
        values.some((v) => v.data.some((e) => e !== 0)),
        "a non-zero second derivative",
      );
    });
  }
});

describe("gradients(): the graph it builds", () => {
  it("adds nodes that run each op's backward, and sums the paths where a value is used twice", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 3]);
    const w = g.variable("w", randn([3, 1]));
    const y = x.matmul(w).tanh().add(x.matmul(w)).sum();
    const before = g.nodes.length;
    const [dw] = gradients(y, [w]);
    const added = g.nodes.slice(before).map((n) => n.op);
    assert.ok(added.includes("matmul.grad") && added.includes("tanh.grad"), added.join(", "));
    assert.equal(dw.op, "add"); // the two matmuls' contributions
    assert.deepEqual(dw.shape, [3, 1]);
    const xs = randn([4, 3]);
    const leafW = leaf(g.variables()[0].value!);
    const eager = xs.matmul(leafW).tanh().add(xs.matmul(leafW)).sum();
    eager.backward();
    assertCloseValues(new Session(g).run(dw, { x: xs }).data, leafW.grad!.data, "dw");
  });

  it("gives zeros for a variable the output does not depend on", () => {
    const g = new Graph();
    const a = g.variable("a", randn([2]));
    const b = g.variable("b", randn([3]));
    const [db] = gradients(a.mul(2).sum(), [b]);
    assert.deepEqual(new Session(g).run(db).toArray(), [0, 0, 0]);
  });
});
