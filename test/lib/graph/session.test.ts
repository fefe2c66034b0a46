// Session.run: only what the fetches need, every feed mistake with its message, variables kept between
// runs, and graph-mode training that follows eager training step by step.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { manualSeed, mseLoss, optim, randn, ShapeError, tensor, Tensor, zeros } from "../../../lib/index";
import { Graph, gradients, minimize, Session } from "../../../lib/graph";
import { assertCloseValues } from "../../helpers/close";

const f64 = { dtype: "float64" as const };
/** a new leaf with a copy of p's values: eager training must not change the shared initial values */
const fresh = (p: Tensor) => new Tensor(p.data.slice(), p.shape, { requiresGrad: true });
const close = (a: Tensor, b: Tensor, what: string) => {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assertCloseValues(a.data, b.data, what, { rtol: 1e-10, atol: 1e-10 });
};

describe("Session.run", () => {
  const g = new Graph();
  const x = g.placeholder("x", [null, 2]);
  const W = g.variable("W", tensor([[1], [2]]));
  const y = x.matmul(W);
  const z = y.mul(3);
  const unused = g.placeholder("unused", [1]).exp();

  it("computes the fetches, and only the nodes they need", () => {
    const s = new Session(g);
    assert.deepEqual(s.run(y, { x: tensor([[1, 1]]) }).toArray(), [[3]]);
    assert.equal(s.lastRun.nodesRun, 1);
    const [a, b] = s.run([y, z], {
      x: tensor([
        [1, 1],
        [0, 1],
      ]),
    });
    assert.deepEqual(
      [a.toArray(), b.toArray()],
      [
        [[3], [2]],
        [[9], [6]],
      ],
    );
    assert.equal(s.lastRun.nodesRun, 2); // y once, though both fetches need it
    assert.equal(s.lastRun.bytesAllocated, 2 * 2 * 4 + 4); // y and z, and mul's 3 as a 0-d tensor
    assert.ok(unused); // never fed, never needed
  });

  it("fetches a variable as a copy", () => {
    const s = new Session(g);
    const w = s.run(W);
    w.data[0] = 100;
    assert.deepEqual(s.run(W).toArray(), [[1], [2]]);
  });
});

describe("Session.run: feed errors", () => {
  const g = new Graph();
  const x = g.placeholder("x", [null, 2]);
  const labels = g.placeholder("labels", [null], "int32");
  const W = g.variable("W", zeros([2, 1]));
  const y = x.matmul(W);
  const s = new Session(g);

  it("a missing feed", () => {
    assert.throws(() => s.run(y), {
      message:
        'Session.run: placeholder "x" [null,2] float32 needs a value: feed it, e.g. run(fetches, { x: ... })',
    });
  });
  it("an unknown name", () => {
    assert.throws(() => s.run(y, { x: zeros([1, 2]), xs: zeros([1]) }), {
      message: 'Session.run: feed "xs" names no node of this graph (its placeholders: x, labels)',
    });
  });
  it("feeding a non-placeholder", () => {
    assert.throws(() => s.run(y, { x: zeros([1, 2]), W: zeros([2, 1]) }), {
      message:
        'Session.run: "W" is a variable, not a placeholder: only placeholders are fed (a variable keeps its value in the session; a constant never changes)',
    });
  });
  it("a wrong dtype", () => {
    assert.throws(() => s.run(y, { x: zeros([1, 2], { dtype: "int32" }) }), {
      name: "TypeError",
      message:
        'Session.run: the feed for "x" is int32 but placeholder "x" is [null,2] float32 — convert it with .float()',
    });
    assert.throws(() => s.run(labels, { labels: zeros([3]) }), {
      message:
        'Session.run: the feed for "labels" is float32 but placeholder "labels" is [null] int32 — convert it with .int()',
    });
  });
  it("a wrong shape: a known dim, or the number of dims", () => {
    assert.throws(
      () => s.run(y, { x: zeros([4, 3]) }),
      (e: Error) => {
        assert.ok(e instanceof ShapeError);
        assert.equal(
          e.message,
          'Session.run: the feed for "x" has shape [4,3] but placeholder "x" is [null,2] float32 (dim 1 must be 2, not 3)',
        );
        return true;
      },
    );
    assert.throws(() => s.run(y, { x: zeros([2]) }), {
      message:
        'Session.run: the feed for "x" has shape [2] but placeholder "x" is [null,2] float32 (2 dims, not 1)',
    });
  });
  it("a feed that is not a tensor", () => {
    assert.throws(() => s.run(y, { x: [[1, 2]] as unknown as Tensor }), {
      message: 'Session.run: the feed for "x" must be a Tensor, got an array — wrap it with tensor(...)',
    });
  });
  it("a fetch from another graph", () => {
    const other = new Graph().placeholder("x", [1]);
    assert.throws(() => s.run(other), {
      message: 'Graph: node "x" belongs to another graph; build everything in one graph',
    });
  });
});

