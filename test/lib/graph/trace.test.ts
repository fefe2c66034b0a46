// trace(): a module or an eager function as a Graph. Traced, built by hand and eager agree on outputs and
// gradients (float64, 1e-10), and training a traced model in a Session matches eager training.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { crossEntropy, manualSeed, mseLoss, nn, optim, randn, Tensor } from "../../../lib/index";
import { gradients, minimize, Session, trace } from "../../../lib/graph";
import { assertCloseValues } from "../../helpers/close";

const f64 = { dtype: "float64" as const };
const close = (a: Tensor, b: Tensor, what: string) => {
  assert.deepEqual(a.shape, b.shape, `${what}: shape`);
  assertCloseValues(a.data, b.data, what, { rtol: 1e-10, atol: 1e-10 });
};

/** The module with float64 parameters (modules are made in float32). */
function inFloat64<M extends nn.Module>(m: M): M {
  for (const mod of m.namedModules().map(([, x]) => x)) {
    for (const [key, value] of Object.entries(mod)) {
      if (value instanceof Tensor && value.requiresGrad)
        (mod as unknown as Record<string, Tensor>)[key] = new Tensor(
          Float64Array.from(value.data),
          value.shape,
          { requiresGrad: true },
        );
    }
  }
  return m;
}

describe("trace(module)", () => {
  manualSeed(11);
  const mlp = inFloat64(new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)));
  const x = randn([6, 4], f64);

  it("a Sequential becomes one node per layer (a Linear two: its product, its bias add), parameters named by path", () => {
    const { graph, inputs, output } = trace(mlp, [x], { batch: true });
    assert.deepEqual(
      inputs.map((n) => [n.name, n.shape]),
      [["x", [null, 4]]],
    );
    assert.deepEqual(
      graph.variables().map((v) => v.name),
      ["0.weight", "0.bias", "2.weight", "2.bias"],
    );
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === "op").map((n) => n.name),
      ["Linear_0.product", "Linear_0", "ReLU_1", "Linear_2.product", "Linear_2"],
    );
    assert.deepEqual(output.shape, [null, 2]);
  });
});

/** A Sequential MLP and a Sequential CNN, each traced and checked against eager mode. */
const sequentials = [
  {
    name: "MLP",
    make: () => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)),
    input: [6, 4],
  },
  {
    name: "CNN",
    make: () =>
      new nn.Sequential(
        new nn.Conv2d(1, 3, 3),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(12, 2),
      ),
    input: [6, 1, 6, 6],
  },
];

for (const { name, make, input } of sequentials) {
  describe(`trace(Sequential ${name}) against eager`, () => {
    manualSeed(13);
    const model = inFloat64(make());
    const x = randn(input, f64);
    const t = randn([6, 2], f64);

    it("gives eager mode's outputs and gradients", () => {
      const { graph, output } = trace(model, [x], { batch: true });
      const loss = graph.apply(mseLoss, output, graph.placeholder("t", [null, 2], "float64"));
      const grads = gradients(loss, graph.variables());
      const [y, l, ...gs] = new Session(graph).run([output, loss, ...grads], { x, t });
      model.zeroGrad();
      const eagerLoss = mseLoss(model.forward(x), t);
      eagerLoss.backward();
      close(y, model.forward(x), "output");
      close(l, eagerLoss, "loss");
      model.parameters().forEach((p, i) => close(gs[i], p.grad!, `gradient ${i}`));
    });

    it("trains in a Session as eager trains, step by step (20 steps of Adam), leaving the module untouched", () => {
      const { graph, output } = trace(model, [x], { batch: true });
      const loss = graph.apply(mseLoss, output, graph.placeholder("t", [null, 2], "float64"));
      const train = minimize(loss, optim.Adam, { lr: 0.01 });
      const session = new Session(graph);
      const before = model.parameters().map((p) => p.data.slice());
      const copy = inFloat64(make());
      copy.parameters().forEach((p, i) => p.data.set(before[i]));
      const opt = new optim.Adam(copy, { lr: 0.01 });
      for (let step = 0; step < 20; step++) {
        const [, l] = session.run([train, loss], { x, t });
        opt.zeroGrad();
        const eagerLoss = mseLoss(copy.forward(x), t);
        eagerLoss.backward();
        opt.step();
        close(l, eagerLoss, `loss at step ${step}`);
      }
      model
        .parameters()
        .forEach((p, i) => assert.deepEqual(p.data, before[i], "the traced module's own parameters"));
      graph.variables().forEach((v, i) => close(session.valueOf(v), copy.parameters()[i], v.name));
    });
  });
}

