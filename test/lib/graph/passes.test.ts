// Passes: a graph with a dead branch, a foldable constant subgraph and a repeated subexpression runs
// fewer nodes after them, with bit-identical results; training through an optimised program is unchanged.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { dropout, manualSeed, mseLoss, optim, randn, tensor } from "../../../lib/index";
import { Graph, minimize, passes, Session } from "../../../lib/graph";

function example() {
  const g = new Graph();
  const x = g.placeholder("x", [null, 3]);
  const scale = g
    .constant(tensor([1, 2, 3]))
    .mul(0.5)
    .exp(); // foldable: constants only
  const a = x.mul(scale).tanh();
  const b = x.mul(scale).tanh(); // the same as a
  x.sum().log(); // dead: no output needs it
  const y = a.add(b).sum(1);
  return { g, x, y };
}
const ops = (g: Graph) => g.nodes.filter((n) => n.kind === "op").map((n) => n.name);

describe("passes", () => {
  manualSeed(5);
  const xs = randn([4, 3]);

  it("prune drops what the outputs do not need", () => {
    const { g, y } = example();
    const p = passes.prune({ graph: g, outputs: [y] });
    assert.deepEqual(ops(p.graph), ["mul", "exp", "mul_1", "tanh", "mul_2", "tanh_1", "add", "sum_1"]);
    assert.ok(!p.graph.get("log"));
  });

  it("foldConstants computes constant subgraphs once", () => {
    const { g, y } = example();
    const p = passes.foldConstants({ graph: g, outputs: [y] });
    assert.equal(p.graph.get("exp")!.kind, "constant");
    assert.deepEqual(ops(p.graph), ["mul_1", "tanh", "mul_2", "tanh_1", "add", "sum_1"]);
  });

  it("eliminateCommonSubexpressions keeps one of equal nodes", () => {
    const { g, y } = example();
    const p = passes.eliminateCommonSubexpressions({ graph: g, outputs: [y] });
    assert.deepEqual(ops(p.graph), ["mul", "exp", "mul_1", "tanh", "add", "sum_1"]);
    assert.equal(p.graph.get("add")!.toString(), "add = add(tanh, tanh)  [null,3] float32");
  });

  it("optimize runs fewer nodes with bit-identical results", () => {
    const { g, y } = example();
    const p = passes.optimize({ graph: g, outputs: [y] }, { fuse: false });
    const [before, after] = [new Session(g, { optimize: false }), new Session(p.graph, { optimize: false })];
    const expected = before.run(y, { x: xs });
    const got = after.run(p.outputs[0], { x: xs });
    assert.deepEqual(got.data, expected.data);
    assert.equal(before.lastRun.nodesRun, 8);
    assert.equal(after.lastRun.nodesRun, 4);
  });

  it("random ops are neither folded nor merged", () => {
    const g = new Graph();
    const c = g.constant(randn([100]));
    const y = g.apply(dropout, c, 0.5).add(g.apply(dropout, c, 0.5));
    const p = passes.optimize({ graph: g, outputs: [y] });
    assert.deepEqual(ops(p.graph), ["dropout", "dropout_1", "add"]);
  });

  it("training through an optimised program is unchanged", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 3], "float64");
    const t = g.placeholder("t", [null, 1], "float64");
    const w = g.variable("w", randn([3, 1], { dtype: "float64" }));
    const loss = g.apply(mseLoss, x.matmul(w).tanh(), t);
    const train = minimize(loss, optim.SGD, { lr: 0.1 });
    const p = passes.optimize({ graph: g, outputs: [train, loss] });
    const [s1, s2] = [new Session(g), new Session(p.graph)];
    const [xs, ts] = [randn([8, 3], { dtype: "float64" }), randn([8, 1], { dtype: "float64" })];
    for (let i = 0; i < 5; i++) {
      const [, l1] = s1.run([train, loss], { x: xs, t: ts });
      const [, l2] = s2.run(p.outputs, { x: xs, t: ts });
      assert.deepEqual(l2.data, l1.data, `loss at step ${i}`);
    }
    assert.deepEqual(s2.valueOf(p.graph.get("w")!).data, s1.valueOf(w).data);
  });
});
