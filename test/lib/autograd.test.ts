// Autograd semantics against PyTorch 1.13: accumulation, paths that meet, freed graphs, noGrad, detach,
// requiresGrad_, hooks, retainGrad, double backward (a Hessian–vector product) and the stepper's order.
// Each PyTorch side is one expression (lambdas sequence the calls); all go to PyTorch in one process.
import "../helpers/torch-warm";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as g from "../../lib/index";
import { type BackwardStep, manualSeed, randn, Tensor } from "../../lib/index";
import { assertClose } from "../helpers/close";
import { askTorchAsync, specOf, type TorchResult } from "../helpers/torch";

manualSeed(21);
const x0 = randn([4]);
const w0 = randn([4]);
const v0 = randn([4]);
const A0 = randn([4, 4]);
const leafX = () => new Tensor(x0.data.slice(), x0.shape, { requiresGrad: true });
const inputs = { x: { ...specOf(x0), requiresGrad: true }, w: specOf(w0), v: specOf(v0), A: specOf(A0) };

/** f(x) = Σ tanh(Ax) · x · w: every op has a non-zero second derivative */
const f = (x: Tensor) => g.sum(g.mul(g.mul(g.tanh(g.matmul(A0, x)), x), w0));
const fTorch = "(torch.tanh(A @ x) * x * w).sum()";

const torchExprs = {
  accumulate: "(lambda y: (y.backward(retain_graph=True), y.backward(), x.grad)[-1])((x * x * w).sum())",
  zeroGrad:
    "(lambda y: (y.backward(retain_graph=True), x.grad.zero_(), y.backward(), x.grad)[-1])((x * x * w).sum())",
  usedTwice: "(lambda a: (lambda y: (y.backward(), x.grad)[-1])((a * a + torch.sin(a)).sum()))(x * w)",
  freedTwice: "(lambda y: (y.backward(), y.backward()))((x * x).sum())",
  retainTwice:
    "(lambda y: (y.backward(retain_graph=True), y.backward(), x.grad)[-1])((torch.exp(x) * w).sum())",
  detach: "(lambda y: (y.backward(), x.grad)[-1])((x.detach() * x * w).sum())",
  noGrad:
    "torch.tensor(float((lambda: (torch.set_grad_enabled(False), (x * 2).requires_grad, torch.set_grad_enabled(True)))()[1]))",
  requiresGrad: "(lambda: (v.requires_grad_(), (v * v * w).sum().backward(), v.grad)[-1])()",
  hook: "(lambda y: (y.register_hook(lambda gr: gr * 2), (y * w).sum().backward(), x.grad)[-1])(x * 3)",
  leafHook: "(lambda: (x.register_hook(lambda gr: gr + 1), (x * w).sum().backward(), x.grad)[-1])()",
  retainGrad: "(lambda y: (y.retain_grad(), (y * y * w).sum().backward(), y.grad)[-1])(torch.sin(x))",
  retainGradTwice:
    "(lambda y: (y.retain_grad(), (lambda z: (z.backward(retain_graph=True), z.backward()))((y * y).sum()), y.grad)[-1])(x * 2)",
  hookThenRetain:
    "(lambda y: (y.register_hook(lambda gr: gr * 10), y.retain_grad(), y.sum().backward(), y.grad)[-1])(x * 2)",
  hvp: `torch.autograd.functional.hvp(lambda x: ${fTorch}, x.detach(), v)[1]`,
  doubleBackward:
    "(lambda y: (y.backward(create_graph=True), (lambda gx: (setattr(x, 'grad', None), " +
    `(gx * v).sum().backward(), x.grad)[-1])(x.grad))[-1])(${fTorch})`,
  steps:
    "(lambda a: (lambda b: (lambda c: (a.retain_grad(), b.retain_grad(), c.retain_grad(), c.sum().backward(), " +
    "torch.cat([c.grad.flatten(), b.grad.flatten(), a.grad.flatten()]))[-1])(b * a))(torch.tanh(a)))(x * w)",
};
type Name = keyof typeof torchExprs;
let torch: Record<Name, TorchResult>;

before(async () => {
  const names = Object.keys(torchExprs) as Name[];
  const freshInputs = () => JSON.parse(JSON.stringify(inputs)) as typeof inputs;
  const results = await askTorchAsync(names.map((n) => ({ expr: torchExprs[n], inputs: freshInputs() })));
  torch = Object.fromEntries(names.map((n, i) => [n, results[i]])) as Record<Name, TorchResult>;
});

const expectTorch = (name: Name, actual: Tensor | null) => {
  assert.ok(actual, `${name}: no gradient`);
  assert.equal(torch[name].error, undefined, `PyTorch raised: ${torch[name].error}`);
  assertClose(actual, torch[name].out!, name);
};

