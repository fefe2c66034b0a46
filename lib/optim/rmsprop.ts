// RMSProp (Hinton, 2012), as torch.optim.RMSprop: divide the gradient by a running root-mean-square
// of recent gradients, so steep and shallow directions move at similar speeds.
//   g ← g + λ·p                               (weight decay, if any)
//   v ← α·v + (1 − α)·g²
//   d ← √v + ε      (centered: d ← √(v − ḡ²) + ε, with ḡ ← α·ḡ + (1 − α)·g)
//   b ← μ·b + g/d,  p ← p − η·b   (with momentum μ)     or     p ← p − η·g/d
import { zerosLike } from "../creation";
import type { Storage } from "../dtype";
import type { Tensor } from "../tensor";
import { Optimizer, type Params } from "./optimizer";

/** Options of {@link RMSProp}, as torch.optim.RMSprop. */
export interface RMSPropOptions {
  /** learning rate η (default 0.01) */
  lr?: number;
  /** decay rate of the running mean of g² (default 0.99) */
  alpha?: number;
  /** added to the root so the step never divides by 0 (default 1e-8) */
  eps?: number;
  /** L2 penalty λ (default 0) */
  weightDecay?: number;
  /** momentum of the steps (default 0) */
  momentum?: number;
  /** divide by the variance of g rather than its mean square (default false) */
  centered?: boolean;
}

interface RMSPropState {
  squareAvg: Tensor;
  gradAvg: Tensor;
  momentumBuffer: Tensor;
}

/** RMSProp: a step of η·g / (√v + ε), v the running mean of g². */
export class RMSProp extends Optimizer<RMSPropState> {
  /** decay rate of the running mean of g² */
  alpha: number;
  /** added to the root */
  eps: number;
  /** L2 penalty λ */
  weightDecay: number;
  /** momentum of the steps */
  momentum: number;
  /** whether the variance of g is used */
  centered: boolean;

  constructor(
    params: Params,
    {
      lr = 0.01,
      alpha = 0.99,
      eps = 1e-8,
      weightDecay = 0,
      momentum = 0,
      centered = false,
    }: RMSPropOptions = {},
  ) {
    super(params, lr);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
  }

  protected initialState(p: Tensor): RMSPropState {
    return { squareAvg: zerosLike(p), gradAvg: zerosLike(p), momentumBuffer: zerosLike(p) };
  }

  protected update(p: Storage, grad: Storage, state: RMSPropState): void {
    const { lr, alpha, eps, weightDecay, momentum: mu, centered } = this;
    const [v, gAvg, b] = [state.squareAvg.data, state.gradAvg.data, state.momentumBuffer.data];
    for (let i = 0; i < p.length; i++) {
      const g = grad[i] + weightDecay * p[i];
      v[i] = alpha * v[i] + (1 - alpha) * g * g;
      if (centered) gAvg[i] = alpha * gAvg[i] + (1 - alpha) * g;
      const d = Math.sqrt(centered ? v[i] - gAvg[i] * gAvg[i] : v[i]) + eps;
      if (mu) {
        b[i] = mu * b[i] + g / d;
        p[i] -= lr * b[i];
      } else {
        p[i] -= (lr * g) / d;
      }
    }
  }
}
