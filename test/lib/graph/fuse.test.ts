// Fusion: chains of elementwise ops become one loop, with results bit-identical to the ops run one by
// one (float32 rounded after every step, int32 wrapping as its storage wraps); what must stay a node
// (an output, a value used elsewhere, a value a gradient reads, anything not purely elementwise) stays.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  crossEntropy,
  manualSeed,
  mseLoss,
  nn,
  optim,
  randint,
  randn,
  Tensor,
  tensor,
} from "../../../lib/index";
import { map } from "../../../lib/ops/elementwise";
import { Graph, minimize, passes, Session, trace } from "../../../lib/graph";
import type { Node } from "../../../lib/graph";

const ops = (g: Graph) => g.nodes.filter((n) => n.kind === "op").map((n) => n.op);
const bits = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

/** Runs `outputs` unfused and fused; asserts the same bits; returns the fused program. */
function sameBits(g: Graph, outputs: Node[], feeds: Record<string, Tensor>) {
  const p = passes.fuseElementwise({ graph: g, outputs });
  const plain = new Session(g, { optimize: false }).run(outputs, feeds);
  const fused = new Session(p.graph, { optimize: false }).run(p.outputs, feeds);
  plain.forEach((t, i) => {
    assert.deepEqual(fused[i].shape, t.shape);
    assert.equal(fused[i].dtype, t.dtype);
    assert.ok(bits(fused[i]).equals(bits(t)), `output ${i}: fused bits differ`);
  });
  return p;
}

describe("fuseElementwise", () => {
  manualSeed(3);

  for (const dtype of ["float32", "float64"] as const) {
    it(`a ${dtype} chain becomes one node, bit-identical`, () => {
      const g = new Graph();
      const x = g.placeholder("x", [null, 5], dtype);
      const y = x.mul(1.1).add(0.3).mul(x).exp().div(7).sqrt().tanh();
      const p = sameBits(g, [y], { x: randn([64, 5], { dtype }) });
      assert.deepEqual(ops(p.graph), ["fused[mul→add→mul→exp→div→sqrt→tanh]"]);
      assert.equal(p.outputs[0].name, y.name);
    });
  }

  it("int32 wraps between steps as its storage does", () => {
    const g = new Graph();
    const x = g.placeholder("x", [4], "int32");
    const y = x.mul(x).add(5).neg().mul(3);
    const p = sameBits(g, [y], { x: tensor([46341, -70000, 3, 2 ** 30], { dtype: "int32" }) });
    assert.equal(ops(p.graph).length, 1);
  });

  it("broadcasting operands, a value used twice, comparisons and where", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 3]);
    const b = g.variable("b", randn([3]));
    const c = g.placeholder("c", [null, 1]);
    const h = x.add(b).relu();
    const y = h.mul(h).sub(c).sigmoid(); // h read twice: computed once per element
    const p = sameBits(g, [y], { x: randn([6, 3]), c: randn([6, 1]) });
    assert.deepEqual(ops(p.graph), ["fused[add→relu→mul→sub→sigmoid]"]);
    assert.equal(
      p.graph.get("sigmoid")!.toString(),
      "sigmoid = fused[add→relu→mul→sub→sigmoid](x, b, c)  [null,3] float32",
    );
  });

  it("keeps a node that is an output or is used outside the chain", () => {
    const g = new Graph();
    const x = g.placeholder("x", [2, 3]);
    const a = x.mul(2).exp();
    const y = a.tanh().neg();
    const s = a.sum(); // a is also used here
    const p = sameBits(g, [y, s], { x: randn([2, 3]) });
    assert.deepEqual(ops(p.graph), ["fused[mul→exp]", "fused[tanh→neg]", "sum"]);
    const q = sameBits(g, [y, a], { x: randn([2, 3]) }); // a fetched: it stays a value
    assert.deepEqual(ops(q.graph), ["fused[mul→exp]", "fused[tanh→neg]"]);
  });

  it("leaves alone functions given to g.apply (a mean taken inside, a closure reading another input)", () => {
    const g = new Graph();
    const x = g.placeholder("x", [4]);
    const w = g.placeholder("w", [1]);
    const centred = g.apply((t: Tensor) => t.sub(t.mean()), x).exp();
    const scaled = g.apply((t: Tensor, s: Tensor) => map(t, (v) => v * s.data[0]), x, w).exp();
    const p = sameBits(g, [centred, scaled], { x: randn([4]), w: tensor([3]) });
    assert.deepEqual(ops(p.graph), ["fn", "exp", "fn", "exp"]);
  });

  it("does not fuse what a gradient reads (the forward's tape), so training is unchanged", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 3], "float64");
    const t = g.placeholder("t", [null, 1], "float64");
    const w = g.variable("w", randn([3, 1], { dtype: "float64" }));
    const loss = g.apply(mseLoss, x.matmul(w).mul(2).tanh(), t);
    const train = minimize(loss, optim.SGD, { lr: 0.1 });
    const feeds = { x: randn([8, 3], { dtype: "float64" }), t: randn([8, 1], { dtype: "float64" }) };
    const [plain, planned] = [new Session(g, { optimize: false }), new Session(g)];
    for (let i = 0; i < 3; i++) {
      const [, l1] = plain.run([train, loss], feeds);
      const [, l2] = planned.run([train, loss], feeds);
      assert.ok(bits(l1).equals(bits(l2)), `loss at step ${i}`);
    }
    assert.equal(planned.lastRun.nodesFused, 0);
    const q = passes.optimize({ graph: g, outputs: [x.add(1).mul(2).exp()] }); // no gradient reads these
    assert.deepEqual(ops(q.graph), ["fused[add→mul→exp]"]);
  });
});

