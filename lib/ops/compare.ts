// Comparisons give bool masks (no gradient); maximum, minimum, clamp and where route the gradient to
// whichever input was chosen.
import { record } from "../autograd";
import type { TensorLike } from "../tensor";
import { allocate, promote } from "../dtype";
import { broadcastShapes } from "../shape";
import { Tensor } from "../tensor";
import { mul, sub } from "./arithmetic";
import { broadcastIndex, map, operands, zip } from "./elementwise";
import { addMethods } from "./methods";

const comparison =
  (op: string, test: (p: number, q: number) => boolean) => (a: TensorLike, b: TensorLike) => {
    const [x, y] = operands(a, b);
    return zip(op, x, y, (p, q) => (test(p, q) ? 1 : 0), "bool");
  };

/**
 * a == b elementwise, as a bool mask (no gradient), broadcasting.
 * @example
 * eq(tensor([1, 2]), 2) // [false, true]
 */
export const eq = comparison("eq", (p, q) => p === q);
/** a != b elementwise, as a bool mask, broadcasting. */
export const ne = comparison("ne", (p, q) => p !== q);
/** a < b elementwise, as a bool mask, broadcasting. */
export const lt = comparison("lt", (p, q) => p < q);
/** a ≤ b elementwise, as a bool mask, broadcasting. */
export const le = comparison("le", (p, q) => p <= q);
/** a > b elementwise, as a bool mask, broadcasting. */
export const gt = comparison("gt", (p, q) => p > q);
/** a ≥ b elementwise, as a bool mask, broadcasting. */
export const ge = comparison("ge", (p, q) => p >= q);
/** Both nonzero (true). */
export const logicalAnd = comparison("logicalAnd", (p, q) => p !== 0 && q !== 0);
/** Either nonzero (true). */
export const logicalOr = comparison("logicalOr", (p, q) => p !== 0 || q !== 0);

/** Picks a where `condition` holds, else b.   ∂/∂a = condition, ∂/∂b = ¬condition */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = operands(a, b);
  const cx = broadcastShapes("where", condition.shape, x.shape, ["condition", "a"]);
  const shape = broadcastShapes("where", cx, y.shape, ["(condition and a)", "b"]);
  const [c, xi, yi] = [condition, x, y].map((t) => broadcastIndex(t.shape, shape));
  const out = allocate(promote(x.dtype, y.dtype), c.length);
  const taken = allocate("float32", c.length);
  for (let i = 0; i < out.length; i++) {
    taken[i] = condition.data[c[i]] ? 1 : 0;
    out[i] = taken[i] ? x.data[xi[i]] : y.data[yi[i]];
  }
  const mask = new Tensor(taken, shape);
  return record("where", [x, y], new Tensor(out, shape), (g) => [mul(g, mask), mul(g, sub(1, mask))]);
}

/** Elementwise max.   the gradient goes to the larger input (split evenly on ties, as PyTorch) */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  return pick("maximum", a, b, (p, q) => p > q);
}

/** Elementwise min. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  return pick("minimum", a, b, (p, q) => p < q);
}

function pick(op: string, a: TensorLike, b: TensorLike, first: (p: number, q: number) => boolean): Tensor {
  const [x, y] = operands(a, b);
  const out = zip(op, x, y, (p, q) => (first(p, q) || Number.isNaN(p) ? p : q));
  const share = (p: number, q: number) => (first(p, q) ? 1 : p === q ? 0.5 : 0);
  return record(op, [x, y], out, (g) => [
    mul(g, zip(op, x, y, share, g.dtype)),
    mul(g, zip(op, y, x, share, g.dtype)),
  ]);
}

/** Limits values to [min, max] (either may be omitted).   ∂/∂x = 1 inside the range, 0 where clipped */
export function clamp(x: Tensor, min?: number, max?: number): Tensor {
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const out = map(x, (v) => Math.min(Math.max(v, lo), hi), x.dtype);
  const inside = () => map(x, (v) => (v >= lo && v <= hi ? 1 : 0), x.dtype);
  return record("clamp", [x], out, (g) => [mul(g, inside())], { min, max });
}

declare module "../tensor" {
  interface Tensor {
    /** t == other elementwise, as a bool mask (no gradient), broadcasting. */
    eq(other: TensorLike): Tensor;
    /** t != other elementwise, as a bool mask, broadcasting. */
    ne(other: TensorLike): Tensor;
    /** t < other elementwise, as a bool mask, broadcasting. */
    lt(other: TensorLike): Tensor;
    /** t ≤ other elementwise, as a bool mask, broadcasting. */
    le(other: TensorLike): Tensor;
    /**
     * t > other elementwise, as a bool mask, broadcasting.
     * @example
     * tensor([1, 5]).gt(2) // [false, true]
     */
    gt(other: TensorLike): Tensor;
    /** t ≥ other elementwise, as a bool mask, broadcasting. */
    ge(other: TensorLike): Tensor;
    /** Both nonzero, as a bool mask. */
    logicalAnd(other: TensorLike): Tensor;
    /** Either nonzero, as a bool mask. */
    logicalOr(other: TensorLike): Tensor;
    /** Elementwise max of t and other; the gradient goes to the larger (split evenly on ties). */
    maximum(other: TensorLike): Tensor;
    /** Elementwise min of t and other; the gradient goes to the smaller (split evenly on ties). */
    minimum(other: TensorLike): Tensor;
    /**
     * t limited to [min, max].   ∂/∂t = 1 inside the range, 0 where clamped
     * @example
     * tensor([-2, 0.5, 3]).clamp(0, 1) // [0, 0.5, 1]
     */
    clamp(min?: number, max?: number): Tensor;
    /** t where `condition` holds, else other.   ∂/∂t = condition, ∂/∂other = ¬condition */
    where(condition: Tensor, other: TensorLike): Tensor;
  }
}

addMethods({
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  logicalAnd,
  logicalOr,
  maximum,
  minimum,
  clamp,
  where: (x: Tensor, condition: Tensor, other: TensorLike) => where(condition, x, other),
});
