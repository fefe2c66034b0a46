// Elementary functions, each next to its derivative.
import { record } from "../autograd";
import type { Tensor } from "../tensor";
import { mul, div, neg } from "./arithmetic";
import { map } from "./elementwise";
import { addMethods } from "./methods";

/** eˣ.   d/dx = eˣ (the output itself) */
export function exp(x: Tensor): Tensor {
  const y = map(x, Math.exp);
  return record("exp", [x], y, (g) => [mul(g, y)]);
}

/** ln x.   d/dx = 1/x */
export function log(x: Tensor): Tensor {
  return record("log", [x], map(x, Math.log), (g) => [div(g, x)]);
}

/** √x.   d/dx = 1/(2√x) */
export function sqrt(x: Tensor): Tensor {
  const y = map(x, Math.sqrt);
  return record("sqrt", [x], y, (g) => [div(g, mul(y, 2))]);
}

/** |x|.   d/dx = sign(x) (0 at 0, as PyTorch) */
export function abs(x: Tensor): Tensor {
  return record("abs", [x], map(x, Math.abs, x.dtype), (g) => [mul(g, sign(x))]);
}

/** −1, 0 or 1 (0 for NaN, as PyTorch).   d/dx = 0 */
export function sign(x: Tensor): Tensor {
  // flat everywhere: the gradient is 0, and the output stays in the graph (requiresGrad), as in PyTorch
  return record(
    "sign",
    [x],
    map(x, (v) => Math.sign(v) || 0, x.dtype),
    (g) => [mul(g, 0)],
  );
}

/** sin x.   d/dx = cos x */
export function sin(x: Tensor): Tensor {
  return record("sin", [x], map(x, Math.sin), (g) => [mul(g, cos(x))]);
}

/** cos x.   d/dx = −sin x */
export function cos(x: Tensor): Tensor {
  return record("cos", [x], map(x, Math.cos), (g) => [neg(mul(g, sin(x)))]);
}

declare module "../tensor" {
  interface Tensor {
    /** eᵗ elementwise.   ∂/∂t = eᵗ */
    exp(): Tensor;
    /** Natural log elementwise.   ∂/∂t = 1/t */
    log(): Tensor;
    /** √t elementwise.   ∂/∂t = 1/(2√t) */
    sqrt(): Tensor;
    /** |t| elementwise.   ∂/∂t = sign(t) */
    abs(): Tensor;
    /** −1, 0 or 1 elementwise (no gradient: ∂ is 0). */
    sign(): Tensor;
    /** sin t elementwise.   ∂/∂t = cos t */
    sin(): Tensor;
    /** cos t elementwise.   ∂/∂t = −sin t */
    cos(): Tensor;
  }
}

addMethods({ exp, log, sqrt, abs, sign, sin, cos });