describe("trace(function)", () => {
  it("linear regression: examples that require grad become variables, the others placeholders", () => {
    manualSeed(12);
    const w = randn([3, 1], f64).requiresGrad_();
    const b = randn([1], f64).requiresGrad_();
    const x = randn([5, 3], f64);
    const model = (x: Tensor, w: Tensor, b: Tensor) => x.matmul(w).add(b);
    const { graph, inputs, output } = trace(model, [x, w, b]);
    assert.deepEqual(
      inputs.map((n) => n.name),
      ["x"],
    );
    assert.deepEqual(
      graph.variables().map((v) => v.shape),
      [[3, 1], [1]],
    );
    const [dw, db] = gradients(output.sum(), graph.variables());
    const [y, gw, gb] = new Session(graph).run([output, dw, db], { x });
    model(x, w, b).sum().backward();
    close(y, model(x, w, b), "output");
    close(gw, w.grad!, "∂/∂w");
    close(gb, b.grad!, "∂/∂b");
  });

  it("op by op: each op method the function calls is a node, so the passes see inside it", () => {
    manualSeed(13);
    const x = randn([6, 3]);
    const f = (x: Tensor) => x.mul(2).sub(1).tanh().sum(1);
    const { graph, output } = trace(f, [x], { batch: true });
    assert.deepEqual(
      graph.nodes.filter((n) => n.kind === "op").map((n) => n.op),
      ["mul", "sub", "tanh", "sum"],
    );
    assert.deepEqual(output.shape, [null]);
    const session = new Session(graph);
    const batch = randn([9, 3]);
    const y = session.run(output, { x: batch });
    assert.equal(session.lastRun.nodesFused, 3, "mul, sub and tanh as one loop");
    assert.deepEqual(y.data, f(batch).data, "the fused graph gives eager's bits");
    // a mistake in the function is reported as eager mode reports it, both shapes named
    assert.throws(
      () => trace((x: Tensor) => x.matmul(randn([4, 2])), [randn([3, 3])]),
      /matmul: \[3,3\] @ \[4,2\]: inner dims 3 ≠ 4/,
    );
  });

  it("a function that needs tensors (one that takes only tensors, or draws random numbers) is one node", () => {
    manualSeed(14);
    const x = randn([4, 5]);
    const t = new Tensor(Int32Array.from([0, 4, 2, 1]), [4]);
    // crossEntropy reads its targets' values: it cannot be called on nodes
    const loss = (x: Tensor, t: Tensor) => crossEntropy(x.mul(3), t);
    const traced = trace(loss, [x, t]);
    assert.deepEqual(
      traced.graph.nodes.filter((n) => n.kind === "op").map((n) => n.op),
      ["loss"],
    );
    const [x0] = traced.inputs;
    const got = new Session(traced.graph).run(traced.output, { [x0.name]: x, [traced.inputs[1].name]: t });
    assert.deepEqual(got.data, loss(x, t).data);
    // dropout's node would draw other random numbers than the eager call beside it: not the same function
    const dropped = trace((x: Tensor) => x.dropout(0.5), [x]);
    assert.deepEqual(
      dropped.graph.nodes.filter((n) => n.kind === "op").map((n) => n.op),
      ["fn"],
    );
  });
});
