// AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW: Adam with *decoupled* weight decay — the
// weights shrink by η·λ directly, instead of λ·p being added to the gradient (where Adam's per-weight
// scaling would weaken it).
//   p ← p · (1 − η·λ)
//   then Adam's update with the raw gradient
import type { Storage } from "../dtype";
import type { Tensor } from "../tensor";
import { adamUpdate, type AdamOptions, type AdamState } from "./adam";
import { Optimizer, buffer, type Params } from "./optimizer";

export class AdamW extends Optimizer<AdamState> {
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

  protected initialState(p: Tensor): AdamState {
    return { step: 0, expAvg: buffer(p), expAvgSq: buffer(p) };
  }

  protected update(p: Storage, grad: Storage, state: AdamState): void {
    const shrink = 1 - this.lr * this.weightDecay;
    for (let i = 0; i < p.length; i++) p[i] *= shrink;
    adamUpdate(p, grad, state, this, 0);
  }
}
