// Activation functions. Where the derivative is neatest in terms of the output (sigmoid, tanh), it is
// written that way, as in the textbooks.
import { record } from "../autograd";
import { Tensor } from "../tensor";
import { add, mul, sub } from "./arithmetic";
import { kernels } from "../backend";
import { map, watching, zip } from "./elementwise";
import { addMethods } from "./methods";
import { exp } from "./unary";
import { logSumExp, sum } from "./reduce";
import { normalizeDim, sameShape } from "../shape";

/**
 * The active backend's kernel `name` when every tensor is float32 of one shape and graph mode is not
 * watching the loop: the gpu backend runs relu branch-free in WebAssembly SIMD. Else the loop below runs.
 */
function backendKernel<K extends "relu" | "reluGrad">(name: K, ...ts: Tensor[]) {
  const float32 = ts.every(
    (t) => t.data instanceof Float32Array && t.data.length === t.size && sameShape(t.shape, ts[0].shape),
  );
  return float32 && !watching() ? kernels()[name] : undefined;
}

/** max(0, x).   d/dx = 1 where x > 0, else 0 */
export function relu(x: Tensor): Tensor {
  const kernel = backendKernel("relu", x);
  const y = kernel
    ? new Tensor(kernel(x.data as Float32Array), x.shape)
    : map(x, (v) => (v > 0 || Number.isNaN(v) ? v : 0), x.dtype); // NaN stays NaN, as in PyTorch
  return record("relu", [x], y, (g) => [reluBackward(g, x)]);
}

/**
 * g where x > 0, else 0: relu's backward in one pass, as PyTorch's threshold_backward. It is an op of its
 * own, linear in g, so a gradient of relu can be differentiated again (createGraph).
 */
function reluBackward(g: Tensor, x: Tensor): Tensor {
  const kernel = backendKernel("reluGrad", g, x);
  const dx = kernel
    ? new Tensor(kernel(g.data as Float32Array, x.data as Float32Array), g.shape)
    : zip("relu", g, x, (gv, xv) => (xv > 0 ? gv : 0), g.dtype);
  return record("reluBackward", [g], dx, (G) => [reluBackward(G, x)]);
}

/** x for x > 0, else slope·x.   d/dx = 1 or slope */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const y = map(x, (v) => (v > 0 ? v : negativeSlope * v));
  const slope = () => map(x, (v) => (v > 0 ? 1 : negativeSlope));
  return record("leakyRelu", [x], y, (g) => [mul(g, slope())], { negativeSlope });
}

/** σ(x) = 1 / (1 + e⁻ˣ).   d/dx = σ(x)·(1 − σ(x)) */
export function sigmoid(x: Tensor): Tensor {
  const s = map(x, (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v))));
  return record("sigmoid", [x], s, (g) => [mul(g, mul(s, sub(1, s)))]);
}

/** tanh x.   d/dx = 1 − tanh²x */
export function tanh(x: Tensor): Tensor {
  const t = map(x, Math.tanh);
  return record("tanh", [x], t, (g) => [mul(g, sub(1, mul(t, t)))]);
}

