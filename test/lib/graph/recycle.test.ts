// Memory planning: a session hands each intermediate value's storage back to the pool after its last use,
// so a steady-state training step allocates almost nothing. Recycling must change no result: a session
// with it and one without give the same bits, step after step, and both follow eager training.
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
  setBackend,
  Tensor,
  tensor,
} from "../../../lib/index";
import { bytesAllocated } from "../../../lib/memory";
import { clearStoragePool } from "../../../lib/storage-pool";
import { Graph, gradients, minimize, Session, trace } from "../../../lib/graph";
import { assertCloseValues } from "../../helpers/close";

const f64 = { dtype: "float64" as const };
const bits = (t: Tensor) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
const fresh = (p: Tensor) => new Tensor(p.data.slice(), p.shape, { requiresGrad: true });

/** The MLP and the CNN of session.test.ts, in float64, built by hand as a graph and as eager code. */
const models = [
  {
    name: "MLP",
    params: () => [randn([4, 8], f64), randn([8], f64), randn([8, 2], f64), randn([2], f64)],
    forward: <T extends { matmul(w: T): T; add(b: T): T; relu(): T }>(x: T, [w1, b1, w2, b2]: T[]) =>
      x.matmul(w1).add(b1).relu().matmul(w2).add(b2),
    input: [4],
  },
  {
    name: "CNN",
    params: () => [[3, 1, 3, 3], [3], [12, 2], [2]].map((shape) => randn(shape, f64).mul(0.3)),
    forward: <
      T extends {
        conv2d(k: T, c: T): T;
        relu(): T;
        maxPool2d(k: number): T;
        flatten(d: number): T;
        matmul(w: T): T;
        add(b: T): T;
      },
    >(
      x: T,
      [k, c, w, b]: T[],
    ) => x.conv2d(k, c).relu().maxPool2d(2).flatten(1).matmul(w).add(b),
    input: [1, 6, 6],
  },
];

for (const model of models) {
  describe(`${model.name}: recycling storage changes no result`, () => {
    it("20 Adam steps: the same bits with and without recycling, eager's values within 1e-10, returned losses intact", () => {
      manualSeed(11);
      const initial = model.params();
      const g = new Graph();
      const x = g.placeholder("x", [null, ...model.input], "float64");
      const t = g.placeholder("t", [null, 2], "float64");
      const vars = initial.map((p, i) => g.variable(`p${i}`, p));
      const loss = g.apply(mseLoss, model.forward(x as never, vars as never[]) as never, t);
      const train = minimize(loss, optim.Adam, { lr: 0.01 });
      const [recycling, keeping] = [new Session(g), new Session(g, { recycle: false })];
      const params = initial.map(fresh);
      const opt = new optim.Adam(params, { lr: 0.01 });
      const returned: { loss: Tensor; bits: Buffer }[] = [];
      for (let step = 0; step < 20; step++) {
        const feeds = { x: randn([8, ...model.input], f64), t: randn([8, 2], f64) }; // a new batch each step
        const [, a] = recycling.run([train, loss], feeds);
        const [, b] = keeping.run([train, loss], feeds);
        opt.zeroGrad();
        const eagerLoss = mseLoss(model.forward(feeds.x, params), feeds.t);
        eagerLoss.backward();
        opt.step();
        assert.ok(bits(a).equals(bits(b)), `loss at step ${step}: recycling changed its bits`);
        assertCloseValues(a.data, eagerLoss.data, `loss at step ${step}`, { rtol: 1e-10, atol: 1e-10 });
        returned.push({ loss: a, bits: Buffer.from(bits(a)) });
      }
      vars.forEach((v, i) => {
        assert.ok(bits(recycling.valueOf(v)).equals(bits(keeping.valueOf(v))), `p${i}: recycling changed it`);
        assertCloseValues(recycling.valueOf(v).data, params[i].data, `p${i}`, { rtol: 1e-10, atol: 1e-10 });
      });
      returned.forEach((r, step) =>
        assert.ok(bits(r.loss).equals(r.bits), `the loss returned at step ${step} changed`),
      );
    });
  });
}

/** The bench's MLP, and a smaller CNN, traced from nn modules (float32: each layer is a node). */
const traced = [
  {
    name: "traced MLP",
    make: () => new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10)),
    input: [784],
  },
  {
    name: "traced CNN",
    make: () =>
      new nn.Sequential(
        new nn.Conv2d(1, 4, 3),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(4 * 5 * 5, 16),
        new nn.ReLU(),
        new nn.Linear(16, 10),
      ),
    input: [1, 12, 12],
  },
];

