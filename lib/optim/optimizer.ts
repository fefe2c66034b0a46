// Optimizer: what every update rule shares. step() visits each parameter that has a gradient and
// applies the rule element by element, in place — the model and the optimizer hold the same tensor, so
// both see the new values. Writing into the storage directly records nothing on the tape: an update is
// not part of the model's computation (it is PyTorch's `with torch.no_grad()`).
import type { Storage } from "../dtype";
import type { Tensor } from "../tensor";

/** Anything with parameters (a Module), or the parameters themselves. */
export type Params =
  | Iterable<Tensor>
  | {
      /** the learnable tensors, as a Module lists them */
      parameters(): Tensor[];
    };

/**
 * The base of the optimizers: holds the parameters and the learning rate; step() updates every parameter
 * from its `grad` (under noGrad), zeroGrad() clears the grads before the next backward().
 */
export abstract class Optimizer<State = object> {
  /** the tensors it updates */
  readonly params: Tensor[];
  /** the learning rate; schedules change it between steps */
  lr: number;
  /** per-parameter memory (momentum buffers, running averages, step counts), kept as tensors you can inspect */
  readonly state = new Map<Tensor, State>();

  constructor(params: Params, lr: number) {
    this.params = "parameters" in params ? params.parameters() : [...params];
    if (this.params.length === 0) throw new Error(`${new.target.name}: got no parameters to optimize`);
    this.lr = lr;
  }

  /** The state of a parameter before its first step. */
  protected abstract initialState(p: Tensor): State;

  /** The update rule: new values of `p` (in place) from its gradient `g` and its state. */
  protected abstract update(p: Storage, g: Storage, state: State): void;

  /** One update of every parameter that has a gradient. */
  step(): void {
    for (const p of this.params) {
      if (!p.grad) continue;
      let state = this.state.get(p);
      if (!state) this.state.set(p, (state = this.initialState(p)));
      this.update(p.data, p.grad.data, state);
    }
  }

  /** Forgets the gradients: backward() adds to them, so clear them before each batch. */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** The optimizer and its settings, e.g. "SGD(lr=0.1, momentum=0.9)". */
  toString(): string {
    return `${this.constructor.name}(lr=${this.lr})`;
  }
}
