// Ops that move values without changing them: reshape, expand, permute and friends. Their gradients
// move the gradient back the same way. Results are always contiguous copies (simple over fast).
import { record } from "../autograd";
import { allocate } from "../dtype";
import { type Shape, ShapeError, formatShape, normalizeDim, sameShape, sizeOf, stridesOf } from "../shape";
import { Tensor } from "../tensor";
import { broadcastIndex } from "./elementwise";
import { addMethods } from "./methods";

/** Resolves one −1 in a requested shape from the element count. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const bad = shape.find((d) => !Number.isInteger(d) || d < -1);
  if (bad !== undefined)
    throw new ShapeError(
      `${op}: invalid size ${bad} in ${formatShape(shape)} (sizes are ≥ 0, or −1 for "the rest")`,
    );
  const known = shape.filter((d) => d !== -1);
  const missing = shape.length - known.length;
  const rest = sizeOf(known);
  const resolved = shape.map((d) => (d === -1 ? x.size / rest : d));
  if (missing > 1 || !resolved.every(Number.isInteger) || sizeOf(resolved) !== x.size) {
    throw new ShapeError(
      `${op}: cannot view ${formatShape(x.shape)} (${x.size} elements) as ${formatShape(shape)}` +
        (missing > 1 ? " (only one dim may be −1)" : ` (${sizeOf(resolved)} elements)`) +
        reshapeHint(x.size, shape),
    );
  }
  return resolved;
}

/** Suggests letting one dim be inferred (−1) where the element count divides evenly. */
function reshapeHint(size: number, shape: readonly number[]): string {
  for (let i = shape.length - 1; i >= 0; i--) {
    const others = shape.filter((_, j) => j !== i && shape[j] !== -1);
    const rest = sizeOf(others);
    if (others.length === shape.length - 1 && rest > 0 && size % rest === 0) {
      const asked = shape.map((d, j) => (j === i ? -1 : d));
      const gives = shape.map((d, j) => (j === i ? size / rest : d));
      return `. Perhaps reshape([${asked.join(", ")}]), which gives ${formatShape(gives)}?`;
    }
  }
  return "";
}

/** The same values in a new shape (one dim may be −1).   gradient: reshaped back */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const target = inferShape("reshape", x, shape);
  if (sameShape(target, x.shape)) return x;
  const out = new Tensor(x.data, target);
  return record("reshape", [x], out, (g) => [reshape(g, x.shape)], { shape: target });
}

/** Same as {@link reshape}. */
export const view = reshape;

/** Flattens dims start…end into one (all by default). */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.ndim);
  const e = normalizeDim("flatten", endDim, x.ndim);
  if (s > e) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Removes size-1 dims (all of them, or just `dim`). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined)
    return reshape(
      x,
      x.shape.filter((d) => d !== 1),
    );
  const d = normalizeDim("squeeze", dim, x.ndim);
  return x.shape[d] === 1
    ? reshape(
        x,
        x.shape.filter((_, i) => i !== d),
      )
    : x;
}

/** Inserts a size-1 dim at `dim`. */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.ndim + 1);
  return reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
}

/** Repeats size-1 dims (and adds leading ones) to reach `shape`; −1 keeps a dim.   gradient: summed back */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.ndim;
  const target = shape.map((d, i) => (d === -1 && i >= lead ? x.shape[i - lead] : d));
  const grows = (d: number, i: number) => i < lead || x.shape[i - lead] === d || x.shape[i - lead] === 1;
  if (lead < 0 || target.some((d, i) => !(d >= 0) || !grows(d, i))) {
    throw new ShapeError(
      `expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}: ` +
        `only size-1 dims can grow, new dims go in front, and −1 keeps an existing dim`,
    );
  }
  if (sameShape(target, x.shape)) return x;
  const index = broadcastIndex(x.shape, target);
  const out = allocate(x.dtype, index.length);
  for (let i = 0; i < index.length; i++) out[i] = x.data[index[i]];
  return record("expand", [x], new Tensor(out, target), (g) => [g], { shape: target });
}

