// Every optimizer and lr schedule against torch.optim. Optimizers get the same starting parameters, the
// same gradients at each of several steps and the same hyper-parameters: the parameters must agree after
// every step. Schedules: the lr after each of a dozen steps.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { backendInfo, getBackend, manualSeed, randn, setBackend, tensor, type Tensor } from "../../../lib";
import {
  Adam,
  AdamW,
  CosineAnnealingLR,
  ExponentialLR,
  LambdaLR,
  LinearWarmup,
  RMSProp,
  SGD,
  StepLR,
  type LRScheduler,
  type Optimizer,
} from "../../../lib/optim";
import { testBackends } from "../../helpers/backends";
import { assertClose } from "../../helpers/close";
import { askTorchOptim, type OptimizerCase, type SchedulerCase } from "../../helpers/torch_optim";

const steps = 6;
const sizes = [7, 3];

interface Case {
  name: string;
  make: (params: Tensor[]) => Optimizer;
  torch: Omit<OptimizerCase, "params" | "grads">;
}

const cases: Case[] = [
  { name: "SGD", make: (p) => new SGD(p, { lr: 0.1 }), torch: { name: "SGD", kwargs: { lr: 0.1 } } },
  {
    name: "SGD momentum + dampening",
    make: (p) => new SGD(p, { lr: 0.05, momentum: 0.9, dampening: 0.1 }),
    torch: { name: "SGD", kwargs: { lr: 0.05, momentum: 0.9, dampening: 0.1 } },
  },
  {
    name: "SGD Nesterov + weight decay",
    make: (p) => new SGD(p, { lr: 0.05, momentum: 0.8, nesterov: true, weightDecay: 0.01 }),
    torch: { name: "SGD", kwargs: { lr: 0.05, momentum: 0.8, nesterov: true, weight_decay: 0.01 } },
  },
  { name: "Adam", make: (p) => new Adam(p, { lr: 0.01 }), torch: { name: "Adam", kwargs: { lr: 0.01 } } },
  {
    name: "Adam betas + eps + weight decay",
    make: (p) => new Adam(p, { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6, weightDecay: 0.1 }),
    torch: { name: "Adam", kwargs: { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.1 } },
  },
  {
    name: "AdamW",
    make: (p) => new AdamW(p, { lr: 0.01, weightDecay: 0.1 }),
    torch: { name: "AdamW", kwargs: { lr: 0.01, weight_decay: 0.1 } },
  },
  {
    name: "RMSProp",
    make: (p) => new RMSProp(p, { lr: 0.01 }),
    torch: { name: "RMSprop", kwargs: { lr: 0.01 } },
  },
  {
    name: "RMSProp centered + momentum + weight decay",
    make: (p) => new RMSProp(p, { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.05 }),
    torch: {
      name: "RMSprop",
      kwargs: { lr: 0.01, alpha: 0.9, momentum: 0.5, centered: true, weight_decay: 0.05 },
    },
  },
];

manualSeed(11);
const initial = sizes.map((n) => Array.from(randn([n]).data));
const grads = Array.from({ length: steps }, () => sizes.map((n) => Array.from(randn([n]).data)));

describe("optimizers match torch.optim step by step", () => {
  cases.forEach((c, i) =>
    test(c.name, () => {
      const params = initial.map((values) => tensor(values, { requiresGrad: true }));
      const optimizer = c.make(params);
      for (let s = 0; s < steps; s++) {
        optimizer.zeroGrad();
        params.forEach((p, j) => (p.grad = tensor(grads[s][j])));
        optimizer.step();
        params.forEach((p, j) =>
          assertClose(
            p,
            { shape: [sizes[j]], data: expected[i][s][j] },
            `${c.name}, step ${s + 1}, param ${j}`,
            {
              rtol: 1e-5,
              atol: 1e-6,
            },
          ),
        );
      }
    }),
  );

  test("step() skips parameters without a gradient and records nothing", () => {
    const [a, b] = [tensor([1, 2], { requiresGrad: true }), tensor([3], { requiresGrad: true })];
    const optimizer = new SGD([a, b], { lr: 1 });
    a.grad = tensor([1, 1]);
    optimizer.step();
    assert.deepEqual(Array.from(a.data), [0, 1]);
    assert.deepEqual(Array.from(b.data), [3]);
    assert.equal(a.gradFn, null);
  });
});

const scheduleSteps = 12;
const lr = 0.1;