/** A model both ways: `eager` on tensors, `build` on graph nodes — the same maths, written twice by hand. */
interface Model {
  name: string;
  params: () => Tensor[];
  eager: (x: Tensor, p: Tensor[]) => Tensor;
  build: (
    g: Graph,
    x: ReturnType<Graph["placeholder"]>,
    p: ReturnType<Graph["variable"]>[],
  ) => ReturnType<Graph["variable"]>;
  /** one input's shape (the batch dim is added) */
  inputs: number[];
  outputs: number;
}

const models: Model[] = [
  {
    name: "linear regression",
    params: () => [randn([3, 1], f64), randn([1], f64)],
    eager: (x, [w, b]) => x.matmul(w).add(b),
    build: (_, x, [w, b]) => x.matmul(w).add(b),
    inputs: [3],
    outputs: 1,
  },
  {
    name: "MLP",
    params: () => [randn([4, 8], f64), randn([8], f64), randn([8, 2], f64), randn([2], f64)],
    eager: (x, [w1, b1, w2, b2]) => x.matmul(w1).add(b1).relu().matmul(w2).add(b2),
    build: (_, x, [w1, b1, w2, b2]) => x.matmul(w1).add(b1).relu().matmul(w2).add(b2),
    inputs: [4],
    outputs: 2,
  },
  {
    name: "CNN",
    // conv 3 3×3 → relu → maxpool 2 → flatten → dense 2, on 1×6×6 images
    params: () => [[3, 1, 3, 3], [3], [12, 2], [2]].map((shape) => randn(shape, f64).mul(0.3)),
    eager: (x, [k, c, w, b]) => x.conv2d(k, c).relu().maxPool2d(2).flatten(1).matmul(w).add(b),
    build: (_, x, [k, c, w, b]) => x.conv2d(k, c).relu().maxPool2d(2).flatten(1).matmul(w).add(b),
    inputs: [1, 6, 6],
    outputs: 2,
  },
];

for (const model of models) {
  describe(`${model.name}: graph mode agrees with eager mode (float64)`, () => {
    manualSeed(7);
    const initial = model.params();
    const x = randn([16, ...model.inputs], f64);
    const t = randn([16, model.outputs], f64);

    function buildGraph() {
      const g = new Graph();
      const xs = g.placeholder("x", [null, ...model.inputs], "float64");
      const ts = g.placeholder("t", [null, model.outputs], "float64");
      const vars = initial.map((p, i) => g.variable(`p${i}`, p));
      const loss = g.apply(mseLoss, model.build(g, xs, vars), ts);
      return { g, vars, loss };
    }

    it("outputs and gradients", () => {
      const { g, vars, loss } = buildGraph();
      const grads = gradients(loss, vars);
      const [l, ...gs] = new Session(g).run([loss, ...grads], { x, t });
      const leaves = initial.map(fresh);
      const eagerLoss = mseLoss(model.eager(x, leaves), t);
      eagerLoss.backward();
      close(l, eagerLoss, "loss");
      gs.forEach((d, i) => close(d, leaves[i].grad!, `gradient of p${i}`));
    });

    for (const [name, Opt, options] of [
      ["SGD with momentum", optim.SGD, { lr: 0.05, momentum: 0.9 }],
      ["Adam", optim.Adam, { lr: 0.01 }],
    ] as const) {
      it(`20 training steps with ${name} match eager step by step`, () => {
        const { g, vars, loss } = buildGraph();
        const train = minimize(loss, Opt as typeof optim.SGD, options);
        const s = new Session(g);
        const params = initial.map(fresh);
        const opt = new Opt(params, options);
        for (let step = 0; step < 20; step++) {
          const [steps, l] = s.run([train, loss], { x, t });
          opt.zeroGrad();
          const eagerLoss = mseLoss(model.eager(x, params), t);
          eagerLoss.backward();
          opt.step();
          assert.equal(steps.item(), step + 1);
          close(l, eagerLoss, `loss at step ${step}`);
        }
        vars.forEach((v, i) => close(s.valueOf(v), params[i], `p${i} after 20 steps`));
        assert.ok(
          s.run(loss, { x, t }).item() < mseLoss(model.eager(x, initial), t).item(),
          "training lowered the loss",
        );
      });
    }
  });
}

describe("Session: state", () => {
  it("each session keeps its own variables and optimizer state", () => {
    const g = new Graph();
    const w = g.variable("w", tensor([1]));
    const loss = w.mul(w).sum();
    const train = minimize(loss, optim.SGD, { lr: 0.25 });
    const [a, b] = [new Session(g), new Session(g)];
    a.run(train);
    a.run(train);
    b.run(train);
    assert.deepEqual(a.valueOf(w).toArray(), [0.25]); // 1 → 0.5 → 0.25
    assert.deepEqual(b.valueOf(w).toArray(), [0.5]);
    assert.deepEqual(g.variables()[0].value!.toArray(), [1]); // the graph's initial value is untouched
  });

  it("minimize refuses a loss that is not one number, or that no variable affects", () => {
    const g = new Graph();
    const w = g.variable("w", zeros([3]));
    assert.throws(() => minimize(w.mul(2), optim.SGD), {
      message: 'minimize: the loss must be a single number, but "mul" has shape [3]',
    });
    const c = g.constant(zeros([2])).sum();
    assert.throws(() => minimize(c, optim.SGD), {
      message: 'minimize: "sum" depends on no trainable variable',
    });
  });
});