/** Same as {@link expand}. */
export const broadcastTo = expand;

/** Reorders dims: output dim i is input dim `dims[i]`.   gradient: permuted back by the inverse */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  const order = dims.map((d) => normalizeDim("permute", d, x.ndim));
  if (order.length !== x.ndim || new Set(order).size !== x.ndim) {
    throw new ShapeError(
      `permute: [${dims.join(",")}] is not a permutation of the ${x.ndim} dims of ${formatShape(x.shape)}: ` +
        `name each of 0…${x.ndim - 1} exactly once, e.g. [${[...x.shape.keys()].reverse().join(",")}] reverses them`,
    );
  }
  const shape = order.map((d) => x.shape[d]);
  const inStrides = stridesOf(x.shape);
  const stepOf = order.map((d) => inStrides[d]);
  const out = allocate(x.dtype, x.size);
  const counter = new Array<number>(shape.length).fill(0);
  for (let i = 0, src = 0; i < out.length; i++) {
    out[i] = x.data[src];
    for (let d = shape.length - 1; d >= 0; d--) {
      src += stepOf[d];
      if (++counter[d] < shape[d]) break;
      src -= stepOf[d] * counter[d];
      counter[d] = 0;
    }
  }
  const inverse = order.map((_, i) => order.indexOf(i));
  return record("permute", [x], new Tensor(out, shape), (g) => [permute(g, inverse)], { dims: order });
}

/** Swaps two dims (the last two by default: the matrix transpose). */
export function transpose(x: Tensor, dim0?: number, dim1?: number): Tensor {
  if (dim0 === undefined && dim1 === undefined && x.ndim < 2) return x; // a vector is its own transpose
  [dim0, dim1] = [dim0 ?? -2, dim1 ?? -1];
  const order = [...x.shape.keys()];
  const [a, b] = [normalizeDim("transpose", dim0, x.ndim), normalizeDim("transpose", dim1, x.ndim)];
  [order[a], order[b]] = [order[b], order[a]];
  return permute(x, order);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * The same elements in a new shape (one entry may be −1: inferred). Shares storage.
     * @example
     * tensor([1, 2, 3, 4, 5, 6]).reshape([2, -1]) // shape [2, 3]
     */
    reshape(shape: readonly number[]): Tensor;
    /** Same as {@link reshape}. */
    view(shape: readonly number[]): Tensor;
    /** Dims startDim..endDim (default all) merged into one: [N, C, H, W].flatten(1) is [N, C·H·W]. */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Removes `dim` if its size is 1, or every size-1 dim when omitted. */
    squeeze(dim?: number): Tensor;
    /** Inserts a size-1 dim at `dim`: [3].unsqueeze(0) is [1, 3]. */
    unsqueeze(dim: number): Tensor;
    /** Broadcasts size-1 dims to `shape` without copying.   ∂/∂t = g summed over the expanded dims */
    expand(shape: readonly number[]): Tensor;
    /** Same as {@link expand}. */
    broadcastTo(shape: readonly number[]): Tensor;
    /** Expands t to other's shape. */
    expandAs(other: Tensor): Tensor;
    /** Reorders the dims: [N, H, W, C].permute([0, 3, 1, 2]) is [N, C, H, W].   ∂ permutes g back */
    permute(dims: readonly number[]): Tensor;
    /** Swaps two dims (default the last two): [m, n] → [n, m].   ∂/∂t = gᵀ */
    transpose(dim0?: number, dim1?: number): Tensor;
    /** the matrix transpose of a 2-D tensor */
    readonly T: Tensor;
  }
}

addMethods({
  reshape,
  view,
  flatten,
  squeeze,
  unsqueeze,
  expand,
  broadcastTo,
  permute,
  transpose,
  expandAs: (x: Tensor, other: Tensor) => expand(x, other.shape),
});
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor) {
    return transpose(this);
  },
});

export type { Shape };
