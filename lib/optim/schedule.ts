// Learning-rate schedules, as torch.optim.lr_scheduler: each maps the number of schedule steps taken
// (usually epochs) to a multiple of the optimizer's starting lr. Call `scheduler.step()` once per epoch
// (the lrScheduler callback does it for fit()), after the optimizer's steps.
import type { Optimizer } from "./optimizer";

/**
 * The base of the learning-rate schedules: step() (once per epoch) sets the optimizer's lr to
 * baseLr × factor(t).
 */
export abstract class LRScheduler {
  /** schedule steps taken so far */
  t = 0;
  /** the optimizer's lr when the schedule was made */
  readonly baseLr: number;

  /** @param optimizer the optimizer whose lr it sets */
  constructor(readonly optimizer: Optimizer) {
    this.baseLr = optimizer.lr;
  }

  /** The learning rate after `t` schedule steps. */
  abstract lrAt(t: number): number;

  /** Advances one step and sets the optimizer's lr. */
  step(): number {
    this.t += 1;
    this.optimizer.lr = this.lrAt(this.t);
    return this.optimizer.lr;
  }
}

/** Multiplies the lr by γ every `stepSize` steps: η·γ^⌊t / stepSize⌋. */
export class StepLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    /** how many steps between decays */
    readonly stepSize: number,
    /** the factor per decay (default 0.1) */
    readonly gamma = 0.1,
  ) {
    super(optimizer);
  }
  lrAt(t: number): number {
    return this.baseLr * this.gamma ** Math.floor(t / this.stepSize);
  }
}

/** Multiplies the lr by γ every step: η·γᵗ. */
export class ExponentialLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    /** the factor per step */
    readonly gamma: number,
  ) {
    super(optimizer);
  }
  lrAt(t: number): number {
    return this.baseLr * this.gamma ** t;
  }
}

/** Half a cosine from η down to ηmin over tMax steps: ηmin + (η − ηmin)·(1 + cos(π·t/tMax))/2. */
export class CosineAnnealingLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    /** steps in one half cosine, from baseLr down to etaMin */
    readonly tMax: number,
    /** the lowest lr (default 0) */
    readonly etaMin = 0,
  ) {
    super(optimizer);
  }
  lrAt(t: number): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * t) / this.tMax))) / 2;
  }
}

/**
 * Linear warm-up (torch's LinearLR): the factor goes from `startFactor` to `endFactor` over `totalIters`
 * steps, then stays. Large learning rates are safer once the first steps have settled the weights.
 */
export class LinearWarmup extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    /** steps the warm-up lasts (default 5) */
    readonly totalIters = 5,
    /** factor at the first step (default 1/3) */
    readonly startFactor = 1 / 3,
    /** factor at the end of the warm-up (default 1) */
    readonly endFactor = 1,
  ) {
    super(optimizer);
    optimizer.lr = this.lrAt(0);
  }
  lrAt(t: number): number {
    const progress = Math.min(t, this.totalIters) / this.totalIters;
    return this.baseLr * (this.startFactor + (this.endFactor - this.startFactor) * progress);
  }
}

/** Any schedule as a function: lr = η·factor(t) (torch's LambdaLR). */
export class LambdaLR extends LRScheduler {
  constructor(
    optimizer: Optimizer,
    /** the multiple of baseLr after t steps */
    readonly factor: (t: number) => number,
  ) {
    super(optimizer);
    optimizer.lr = this.lrAt(0);
  }
  lrAt(t: number): number {
    return this.baseLr * this.factor(t);
  }
}
