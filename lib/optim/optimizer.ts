// Optimizer: what every update rule shares. step() visits each parameter that has a gradient, under
// noGrad (an update is not part of the model's computation), and writes the new value in place —
// the model and the optimizer hold the same tensor, so both see it.
import { noGrad } from "../autograd";
import type { Tensor } from "../tensor";

/** Anything with parameters (a Module), or the parameters themselves. */
export type Params = Iterable<Tensor> | { parameters(): Tensor[] };

/** Per-parameter memory: momentum buffers, running averages, the step count. */
export type ParamState = Record<string, Tensor | number>;

export abstract class Optimizer {
  readonly params: Tensor[];
  /** the learning rate; schedules change it between steps */
  lr: number;
  /** the lr it started with: schedules scale this */
  readonly initialLr: number;
  protected readonly state = new Map<Tensor, ParamState>();

  constructor(params: Params, lr: number) {
    this.params = "parameters" in params ? params.parameters() : [...params];
    if (this.params.length === 0) throw new Error(`${new.target.name}: got no parameters to optimize`);
    this.lr = lr;
    this.initialLr = lr;
  }

  /** The update rule for one parameter `p` with gradient `g` and its state (empty on the first step). */
  protected abstract update(p: Tensor, g: Tensor, state: ParamState): void;

  /** One update of every parameter that has a gradient. */
  step(): void {
    noGrad(() => {
      for (const p of this.params) {
        if (!p.grad) continue;
        let state = this.state.get(p);
        if (!state) this.state.set(p, (state = {}));
        this.update(p, p.grad, state);
      }
    });
  }

  /** Forgets the gradients: backward() adds to them, so clear them before each batch. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  toString(): string {
    return `${this.constructor.name}(lr=${this.lr})`;
  }
}

/** Writes `value` into `p` in place. */
export function assign(p: Tensor, value: Tensor): void {
  p.data.set(value.data);
}
