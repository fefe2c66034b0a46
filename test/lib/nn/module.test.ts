// Module bookkeeping: parameter names as PyTorch gives them, children, modes, gradients, state dicts,
// printing, summary(), initialisers and dropout's training behaviour.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { manualSeed, ones, randn, zeros } from "../../../lib";
import * as nn from "../../../lib/nn";

const cnn = () =>
  new nn.Sequential(
    new nn.Conv2d(1, 4, 3),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Dropout(0.25),
    new nn.Linear(4 * 13 * 13, 10),
  );

class TwoTowers extends nn.Module {
  left = new nn.Linear(3, 2);
  right = new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2));
  scale = ones([2], { requiresGrad: true });
  forward(x: ReturnType<typeof randn>) {
    return this.left.forward(x).add(this.right.forward(x)).mul(this.scale);
  }
}

describe("Module", () => {
  test("namedParameters: dotted PyTorch names, in definition order", () => {
    const m = new TwoTowers();
    assert.deepEqual(
      m.namedParameters().map(([n]) => n),
      [
        "scale",
        "left.weight",
        "left.bias",
        "right.0.weight",
        "right.0.bias",
        "right.2.weight",
        "right.2.bias",
      ],
    );
    assert.deepEqual(
      m.children().map(([n]) => n),
      ["left", "right"],
    );
    assert.equal(m.parameterCount(), 2 + 8 + 16 + 10);
  });

  test("an array of modules is a list of children, named as PyTorch's ModuleList", () => {
    class Stack extends nn.Module {
      blocks = [new nn.Linear(2, 2), new nn.Linear(2, 2, { bias: false })];
      forward(x: ReturnType<typeof randn>) {
        return this.blocks.reduce((h, b) => b.forward(h), x);
      }
    }
    assert.deepEqual(
      new Stack().namedParameters().map(([n]) => n),
      ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight"],
    );
  });

  test("buffers are state but not parameters; batch norm's keep PyTorch's names", () => {
    const m = cnn();
    assert.ok(!m.parameters().includes((m.at(1) as nn.BatchNorm2d).running_mean));
    assert.deepEqual(Object.keys(m.stateDict()), [
      "0.weight",
      "0.bias",
      "1.weight",
      "1.bias",
      "6.weight",
      "6.bias",
      "1.running_mean",
      "1.running_var",
      "1.num_batches_tracked",
    ]);
  });

  test("train()/eval() reach every module; zeroGrad clears gradients", () => {
    const m = cnn();
    m.eval();
    assert.ok(m.namedModules().every(([, x]) => !x.training));
    m.train();
    assert.ok(m.namedModules().every(([, x]) => x.training));
    m.forward(randn([2, 1, 28, 28]))
      .sum()
      .backward();
    assert.ok(m.parameters().every((p) => p.grad !== null));
    m.zeroGrad();
    assert.ok(m.parameters().every((p) => p.grad === null));
  });

  test("loadStateDict copies values in place and names what is missing", () => {
    manualSeed(1);
    const [a, b] = [cnn(), cnn()];
    const weight = b.parameters()[0];
    b.loadStateDict(a.stateDict());
    assert.equal(b.parameters()[0], weight, "same tensor object, so optimizers keep working");
    assert.deepEqual(Array.from(weight.data), Array.from(a.parameters()[0].data));
    const partial = a.stateDict();
    delete partial["6.bias"];
    assert.throws(() => b.loadStateDict(partial), /missing \["6.bias"\]/);
    assert.throws(() => b.loadStateDict({ ...a.stateDict(), "0.weight": zeros([2]) }), /"0.weight" is \[2\]/);
  });

  test("toString reads like PyTorch's", () => {
    assert.equal(
      String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Dropout(0.1))),
      "Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n  (2): Dropout(p=0.1)\n)",
    );
  });

  test("summary: output shape and parameters per layer, text and HTML", () => {
    const s = cnn().summary([1, 28, 28]);
    assert.deepEqual(
      s.rows.map((r) => [r.layer, r.outputShape, r.params]),
      [
        ["0 (Conv2d)", "[N, 4, 26, 26]", 40],
        ["1 (BatchNorm2d)", "[N, 4, 26, 26]", 8],
        ["2 (ReLU)", "[N, 4, 26, 26]", 0],
        ["3 (MaxPool2d)", "[N, 4, 13, 13]", 0],
        ["4 (Flatten)", "[N, 676]", 0],
        ["5 (Dropout)", "[N, 676]", 0],
        ["6 (Linear)", "[N, 10]", 6770],
      ],
    );
    assert.equal(s.totalParams, 6818);
    assert.match(String(s), /Total params: 6,818/);
    const bundle = (s as unknown as Record<symbol, () => Record<string, string>>)[
      Symbol.for("Jupyter.display")
    ]();
    assert.match(bundle["text/html"], /<table/);
    assert.equal(bundle["text/plain"], String(s));
  });

  test("initialisers: the variances the papers prescribe, seeded", () => {
    const w = () => zeros([256, 512]);
    const variance = (t: ReturnType<typeof zeros>) => {
      const values = Array.from(t.data);
      const mean = values.reduce((a, b) => a + b, 0) / t.size;
      return values.reduce((a, b) => a + (b - mean) ** 2, 0) / t.size;
    };
    const near = (got: number, want: number) =>
      assert.ok(Math.abs(got / want - 1) < 0.03, `${got} vs ${want}`);
    near(variance(nn.init.xavierUniform(w())), 2 / (512 + 256));
    near(variance(nn.init.xavierNormal(w())), 2 / (512 + 256));
    near(variance(nn.init.kaimingUniform(w(), { nonlinearity: "relu" })), 2 / 512);
    near(variance(nn.init.kaimingNormal(w(), { nonlinearity: "relu", mode: "fanOut" })), 2 / 256);
    near(variance(nn.init.uniform(w(), -1, 1)), 1 / 3);
    near(variance(nn.init.normal(w(), 0, 0.5)), 0.25);
    manualSeed(9);
    const a = nn.init.kaimingUniform(zeros([4, 4]));
    manualSeed(9);
    assert.deepEqual(Array.from(nn.init.kaimingUniform(zeros([4, 4])).data), Array.from(a.data));
  });

  test("Dropout drops about p of the values while training, scales the rest, and is seeded", () => {
    const d = new nn.Dropout(0.3);
    manualSeed(4);
    const y = d.forward(ones([10000]));
    const dropped = y.data.filter((v) => v === 0).length / y.size;
    assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped ${dropped}`);
    assert.ok(y.data.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
    manualSeed(4);
    assert.deepEqual(Array.from(d.forward(ones([10000])).data), Array.from(y.data));
  });
});
