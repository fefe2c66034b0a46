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
    /**
     * t + other, broadcasting.   ∂/∂t = 1, ∂/∂other = 1
     * @example
     * tensor([[1, 2], [3, 4]]).add(tensor([10, 20])) // [[11, 22], [13, 24]]
     */
    add(other: TensorLike): Tensor;
    /** t − other, broadcasting.   ∂/∂t = 1, ∂/∂other = −1 */
    sub(other: TensorLike): Tensor;
    /**
     * t · other elementwise (not the matrix product: see matmul), broadcasting.   ∂/∂t = other, ∂/∂other = t
     * @example
     * tensor([1, 2, 3]).mul(2) // [2, 4, 6]
     */
    mul(other: TensorLike): Tensor;
    /** t / other, broadcasting (integers give floats).   ∂/∂t = 1/other, ∂/∂other = −t/other² */
    div(other: TensorLike): Tensor;
    /** −t.   ∂/∂t = −1 */
    neg(): Tensor;
    /**
     * tᵉˣᵖᵒⁿᵉⁿᵗ, broadcasting.   ∂/∂t = e·tᵉ⁻¹, ∂/∂e = tᵉ·ln t
     * @example
     * tensor([1, 2, 3]).pow(2) // [1, 4, 9]
     */
    pow(exponent: TensorLike): Tensor;
  }
}

addMethods({ add, sub, mul, div, neg, pow });