/** ln(1 + eˣ), computed without overflow.   d/dx = σ(x) */
export function softplus(x: Tensor): Tensor {
  const y = map(x, (v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
  return record("softplus", [x], y, (g) => [mul(g, sigmoid(x))]);
}

/**
 * GELU, exact: x·Φ(x) with Φ the standard normal CDF.   d/dx = Φ(x) + x·φ(x)
 * (`approximate: "tanh"` uses PyTorch's tanh approximation, written as differentiable ops.)
 */
export function gelu(x: Tensor, options: { approximate?: "none" | "tanh" } = {}): Tensor {
  if (options.approximate === "tanh") {
    const inner = mul(add(x, mul(mul(mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI));
    return mul(mul(x, 0.5), add(tanh(inner), 1));
  }
  const y = map(x, (v) => v * cdf(v));
  return record("gelu", [x], y, (g) => [mul(g, geluSlope(x))]);
}

const cdf = (v: number) => 0.5 * (1 + erf(v / Math.SQRT2));
const pdf = (v: number) => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);

/**
 * GELU′(x) = Φ(x) + x·φ(x), itself an op so that a gradient of GELU can be differentiated again
 * (createGraph): GELU″(x) = 2φ(x) + x·φ′(x) = (2 − x²)·φ(x).
 */
function geluSlope(x: Tensor): Tensor {
  const slope = map(x, (v) => cdf(v) + v * pdf(v));
  return record("geluSlope", [x], slope, (g) => [
    mul(
      g,
      map(x, (v) => (2 - v * v) * pdf(v)),
    ),
  ]);
}

/** The error function to float64 accuracy (gradcheck needs it): a power series near 0, a continued fraction beyond. */
function erf(x: number): number {
  const a = Math.abs(x);
  return Math.sign(x) * (a < 2.5 ? erfSeries(a) : erfcContinuedFraction(a));
}

/** erf(a) = 2/√π · Σ (−1)ⁿ a^(2n+1) / (n!(2n+1)), converging fast for a < 2.5. */
function erfSeries(a: number): number {
  let term = a;
  let total = a;
  for (let n = 1; n < 60; n++) {
    term *= (-a * a) / n;
    total += term / (2 * n + 1);
    if (Math.abs(term) < 1e-17) break;
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

/** erf(a) = 1 − erfc(a), with erfc by its continued fraction (Lentz), accurate for a ≥ 2.5. */
function erfcContinuedFraction(a: number): number {
  let f = a;
  let c = a;
  let d = 0;
  for (let n = 1; n < 100; n++) {
    const an = n / 2;
    d = 1 / (a + an * d);
    c = a + an / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 - Math.exp(-a * a) / (f * Math.sqrt(Math.PI));
}

/** log softmax, stably: x − logΣeˣ. Composed of differentiable ops. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  normalizeDim("logSoftmax", dim, x.ndim); // so a bad dim is reported as logSoftmax's
  return sub(x, logSumExp(x, dim, { keepDim: true }));
}

/** softmax(x)ᵢ = e^xᵢ / Σⱼ e^xⱼ.   ∂/∂x = s ⊙ (g − Σ g⊙s) */
export function softmax(x: Tensor, dim = -1): Tensor {
  normalizeDim("softmax", dim, x.ndim);
  const s = exp(logSoftmax(x.detach(), dim));
  return record("softmax", [x], s, (g) => [mul(s, sub(g, sum(mul(g, s), dim, { keepDim: true })))], { dim });
}

declare module "../tensor" {
  interface Tensor {
    /**
     * max(0, t), elementwise.   ∂/∂t = 1 where t > 0, else 0
     * @example
     * tensor([-1, 2]).relu() // [0, 2]
     */
    relu(): Tensor;
    /** t where t > 0, else negativeSlope · t (default 0.01).   ∂/∂t = 1 or negativeSlope */
    leakyRelu(negativeSlope?: number): Tensor;
    /** σ(t) = 1 / (1 + e⁻ᵗ), elementwise.   ∂/∂t = σ(t)(1 − σ(t)) */
    sigmoid(): Tensor;
    /** tanh(t), elementwise.   ∂/∂t = 1 − tanh²(t) */
    tanh(): Tensor;
    /** log(1 + eᵗ), a smooth relu.   ∂/∂t = σ(t) */
    softplus(): Tensor;
    /** t · Φ(t) (Φ the normal CDF; `approximate: "tanh"` for GPT-2's formula).   ∂/∂t = Φ(t) + t·φ(t) */
    gelu(options?: { approximate?: "none" | "tanh" }): Tensor;
    /**
     * e^t / Σ e^t along `dim` (default −1): each slice along `dim` sums to 1. Same shape as t.
     * @example
     * tensor([1, 2, 3]).softmax() // [0.090, 0.245, 0.665]
     */
    softmax(dim?: number): Tensor;
    /** log(softmax(t)) along `dim` (default −1), computed stably. Same shape as t. */
    logSoftmax(dim?: number): Tensor;
  }
}

addMethods({ relu, leakyRelu, sigmoid, tanh, softplus, gelu, softmax, logSoftmax });
