// AdamW (Loshchilov & Hutter, 2019), as torch.optim.AdamW: Adam with *decoupled* weight decay — the
// weights shrink by η·λ directly, instead of λ·p being added to the gradient (where Adam's per-weight
// scaling would weaken it).
//   p ← p · (1 − η·λ)
//   then Adam's update with the raw gradient
import type { Storage } from "../dtype";
import { Adam, adamUpdate, type AdamOptions, type AdamState } from "./adam";
import type { Params } from "./optimizer";

/** Adam with decoupled weight decay (p ← p − η·λ·p apart from the Adam step), weightDecay 0.01 by default. */
export class AdamW extends Adam {
  constructor(params: Params, { weightDecay = 0.01, ...rest }: AdamOptions = {}) {
    super(params, { ...rest, weightDecay });
  }

  protected override update(p: Storage, grad: Storage, state: AdamState): void {
    const shrink = 1 - this.lr * this.weightDecay;
    for (let i = 0; i < p.length; i++) p[i] *= shrink;
    adamUpdate(p, grad, state, this, 0);
  }
}