const schedules: {
  name: string;
  make: (o: Optimizer) => LRScheduler;
  torch: Omit<SchedulerCase, "lr" | "steps">;
}[] = [
  {
    name: "StepLR",
    make: (o) => new StepLR(o, 3, 0.5),
    torch: { name: "StepLR", kwargs: { step_size: 3, gamma: 0.5 } },
  },
  {
    name: "ExponentialLR",
    make: (o) => new ExponentialLR(o, 0.9),
    torch: { name: "ExponentialLR", kwargs: { gamma: 0.9 } },
  },
  {
    name: "CosineAnnealingLR",
    make: (o) => new CosineAnnealingLR(o, 10, 0.001),
    torch: { name: "CosineAnnealingLR", kwargs: { T_max: 10, eta_min: 0.001 } },
  },
  {
    name: "LinearWarmup (LinearLR)",
    make: (o) => new LinearWarmup(o, 4, 0.25),
    torch: { name: "LinearLR", kwargs: { start_factor: 0.25, total_iters: 4 } },
  },
  {
    // torch's LambdaLR takes a Python function, so the factor here is ExponentialLR's and so is the oracle
    name: "LambdaLR (as ExponentialLR)",
    make: (o) => new LambdaLR(o, (t) => 0.9 ** t),
    torch: { name: "ExponentialLR", kwargs: { gamma: 0.9 } },
  },
];

describe("lr schedules match torch.optim.lr_scheduler", () => {
  schedules.forEach((c, i) =>
    test(c.name, () => {
      const optimizer = new SGD([tensor([0], { requiresGrad: true })], { lr });
      const scheduler = c.make(optimizer);
      const lrs = [optimizer.lr];
      for (let s = 0; s < scheduleSteps; s++) lrs.push(scheduler.step());
      assertClose(
        { shape: [lrs.length], data: lrs },
        { shape: [scheduleSteps + 1], data: expectedLrs[i] },
        c.name,
        {
          rtol: 1e-9,
          atol: 1e-12,
        },
      );
    }),
  );
});

// Adam's update runs in WebAssembly SIMD on the gpu backend's CPU path (lib/backend/gpu/simd/adam.ts): the
// Adam cases again on every backend, with a parameter whose length leaves a tail past the last 4-float
// vector and one long enough for the kernel's threads
const adamCases = cases.filter((c) => c.name.startsWith("Adam"));
const adamSizes = [7, 70_001];
const adamInitial = adamSizes.map((n) => Array.from(randn([n]).data));
const adamGrads = Array.from({ length: 4 }, () => adamSizes.map((n) => Array.from(randn([n]).data)));

describe("Adam and AdamW match torch.optim on every backend", () => {
  let adamExpected: number[][][][] = [];
  before(() => {
    adamExpected = askTorchOptim({
      optimizers: adamCases.map((c) => ({ ...c.torch, params: adamInitial, grads: adamGrads })),
    }).optimizers;
  });
  for (const backend of testBackends())
    adamCases.forEach((c, i) =>
      test(`${c.name} [${backend}]`, () => {
        const previous = getBackend();
        setBackend(backend);
        try {
          const params = adamInitial.map((values) => tensor(values, { requiresGrad: true }));
          const optimizer = c.make(params);
          adamGrads.forEach((grads, s) => {
            params.forEach((p, j) => (p.grad = tensor(grads[j])));
            optimizer.step();
            params.forEach((p, j) =>
              assertClose(
                p,
                { shape: [adamSizes[j]], data: adamExpected[i][s][j] },
                `step ${s + 1}, param ${j}`,
                {
                  rtol: 1e-5,
                  atol: 1e-6,
                },
              ),
            );
          });
          // the state is the optimizer's own tensors, updated in place whichever loop ran
          const state = (optimizer as Adam).state.get(params[1])!;
          assert.equal(state.step, adamGrads.length);
          assert.ok(
            state.expAvgSq.data.every((v) => v > 0),
            `${backendInfo().name}: v > 0 everywhere`,
          );
        } finally {
          setBackend(previous);
        }
      }),
    );
});

// one PyTorch process for every optimizer and schedule
let expected: number[][][][] = [];
let expectedLrs: number[][] = [];
before(() => {
  const answer = askTorchOptim({
    optimizers: cases.map((c) => ({ ...c.torch, params: initial, grads })),
    schedulers: schedules.map((c) => ({ ...c.torch, lr, steps: scheduleSteps })),
  });
  [expected, expectedLrs] = [answer.optimizers, answer.schedulers];
});