describe("fusion in traced training steps", () => {
  const models = {
    MLP: () => new nn.Sequential(new nn.Linear(12, 16), new nn.ReLU(), new nn.Linear(16, 3)),
    CNN: () =>
      new nn.Sequential(
        new nn.Conv2d(1, 2, 3),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(2 * 2 * 2, 3),
      ),
  };
  const inputs = { MLP: [12], CNN: [1, 6, 6] };
  for (const kind of ["MLP", "CNN"] as const) {
    it(`${kind}: 10 Adam steps fused and unfused give the same bits; only what no gradient reads fuses`, () => {
      const sessions = [{}, { fuse: false }].map((options) => {
        manualSeed(12);
        const { graph, output } = trace(models[kind](), [randn([1, ...inputs[kind]])], { batch: true });
        const loss = graph.apply(crossEntropy, output, graph.placeholder("y", [null], "int32"));
        const train = minimize(loss, optim.Adam, { lr: 0.01 });
        // fetched with each step, differentiated by nobody: how decided the outputs are
        const decided = output.sigmoid().sub(0.5).abs().mean();
        const s = new Session(graph, options);
        return { s, step: (f: Record<string, Tensor>) => s.run([train, loss, decided], f).slice(1) };
      });
      manualSeed(13);
      for (let i = 0; i < 10; i++) {
        const feeds = { x: randn([8, ...inputs[kind]]), y: randint(0, 3, [8]) };
        const [fused, plain] = sessions.map(({ step }) => step(feeds));
        fused.forEach((t, k) => assert.ok(bits(t).equals(bits(plain[k])), `step ${i}, fetch ${k}`));
      }
      const [fused, plain] = sessions.map(({ s }) => s);
      for (const v of fused.graph.variables())
        assert.ok(
          bits(fused.valueOf(v)).equals(bits(plain.valueOf(plain.graph.get(v.name)!))),
          `${v.name} after 10 steps`,
        );
      // the layers' outputs are kept for their gradients, so they stay nodes; the metric's chain fuses
      assert.equal(fused.lastRun.nodesFused, 3);
      assert.equal(plain.lastRun.nodesFused, 0);
    });
  }
});

describe("fusion in a traced model's forward pass", () => {
  it("a Linear's bias add and the ReLU after it become one loop, bit-identical", () => {
    manualSeed(14);
    const model = new nn.Sequential(
      new nn.Linear(12, 16),
      new nn.ReLU(),
      new nn.Linear(16, 3),
      new nn.Tanh(),
    );
    const { graph, output } = trace(model, [randn([1, 12])], { batch: true });
    const p = sameBits(graph, [output], { x: randn([9, 12]) });
    assert.deepEqual(ops(p.graph), ["linear", "fused[add→ReLU]", "linear", "fused[add→Tanh]"]);
    const s = new Session(graph);
    const x = randn([9, 12]);
    assert.ok(bits(s.run(output, { x })).equals(bits(model.forward(x))), "fused graph vs eager model");
    assert.equal(s.lastRun.nodesFused, 4);
  });
});

describe("Session: plans", () => {
  manualSeed(4);
  const g = new Graph();
  const x = g.placeholder("x", [null, 3]);
  const W = g.variable("W", randn([3, 3]));
  const a = x.mul(2).exp(); // fused
  const m = a.matmul(W);
  const b = m.mul(3).tanh(); // fused
  const y = b.sum();
  const feeds = { x: randn([4, 3]) };

  it("compile once per signature; from the second run on, the values in between reuse pooled storage", () => {
    const s = new Session(g);
    const first = s.run(y, feeds);
    assert.equal(s.lastRun.compiled, true);
    s.run(y, feeds);
    const third = s.run(y, feeds);
    // a's, m's and b's arrays (48 bytes each) went back to the pool after their last use and came back
    // from it: what is new is what leaves the run, the sum (4 bytes), and sum's float64 accumulator (8)
    assert.deepEqual(s.lastRun, { nodesRun: 4, nodesFused: 4, bytesAllocated: 4 + 8, compiled: false });
    assert.deepEqual(third.data, first.data);
    const kept = new Session(g, { recycle: false });
    for (let i = 0; i < 3; i++) assert.deepEqual(kept.run(y, feeds).data, first.data);
    assert.equal(kept.lastRun.bytesAllocated, 3 * 48 + 4 + 8); // everything, every run
    const plain = new Session(g, { optimize: false });
    assert.deepEqual(plain.run(y, feeds).data, first.data);
    assert.equal(plain.lastRun.nodesRun, 6);
    s.run(y, { x: randn([5, 3]) }); // another batch size: another plan
    assert.equal(s.lastRun.compiled, true);
  });

  it("a fetched value is not overwritten by the next run", () => {
    const s = new Session(g);
    const [v] = s.run([b], feeds);
    const before = v.data.slice();
    s.run([b], { x: randn([4, 3]) });
    assert.deepEqual(v.data, before);
  });
});

describe("building a graph leaves the random stream alone", () => {
  it("a dropout tried on examples draws nothing from the user's generator", () => {
    manualSeed(9);
    const expected = randn([3]);
    manualSeed(9);
    const g = new Graph();
    g.placeholder("x", [null, 4]).dropout(0.5).relu();
    assert.deepEqual(randn([3]).data, expected.data);
  });
});
