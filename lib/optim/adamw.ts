// AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW: Adam with *decoupled* weight decay — the
// weights shrink by η·λ directly, instead of λ·p being added to the gradient (where Adam's per-weight
// scaling would weaken it).
//   p ← p · (1 − η·λ)
//   then Adam's update with the raw gradient
import type { Tensor } from "../tensor";
import { adamStep, type AdamOptions } from "./adam";
import { Optimizer, assign, type ParamState, type Params } from "./optimizer";

export class AdamW extends Optimizer {
  betas: [number, number];
  eps: number;
  weightDecay: number;

  constructor(
    params: Params,
    { lr = 0.001, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0.01 }: AdamOptions = {},
  ) {
    super(params, lr);
    this.betas = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    if (this.weightDecay) assign(p, p.mul(1 - this.lr * this.weightDecay));
    adamStep(p, g, state, this.lr, this.betas, this.eps);
  }
}