for (const model of traced) {
  describe(`${model.name}: a training step in steady state`, () => {
    manualSeed(5);
    const batch = 64;
    const feeds = () => ({ x: randn([batch, ...model.input]), y: randint(0, 10, [batch]) });
    const session = (options = {}) => {
      manualSeed(6);
      const { graph, output } = trace(model.make(), [randn([1, ...model.input])], { batch: true });
      const loss = graph.apply(crossEntropy, output, graph.placeholder("y", [null], "int32"));
      const train = minimize(loss, optim.Adam, { lr: 1e-3 });
      const s = new Session(graph, options);
      return { step: (f: ReturnType<typeof feeds>) => s.run([train, loss], f)[1], s };
    };

    it("recycling changes no bit over 20 steps", () => {
      const [a, b] = [session(), session({ recycle: false })];
      for (let i = 0; i < 20; i++) {
        const f = feeds();
        assert.ok(bits(a.step(f)).equals(bits(b.step(f))), `loss at step ${i}`);
      }
    });

    it("allocates under a fifth of what eager mode allocates per step", () => {
      const data = [feeds(), feeds(), feeds()];
      clearStoragePool();
      const graph = session();
      data.forEach((f) => graph.step(f)); // the third run is in steady state: the pool has what it needs
      const graphBytes = graph.s.lastRun.bytesAllocated;
      assert.equal(graph.s.lastRun.compiled, false);

      clearStoragePool();
      manualSeed(6);
      const m = model.make();
      const opt = new optim.Adam(m, { lr: 1e-3 });
      let eagerBytes = 0;
      for (const { x, y } of data) {
        const before = bytesAllocated();
        opt.zeroGrad();
        crossEntropy(m.forward(x), y).backward();
        opt.step();
        eagerBytes = bytesAllocated() - before;
      }
      // eager makes every activation and gradient afresh: at least the parameters' gradients' size
      const gradientBytes = m.parameters().reduce((n, p) => n + p.size * 4, 0);
      assert.ok(eagerBytes >= gradientBytes, `eager ${eagerBytes} bytes < the gradients' ${gradientBytes}`);
      assert.ok(graphBytes < eagerBytes / 5, `graph ${graphBytes} bytes per step, eager ${eagerBytes}`);
    });
  });
}

describe("recycling hands back only what nothing else holds", () => {
  it("a fetched gradient that is its upstream gradient itself stays intact through later runs", () => {
    const g = new Graph();
    const x = g.placeholder("x", [null, 3]);
    const h = x.mul(2);
    const y = h.add(1); // add's gradient for h is the upstream gradient itself, not a copy
    const loss = y.exp().sum();
    const [dh] = gradients(loss, [h]);
    const z = dh.mul(3); // dh is read again after it is fetched
    for (const s of [new Session(g), new Session(g, { fuse: false })]) {
      const [first] = s.run([dh, z, loss], { x: tensor([[0, 1, 2]]) });
      const before = first.toArray();
      for (let i = 0; i < 3; i++) s.run([dh, z, loss], { x: tensor([[5, 6, 7]]) });
      assert.deepEqual(first.toArray(), before);
    }
  });

  it("a tensor a g.apply function keeps, and views of feeds and variables, are never handed back", () => {
    const kept = tensor([1, 2, 3, 4]);
    const g = new Graph();
    const x = g.placeholder("x", [4]);
    const w = g.variable("w", tensor([1, 1, 1, 1]));
    const k = g.apply(() => kept, x);
    const y = k
      .mul(x)
      .add(x.reshape([2, 2]).reshape([4]))
      .add(w.reshape([2, 2]).reshape([4]))
      .sum();
    for (const s of [new Session(g), new Session(g, { fuse: false })]) {
      const feed = tensor([1, 1, 1, 1]);
      for (let i = 0; i < 3; i++) assert.equal(s.run(y, { x: feed }).item(), 10 + 4 + 4);
      assert.deepEqual(kept.toArray(), [1, 2, 3, 4]);
      assert.deepEqual(feed.toArray(), [1, 1, 1, 1]);
      assert.deepEqual(s.valueOf(w).toArray(), [1, 1, 1, 1]);
    }
  });
});

describe("what an op takes for itself goes back with its value", () => {
  it("a max-pool's argmax (the gpu backend takes it from the pool; the tape keeps it for the backward)", () => {
    setBackend("gpu");
    try {
      manualSeed(15);
      const model = new nn.Sequential(
        new nn.Conv2d(1, 8, 3),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Flatten(),
        new nn.Linear(8 * 13 * 13, 10),
      );
      const { graph, output } = trace(model, [randn([1, 1, 28, 28])], { batch: true });
      const loss = graph.apply(crossEntropy, output, graph.placeholder("y", [null], "int32"));
      const train = minimize(loss, optim.Adam, { lr: 1e-3 });
      const s = new Session(graph);
      const feeds = { x: randn([16, 1, 28, 28]), y: randint(0, 10, [16]) };
      clearStoragePool();
      for (let i = 0; i < 3; i++) s.run([train, loss], feeds);
      const argmaxBytes = 16 * 8 * 13 * 13 * 4; // one int32 index per pooled value
      assert.ok(
        s.lastRun.bytesAllocated < argmaxBytes / 2,
        `${s.lastRun.bytesAllocated} bytes per step: the argmax (${argmaxBytes}) was made anew`,
      );
    } finally {
      setBackend("reference");
    }
  });
});