describe("gradients accumulate and paths add up", () => {
  it("two backward() calls add into the leaf's grad", () => {
    const x = leafX();
    const y = g.sum(g.mul(g.mul(x, x), w0));
    y.backward({ retainGraph: true });
    y.backward();
    expectTorch("accumulate", x.grad);
  });

  it("zeroGrad() between them starts afresh", () => {
    const x = leafX();
    const y = g.sum(g.mul(g.mul(x, x), w0));
    y.backward({ retainGraph: true });
    x.zeroGrad();
    y.backward();
    expectTorch("zeroGrad", x.grad);
  });

  it("a value used twice gets the sum of both paths", () => {
    const x = leafX();
    const a = g.mul(x, w0);
    g.sum(g.add(g.mul(a, a), g.sin(a))).backward();
    expectTorch("usedTwice", x.grad);
  });

  it("retainGraph lets backward run through the graph again", () => {
    const x = leafX();
    const y = g.sum(g.mul(g.exp(x), w0));
    y.backward({ retainGraph: true });
    y.backward();
    expectTorch("retainTwice", x.grad);
  });

  it("a second backward through a freed graph raises, as in PyTorch", () => {
    const x = leafX();
    const y = g.sum(g.mul(x, x));
    y.backward();
    assert.match(
      torch.freedTwice.error ?? "",
      /RuntimeError: Trying to backward through the graph a second time/,
    );
    assert.throws(() => y.backward(), /trying to go through the graph a second time.*retainGraph: true/s);
    // Deliberate difference: PyTorch lets a graph of ops that saved nothing (only add, say) run twice;
    // gradlab frees every node after backward(), so the rule has no exceptions to learn.
  });
});

describe("turning gradients off and on", () => {
  it("noGrad: nothing computed inside requires grad", () => {
    const x = leafX();
    const y = g.noGrad(() => g.mul(x, 2));
    assert.equal(Number(y.requiresGrad), torch.noGrad.out!.data[0]);
    assert.equal(y.gradFn, null);
    assert.equal(g.isGradEnabled(), true);
    assert.equal(
      g.enableGrad(() => g.noGrad(() => g.isGradEnabled())),
      false,
    );
  });

  it("detach cuts the graph: the detached factor is a constant", () => {
    const x = leafX();
    g.sum(g.mul(g.mul(x.detach(), x), w0)).backward();
    expectTorch("detach", x.grad);
  });

  it("requiresGrad_() turns a plain tensor into a leaf that learns", () => {
    const v = new Tensor(v0.data.slice(), v0.shape);
    assert.equal(v.requiresGrad, false);
    v.requiresGrad_();
    g.sum(g.mul(g.mul(v, v), w0)).backward();
    expectTorch("requiresGrad", v.grad);
  });
});

describe("hooks and retained gradients", () => {
  it("a hook on an intermediate can replace the gradient flowing through it", () => {
    const x = leafX();
    const y = g.mul(x, 3);
    y.registerHook((gr) => g.mul(gr, 2));
    g.sum(g.mul(y, w0)).backward();
    expectTorch("hook", x.grad);
  });

  it("a hook on a leaf changes what is accumulated", () => {
    const x = leafX();
    x.registerHook((gr) => g.add(gr, 1));
    g.sum(g.mul(x, w0)).backward();
    expectTorch("leafHook", x.grad);
  });

  it("removing a hook stops it", () => {
    const x = leafX();
    const remove = x.registerHook(() => g.zerosLike(x));
    remove();
    g.sum(g.mul(x, w0)).backward();
    assertClose(x.grad!, { shape: [4], data: Array.from(w0.data) }, "after removing the hook");
  });

  it("retainGrad keeps an intermediate's gradient", () => {
    const x = leafX();
    const y = g.sin(x).retainGrad();
    g.sum(g.mul(g.mul(y, y), w0)).backward();
    expectTorch("retainGrad", y.grad);
  });

  it("a retained gradient accumulates over two backward() calls, as in PyTorch", () => {
    const x = leafX();
    const y = g.mul(x, 2).retainGrad();
    const z = g.sum(g.mul(y, y));
    z.backward({ retainGraph: true });
    z.backward();
    expectTorch("retainGradTwice", y.grad);
  });

  it("the retained gradient is the one after the hooks", () => {
    // PyTorch 1.13 retains the gradient as it is when retain_grad() was called among the hooks;
    // gradlab always keeps the final one (PyTorch 2's rule) — the same as 1.13 when the hook comes first.
    const x = leafX();
    const y = g.mul(x, 2);
    y.registerHook((gr) => g.mul(gr, 10));
    y.retainGrad();
    g.sum(y).backward();
    expectTorch("hookThenRetain", y.grad);
  });
});

describe("double backward (createGraph)", () => {
  it("grad(…, { createGraph }) twice gives a Hessian–vector product (torch.autograd.functional.hvp)", () => {
    const x = leafX();
    const [gx] = g.grad(f(x), [x], { createGraph: true });
    assert.ok(gx?.requiresGrad, "the gradient is itself differentiable");
    const [hv] = g.grad(g.sum(g.mul(gx, v0)), [x]);
    expectTorch("hvp", hv);
  });

  it("backward({ createGraph: true }) leaves a differentiable x.grad", () => {
    const x = leafX();
    f(x).backward({ createGraph: true });
    const gx = x.grad!;
    x.zeroGrad();
    g.sum(g.mul(gx, v0)).backward();
    expectTorch("doubleBackward", x.grad);
  });
});

describe("the backward walk the stepper replays", () => {
  it("visits ops in reverse topological order, each with its complete upstream gradient", () => {
    const x = leafX();
    const a = g.mul(x, w0);
    const b = g.tanh(a);
    const c = g.mul(b, a);
    const loss = g.sum(c);
    const steps: BackwardStep[] = [];
    loss.backward({ onStep: (s) => steps.push(s) });
    assert.deepEqual(
      steps.map((s) => s.tensor),
      [loss, c, b, a],
      "each op after every op that uses its output",
    );
    // upstream of c, b and a — a's is the sum over its two uses — as PyTorch's retained grads
    const upstream = steps.slice(1).flatMap((s) => Array.from(s.upstream.data));
    assertClose({ shape: [12], data: upstream }, torch.steps.out!, "upstream gradients");
    assert.equal(steps[2].inputGrads.length, 1);
  });
});
