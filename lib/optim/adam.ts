// Adam (Kingma & Ba, 2015), as torch.optim.Adam: running averages of the gradient (m) and of its
// square (v), corrected for starting at zero, give each weight its own step size.
//   g ← g + λ·p                       (L2 weight decay, if any)
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
import { zerosLike } from "../creation";
import type { Tensor } from "../tensor";
import { Optimizer, assign, type ParamState, type Params } from "./optimizer";

export interface AdamOptions {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
}

export class Adam extends Optimizer {
  betas: [number, number];
  eps: number;
  weightDecay: number;

  constructor(
    params: Params,
    { lr = 0.001, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 }: AdamOptions = {},
  ) {
    super(params, lr);
    this.betas = betas;
    this.eps = eps;
    this.weightDecay = weightDecay;
  }

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    if (this.weightDecay) g = g.add(p.mul(this.weightDecay));
    adamStep(p, g, state, this.lr, this.betas, this.eps);
  }
}

/** The Adam update itself, shared with AdamW (which differs only in how it decays weights). */
export function adamStep(
  p: Tensor,
  g: Tensor,
  state: ParamState,
  lr: number,
  [beta1, beta2]: [number, number],
  eps: number,
): void {
  const t = ((state.step as number | undefined) ?? 0) + 1;
  const m = ((state.expAvg as Tensor | undefined) ?? zerosLike(p)).mul(beta1).add(g.mul(1 - beta1));
  const v = ((state.expAvgSq as Tensor | undefined) ?? zerosLike(p)).mul(beta2).add(g.mul(g).mul(1 - beta2));
  Object.assign(state, { step: t, expAvg: m, expAvgSq: v });
  const stepSize = lr / (1 - beta1 ** t);
  const denom = v
    .sqrt()
    .div(Math.sqrt(1 - beta2 ** t))
    .add(eps);
  assign(p, p.sub(m.div(denom).mul(stepSize)));
}
