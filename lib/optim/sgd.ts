// Stochastic gradient descent, with PyTorch's momentum, Nesterov momentum and (L2) weight decay:
//   g ← g + λ·p                          weight decay
//   b ← μ·b + (1 − τ)·g   (b₁ = g)       momentum buffer, τ the dampening
//   g ← g + μ·b  (Nesterov)   or   g ← b
//   p ← p − η·g
import { zerosLike } from "../creation";
import type { Storage } from "../dtype";
import type { Tensor } from "../tensor";
import { Optimizer, type Params } from "./optimizer";

/** Options of {@link SGD}, as torch.optim.SGD. */
export interface SGDOptions {
  /** learning rate η (default 0.01) */
  lr?: number;
  /** μ: how much of the last update carries over (default 0: plain gradient descent) */
  momentum?: number;
  /** scales the new gradient in the momentum buffer by (1 − dampening) (default 0) */
  dampening?: number;
  /** L2 penalty λ: adds λ·p to each gradient (default 0) */
  weightDecay?: number;
  /** Nesterov momentum: look ahead along the momentum (default false) */
  nesterov?: boolean;
}

interface SGDState {
  step: number;
  momentumBuffer: Tensor;
}

/**
 * Stochastic gradient descent: p ← p − η·g (with momentum: v ← μv + g, p ← p − η·v).
 * @example
 * const opt = new optim.SGD(model, { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export class SGD extends Optimizer<SGDState> {
  /** μ, see SGDOptions */
  momentum: number;
  /** see SGDOptions */
  dampening: number;
  /** L2 penalty λ */
  weightDecay: number;
  /** whether momentum is Nesterov's */
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

  protected initialState(p: Tensor): SGDState {
    return { step: 0, momentumBuffer: zerosLike(p) };
  }

  protected update(p: Storage, grad: Storage, state: SGDState): void {
    const { lr, momentum: mu, dampening, weightDecay, nesterov } = this;
    const b = state.momentumBuffer.data;
    const first = state.step++ === 0;
    for (let i = 0; i < p.length; i++) {
      let g = grad[i] + weightDecay * p[i];
      if (mu) {
        b[i] = first ? g : mu * b[i] + (1 - dampening) * g;
        g = nesterov ? g + mu * b[i] : b[i];
      }
      p[i] -= lr * g;
    }
  }
}
