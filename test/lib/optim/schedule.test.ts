// Learning-rate schedules against torch.optim.lr_scheduler: the lr after each of a dozen steps.
import { before, describe, test } from "node:test";
import { tensor } from "../../../lib";
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearWarmup,
  StepLR,
  SGD,
  type LRScheduler,
  type Optimizer,
} from "../../../lib/optim";
import { assertClose } from "../../helpers/close";
import { askTorchOptim, type SchedulerCase } from "../../helpers/torch_optim";

const steps = 12;
const lr = 0.1;

const cases: {
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
];

let expected: number[][] = [];
before(() => {
  expected = askTorchOptim({ schedulers: cases.map((c) => ({ ...c.torch, lr, steps })) }).schedulers;
});

describe("lr schedules match torch.optim.lr_scheduler", () => {
  cases.forEach((c, i) =>
    test(c.name, () => {
      const optimizer = new SGD([tensor([0], { requiresGrad: true })], { lr });
      const scheduler = c.make(optimizer);
      const lrs = [optimizer.lr];
      for (let s = 0; s < steps; s++) lrs.push(scheduler.step());
      assertClose({ shape: [lrs.length], data: lrs }, { shape: [steps + 1], data: expected[i] }, c.name, {
        rtol: 1e-9,
        atol: 1e-12,
      });
    }),
  );
});
