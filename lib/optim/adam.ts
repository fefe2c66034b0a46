// Adam (Kingma & Ba, 2015), as torch.optim.Adam: running averages of the gradient (m) and of its
// square (v), corrected for starting at zero, give each weight its own step size.
//   g ← g + λ·p                       (L2 weight decay, if any)
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   p ← p − η/(1 − β₁ᵗ) · m / (√v / √(1 − β₂ᵗ) + ε)
import { kernels } from "../backend";
import { zerosLike } from "../creation";
import type { Storage } from "../dtype";
import type { Tensor } from "../tensor";
import { Optimizer, type Params } from "./optimizer";

/** Options of {@link Adam} and {@link AdamW}, as torch.optim.Adam. */
export interface AdamOptions {
  /** learning rate η (default 0.001) */
  lr?: number;
  /** decay rates of the running mean of g and of g² (default [0.9, 0.999]) */
  betas?: [number, number];
  /** added to √v̂ so the step never divides by 0 (default 1e-8) */
  eps?: number;
  /** L2 penalty λ added to the gradient (Adam; default 0) or decoupled decay (AdamW; default 0.01) */
  weightDecay?: number;
}

/** Adam's memory for one parameter. */
export interface AdamState {
  /** how many updates it has had */
  step: number;
  /** m, the running mean of its gradient */
  expAvg: Tensor;
  /** v, the running mean of its squared gradient */
  expAvgSq: Tensor;
}

/**
 * Adam: a step of η·m̂ / (√v̂ + ε) per parameter, m and v the bias-corrected running means of g and g².
 * @example
 * const opt = new optim.Adam(model, { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamState> {
  /** decay rates of m and v */
  betas: [number, number];
  /** added to √v̂ */
  eps: number;
  /** L2 penalty λ (decoupled in AdamW) */
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

  protected initialState(p: Tensor): AdamState {
    return { step: 0, expAvg: zerosLike(p), expAvgSq: zerosLike(p) };
  }

  protected update(p: Storage, grad: Storage, state: AdamState): void {
    adamUpdate(p, grad, state, this, this.weightDecay);
  }
}

/**
 * Adam's update, shared with AdamW; `l2` is the weight decay added to the gradient (AdamW's is 0). The
 * loop below is the formula; a backend may run the same formula faster on float32 (the gpu backend's
 * WebAssembly SIMD, lib/backend/gpu/simd/adam.ts).
 */
export function adamUpdate(
  p: Storage,
  grad: Storage,
  state: AdamState,
  { lr, betas: [beta1, beta2], eps }: { lr: number; betas: [number, number]; eps: number },
  l2: number,
): void {
  const t = ++state.step;
  const [m, v] = [state.expAvg.data, state.expAvgSq.data];
  const stepSize = lr / (1 - beta1 ** t);
  const sqrtCorrection2 = Math.sqrt(1 - beta2 ** t);
  const fast = kernels().adam;
  if (fast && [p, grad, m, v].every((a) => a instanceof Float32Array)) {
    const [p32, g32, m32, v32] = [p, grad, m, v] as Float32Array[];
    fast({ p: p32, g: g32, m: m32, v: v32, beta1, beta2, stepSize, correction: sqrtCorrection2, eps, l2 });
    return;
  }
  for (let i = 0; i < p.length; i++) {
    const g = grad[i] + l2 * p[i];
    m[i] = beta1 * m[i] + (1 - beta1) * g;
    v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    p[i] -= (stepSize * m[i]) / (Math.sqrt(v[i]) / sqrtCorrection2 + eps);
  }
}
