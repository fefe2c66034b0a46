// Building a graph: nodes, names, inferred shapes (unknown dims stay unknown), the listing, and the
// shape errors raised while building, each naming its node.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crossEntropy, mseLoss, ones, randn, ShapeError, tensor, zeros } from "../../../lib/index";
import { Graph, Session } from "../../../lib/graph";

describe("Graph", () => {
  it("infers shapes and dtypes, keeping unknown dims unknown", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 784]);
    const W = g.variable("W", zeros([784, 10]));
    const h = x.matmul(W).relu();
    assert.deepEqual(h.shape, [null, 10]);
    assert.equal(h.dtype, "float32");
    assert.deepEqual(x.reshape([-1, 28, 28]).shape, [null, 28, 28]);
    assert.deepEqual(h.sum(0).shape, [10]);
    assert.deepEqual(h.sum().shape, []);
    assert.deepEqual(x.T.shape, [784, null]);
    const labels = g.placeholder("labels", [null], "int32");
    assert.equal(labels.dtype, "int32");
    assert.deepEqual(g.apply(crossEntropy, h, labels).shape, []);
    assert.equal(x.float().dtype, "float32");
    assert.equal(x.double().dtype, "float64");
  });

  it("names nodes after their op, uniquely, and lists them", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 2]);
    const a = x.mul(2);
    const b = x.mul(a);
    assert.deepEqual([a.name, b.name], ["mul", "mul_1"]);
    assert.deepEqual(b.inputs, [x, a]);
    assert.equal(
      g.toString(),
      [
        "Graph (3 nodes)",
        "  x = placeholder  [null,2] float32",
        "  mul = mul(x, 2)  [null,2] float32",
        "  mul_1 = mul(x, mul)  [null,2] float32",
      ].join("\n"),
    );
  });

  it("takes tensors where nodes go, as constants", () => {
    const g = new Graph();
    const x = g.placeholder("x", [2]);
    const y = x.add(tensor([10, 20]));
    assert.equal(y.inputs[1].kind, "constant");
    assert.deepEqual(new Session(g).run(y, { x: tensor([1, 2]) }).toArray(), [11, 22]);
  });

  it("refuses two nodes of one name and nodes of another graph", () => {
    const g = new Graph();
    g.placeholder("x", [1]);
    assert.throws(() => g.variable("x", ones([1])), { message: 'Graph: there is already a node named "x"' });
    const other = new Graph().placeholder("y", [1]);
    assert.throws(() => g.get("x")!.add(other), {
      message: 'Graph: node "y" belongs to another graph; build everything in one graph',
    });
  });
});

describe("Graph: shape errors when a node is built", () => {
  const g = new Graph();
  const x = g.placeholder("x", [null, 3]);
  const W = g.variable("W", randn([4, 2]));

  it("matmul: eager mode's message, naming the node and its inputs' shapes", () => {
    assert.throws(
      () => x.matmul(W),
      (e: Error) => {
        assert.ok(e instanceof ShapeError);
        assert.match(
          e.message,
          /^graph node "matmul" = matmul\(x \[null,3\], W \[4,2\]\): matmul: \[5,3\] @ \[4,2\]: inner dims 3 ≠ 4/,
        );
        assert.match(e.message, /unknown dims \(null\) are tried as 5 and 7/);
        return true;
      },
    );
  });

  it("broadcasting: the alignment and the fix, as eager", () => {
    const V = g.variable("V", randn([4, 5]));
    const U = g.variable("U", randn([5, 4]));
    assert.throws(
      () => V.add(U),
      (e: Error) => {
        assert.ok(e instanceof ShapeError);
        assert.match(
          e.message,
          /^graph node "add" = add\(V \[4,5\], U \[5,4\]\): add: shapes \[4,5\] and \[5,4\] cannot broadcast/,
        );
        assert.match(e.message, /Fix: b\.transpose\(\)/);
        assert.doesNotMatch(e.message, /tried as/); // no unknown dims were involved
        return true;
      },
    );
  });

  it("reshape and losses", () => {
    assert.throws(
      () => x.reshape([4, -1]),
      (e: Error) =>
        e instanceof ShapeError &&
        /^graph node "reshape" = reshape\(x \[null,3\]\): reshape: cannot view \[5,3\]/.test(e.message),
    );
    const y = g.placeholder("y", [null]);
    assert.throws(
      () => g.apply(mseLoss, x, y),
      (e: Error) =>
        e instanceof ShapeError &&
        /^graph node "mseLoss" = mseLoss\(x \[null,3\], y \[null\]\): mseLoss: input \[5,3\] and target \[5\] must have the same shape/.test(
          e.message,
        ),
    );
  });

  it("a failed node is not added", () => {
    const before = g.nodes.length;
    assert.throws(() => x.matmul(W));
    assert.equal(g.nodes.length, before);
  });
});
