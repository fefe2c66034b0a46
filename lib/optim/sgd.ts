// Stochastic gradient descent, with PyTorch's momentum, Nesterov momentum and (L2) weight decay:
//   g ← g + λ·p                          weight decay
//   b ← μ·b + (1 − τ)·g   (b₁ = g)       momentum buffer, τ the dampening
//   g ← g + μ·b  (Nesterov)   or   g ← b
//   p ← p − η·g
import type { Tensor } from "../tensor";
import { Optimizer, assign, type ParamState, type Params } from "./optimizer";

export interface SGDOptions {
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

export class SGD extends Optimizer {
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;

  constructor(
    params: Params,
    { lr = 0.01, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false }: SGDOptions = {},
  ) {
    super(params, lr);
    if (nesterov && (momentum <= 0 || dampening !== 0))
      throw new Error("SGD: Nesterov momentum needs momentum > 0 and dampening = 0");
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    if (this.weightDecay) g = g.add(p.mul(this.weightDecay));
    if (this.momentum) {
      const previous = state.momentumBuffer as Tensor | undefined;
      const b = previous ? previous.mul(this.momentum).add(g.mul(1 - this.dampening)) : g.clone();
      state.momentumBuffer = b;
      g = this.nesterov ? g.add(b.mul(this.momentum)) : b;
    }
    assign(p, p.sub(g.mul(this.lr)));
  }
}
