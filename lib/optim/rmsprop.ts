// RMSProp (Hinton, 2012), as torch.optim.RMSprop: divide the gradient by a running root-mean-square
// of recent gradients, so steep and shallow directions move at similar speeds.
//   g ← g + λ·p                               (weight decay, if any)
//   v ← α·v + (1 − α)·g²
//   d ← √v + ε      (centered: d ← √(v − ḡ²) + ε, with ḡ ← α·ḡ + (1 − α)·g)
//   b ← μ·b + g/d,  p ← p − η·b   (with momentum μ)     or     p ← p − η·g/d
import { zerosLike } from "../creation";
import type { Tensor } from "../tensor";
import { Optimizer, assign, type ParamState, type Params } from "./optimizer";

export interface RMSPropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

export class RMSProp extends Optimizer {
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
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

  protected update(p: Tensor, g: Tensor, state: ParamState): void {
    const a = this.alpha;
    if (this.weightDecay) g = g.add(p.mul(this.weightDecay));
    const v = ((state.squareAvg as Tensor | undefined) ?? zerosLike(p)).mul(a).add(g.mul(g).mul(1 - a));
    state.squareAvg = v;
    let denom: Tensor;
    if (this.centered) {
      const gAvg = ((state.gradAvg as Tensor | undefined) ?? zerosLike(p)).mul(a).add(g.mul(1 - a));
      state.gradAvg = gAvg;
      denom = v.sub(gAvg.mul(gAvg)).sqrt().add(this.eps);
    } else {
      denom = v.sqrt().add(this.eps);
    }
    if (this.momentum) {
      const b = ((state.momentumBuffer as Tensor | undefined) ?? zerosLike(p))
        .mul(this.momentum)
        .add(g.div(denom));
      state.momentumBuffer = b;
      assign(p, p.sub(b.mul(this.lr)));
    } else {
      assign(p, p.sub(g.div(denom).mul(this.lr)));
    }
  }
}
