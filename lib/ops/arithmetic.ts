// + − × ÷ and powers, with NumPy broadcasting. Each gradient is the textbook partial derivative;
// where an operand was broadcast, autograd sums its gradient back to the operand's shape.
import { record } from "../autograd";
import { isFloat } from "../dtype";
import type { Tensor, TensorLike } from "../tensor";
import { map, operands, zip } from "./elementwise";
import { addMethods } from "./methods";
import { log } from "./unary";
import { eq, ge, logicalAnd, where } from "./compare";

/** a + b.   ∂/∂a = 1, ∂/∂b = 1 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  return record(
    "add",
    [x, y],
    zip("add", x, y, (p, q) => p + q),
    (g) => [g, g],
  );
}

/** a − b.   ∂/∂a = 1, ∂/∂b = −1 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  return record(
    "sub",
    [x, y],
    zip("sub", x, y, (p, q) => p - q),
    (g) => [g, neg(g)],
  );
}

/** a · b.   ∂/∂a = b, ∂/∂b = a */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  return record(
    "mul",
    [x, y],
    zip("mul", x, y, (p, q) => p * q),
    (g) => [mul(g, y), mul(g, x)],
  );
}

/** a / b (true division: integers give floats).   ∂/∂a = 1/b, ∂/∂b = −a/b² */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  const dtype = isFloat(x.dtype) || isFloat(y.dtype) ? undefined : "float32";
  const out = zip("div", x, y, (p, q) => p / q, dtype);
  return record("div", [x, y], out, (g) => [div(g, y), neg(mul(g, div(out, y)))]);
}

/** −a.   ∂/∂a = −1 */
export function neg(a: Tensor): Tensor {
  return record(
    "neg",
    [a],
    map(a, (v) => -v, a.dtype),
    (g) => [neg(g)],
  );
}

/**
 * aᵇ.   ∂/∂a = b·aᵇ⁻¹, ∂/∂b = aᵇ·ln a
 * Where the textbook formula says 0·∞ (b = 0 in the first, a = 0 in the second), the limit is 0: PyTorch
 * masks those elements, and so do we (x⁰ = 1 is flat in x; 0ᵇ = 0 is flat in b for b > 0).
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  const out = zip("pow", x, y, (p, q) => p ** q);
  return record("pow", [x, y], out, (g) => [
    x.requiresGrad ? where(eq(y, 0), 0, mul(g, mul(y, pow(x, sub(y, 1))))) : null,
    y.requiresGrad ? where(logicalAnd(eq(x, 0), ge(y, 0)), 0, mul(g, mul(out, log(x)))) : null,
  ]);
}

declare module "../tensor" {
  interface Tensor {
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    neg(): Tensor;
    pow(exponent: TensorLike): Tensor;
  }
}

addMethods({ add, sub, mul, div, neg, pow });
