// Indexing: slices, single indices, indexSelect and gather.
//
// Every one of them reads some elements of x and lays them out in a new shape. So each is a `takeAt`
// — "output element i is x's element at flat position p[i]" — and each gradient is its mirror image,
// `scatterAddAt`: every output's gradient goes back to the position it was read from, summed where a
// position was read more than once. The two are each other's backward, so gradients of gradients work.
import { record } from "../autograd";
import { allocate } from "../dtype";
import { type Shape, ShapeError, formatShape, normalizeDim, sizeOf, stridesOf } from "../shape";
import { Tensor } from "../tensor";
import { addMethods } from "./methods";

/**
 * out[i] = x's element at flat position `positions[i]` (or `fill` where it is −1), in `shape`.
 *   ∂/∂x = scatterAddAt(g, positions, x.shape)
 */
export function takeAt(x: Tensor, positions: Int32Array, shape: Shape, fill = 0): Tensor {
  const out = allocate(x.dtype, positions.length);
  for (let i = 0; i < out.length; i++) out[i] = positions[i] >= 0 ? x.data[positions[i]] : fill;
  return record("take", [x], new Tensor(out, shape), (g) => [scatterAddAt(g, positions, x.shape)]);
}

/**
 * zeros(shape), then out[positions[i]] += g[i] for every i (−1 is skipped).
 *   ∂/∂g = takeAt(G, positions, g.shape)
 */
export function scatterAddAt(g: Tensor, positions: Int32Array, shape: Shape): Tensor {
  const out = allocate(g.dtype, sizeOf(shape));
  for (let i = 0; i < positions.length; i++) if (positions[i] >= 0) out[positions[i]] += g.data[i];
  return record("scatterAdd", [g], new Tensor(out, shape), (gg) => [takeAt(gg, positions, g.shape)]);
}

/** For each element of `shape` in row-major order, the flat position `source(coords)` it comes from. */
export function positionsOf(shape: Shape, source: (coords: number[]) => number): Int32Array {
  const positions = new Int32Array(sizeOf(shape));
  const coords = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < positions.length; i++) {
    positions[i] = source(coords);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++coords[d] < shape[d]) break;
      coords[d] = 0;
    }
  }
  return positions;
}

/**
 * The same when each dim reads independently: output coordinate c along dim d reads at offset
 * `offsets[d][c]` (its source coordinate × stride; −1 for the fill value), and the position is their sum.
 * Slices, indexSelect and pad are all of this kind; it is also fast enough for whole datasets.
 */
export function positionsByDim(offsets: readonly ArrayLike<number>[]): Int32Array {
  const shape = offsets.map((o) => o.length);
  const positions = new Int32Array(sizeOf(shape));
  if (positions.length === 0 || shape.length === 0) return positions; // [] is one element at offset 0
  const inner = offsets[offsets.length - 1];
  const coords = new Array<number>(shape.length - 1).fill(0);
  for (let row = 0; row < positions.length; row += inner.length) {
    // the offset of this row from every dim but the last, then the last dim's offsets along it
    let base = 0;
    for (let d = 0; d < coords.length && base >= 0; d++)
      base = offsets[d][coords[d]] < 0 ? -1 : base + offsets[d][coords[d]];
    for (let j = 0; j < inner.length; j++)
      positions[row + j] = base < 0 || inner[j] < 0 ? -1 : base + inner[j];
    for (let d = coords.length - 1; d >= 0; d--) {
      if (++coords[d] < shape[d]) break;
      coords[d] = 0;
    }
  }
  return positions;
}

/** [0, stride, 2·stride, …] for n coordinates: a dim read as it is. */
const whole = (n: number, stride: number) => Array.from({ length: n }, (_, c) => c * stride);

/** One dim of a slice, as in Python's `start:end:step`; missing parts mean "from the start", "to the end", 1. */
export interface Range {
  /** first index (default 0; negative counts from the end) */
  start?: number;
  /** index to stop before (default: the dim's size) */
  end?: number;
  /** stride between taken indices (default 1) */
  step?: number;
}

/** Per dim: null or {} keeps it all, a Range slices it, a number picks one index and drops the dim. */
export type SliceSpec = number | Range | null | undefined;

/** Python's slice rules: negative counts from the end, out-of-range bounds clamp. */
function resolveRange(op: string, size: number, { start, end, step = 1 }: Range) {
  if (!Number.isInteger(step) || step <= 0) {
    throw new ShapeError(
      `${op}: step must be a positive integer (as in PyTorch), got ${step}; flip() reverses`,
    );
  }
  const clampIndex = (i: number) => Math.min(Math.max(i < 0 ? i + size : i, 0), size);
  const from = clampIndex(start ?? 0);
  const to = clampIndex(end ?? size);
  return { start: from, step, length: Math.max(0, Math.ceil((to - from) / step)) };
}

function checkIndex(op: string, index: number, size: number, dim: number, shape: Shape): number {
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new ShapeError(
      `${op}: index ${index} is out of range for dim ${dim} of size ${size} in ${formatShape(shape)} (use −${size}…${size - 1})`,
    );
  }
  return index < 0 ? index + size : index;
}

/**
 * Slicing, like Python's `x[a:b:c, i, :]`.
 *
 *   slice(x, 1, 2, 8, 2)                          // x[:, 2:8:2]
 *   slice(x, [null, { start: -3 }, 0])            // x[:, -3:, 0]  (a number drops its dim)
 *
 * Gradient: the slice's gradient is scattered back to the places it was cut from; the rest get 0.
 */
export function slice(x: Tensor, dim: number, start?: number, end?: number, step?: number): Tensor;
export function slice(x: Tensor, specs: readonly SliceSpec[]): Tensor;
export function slice(
  x: Tensor,
  dimOrSpecs: number | readonly SliceSpec[],
  start?: number,
  end?: number,
  step?: number,
): Tensor {
  const specs: SliceSpec[] =
    typeof dimOrSpecs === "number"
      ? Object.assign(new Array<SliceSpec>(x.ndim).fill(null), {
          [normalizeDim("slice", dimOrSpecs, x.ndim)]: { start, end, step },
        })
      : [...dimOrSpecs];
  return sliceBy("slice", x, specs);
}

/** The slice itself; `op` names the public op in errors. */
function sliceBy(op: string, x: Tensor, specs: readonly SliceSpec[]): Tensor {
  if (specs.length > x.ndim) {
    throw new ShapeError(
      `${op}: ${specs.length} slices given for ${formatShape(x.shape)}, which has only ${x.ndim} dims`,
    );
  }
  const ranges = x.shape.map((size, d) => {
    const spec = specs[d];
    if (typeof spec === "number") {
      const i = checkIndex(op, spec, size, d, x.shape);
      return { start: i, step: 1, length: 1 };
    }
    return resolveRange(op, size, spec ?? {});
  });
  const strides = stridesOf(x.shape);
  const cut = ranges.map((r) => r.length);
  const positions = positionsByDim(
    ranges.map((r, d) => Array.from({ length: r.length }, (_, c) => (r.start + c * r.step) * strides[d])),
  );
  const shape = cut.filter((_, d) => typeof specs[d] !== "number");
  return takeAt(x, positions, shape);
}

/** x[…, index, …] at `dim`, dropping that dim (torch.select). */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim("select", dim, x.ndim);
  return sliceBy("select", x, Object.assign(new Array<SliceSpec>(x.ndim).fill(null), { [d]: index }));
}

/** `length` elements of `dim` from `start` (torch.narrow). */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim("narrow", dim, x.ndim);
  const from = checkIndex("narrow", start, x.shape[d] + 1, d, x.shape);
  if (from + length > x.shape[d] || length < 0) {
    throw new ShapeError(
      `narrow: start ${start} + length ${length} runs past dim ${dim} of size ${x.shape[d]} in ${formatShape(x.shape)}`,
    );
  }
  return slice(x, d, from, from + length);
}

function checkIndexTensor(op: string, index: Tensor): void {
  if (index.dtype !== "int32") {
    throw new ShapeError(
      `${op}: index must be an int32 tensor, got ${index.dtype} — convert it with index.int()`,
    );
  }
}

/**
 * The entries `index` of `dim`, in that order (repeats allowed): out[…, i, …] = x[…, index[i], …].
 *   ∂/∂x: each g[…, i, …] is added back into row index[i]
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor("indexSelect", index);
  const d = normalizeDim("indexSelect", dim, x.ndim);
  if (index.ndim > 1) {
    throw new ShapeError(`indexSelect: index must be 1-D, got ${formatShape(index.shape)}; flatten it first`);
  }
  const rows = Array.from(index.data, (i) => {
    if (i < 0 || i >= (x.shape[d] ?? 1)) {
      throw new ShapeError(
        `indexSelect: index ${i} is out of range for dim ${dim} of size ${x.shape[d]} in ${formatShape(x.shape)}`,
      );
    }
    return i;
  });
  const strides = stridesOf(x.shape);
  const shape = x.ndim === 0 ? [] : x.shape.map((s, k) => (k === d ? rows.length : s));
  const positions = positionsByDim(
    shape.map((n, k) => (k === d ? rows.map((r) => r * strides[k]) : whole(n, strides[k]))),
  );
  return takeAt(x, positions, shape);
}

/**
 * Picks along `dim` by an index tensor of the same rank: out[i][j] = x[i][index[i][j]] for dim 1.
 * The output has index's shape. (This is how a loss picks each sample's target-class score.)
 *   ∂/∂x: g scattered back to the picked places, summed where picked twice
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkIndexTensor("gather", index);
  const d = normalizeDim("gather", dim, x.ndim);
  const rank = Math.max(x.ndim, 1);
  const fits = index.shape.every((s, k) => k === d || s <= (x.shape[k] ?? 1));
  if (Math.max(index.ndim, 1) !== rank || !fits) {
    throw new ShapeError(
      `gather: index ${formatShape(index.shape)} must have the rank of input ${formatShape(x.shape)} ` +
        `and be no larger in every dim but ${dim} — e.g. targets.unsqueeze(${dim}) to pick one entry per row`,
    );
  }
  const strides = stridesOf(x.shape);
  let i = 0;
  const positions = positionsOf(index.shape, (c) => {
    const picked = index.data[i++];
    if (picked < 0 || picked >= (x.shape[d] ?? 1)) {
      throw new ShapeError(
        `gather: index ${picked} is out of range for dim ${dim} of size ${x.shape[d]} in ${formatShape(x.shape)}`,
      );
    }
    return c.reduce((p, ci, k) => p + (k === d ? picked : ci) * strides[k], 0);
  });
  return takeAt(x, positions, index.shape);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * t[start:end:step] along `dim`, as Python's slices.   ∂/∂t = g placed back at the taken positions
     * @example
     * tensor([0, 1, 2, 3, 4]).slice(0, 1, 4) // [1, 2, 3]
     */
    slice(dim: number, start?: number, end?: number, step?: number): Tensor;
    /**
     * Slices several dims at once: a number picks one index (the dim goes), a range slices it, null keeps it.
     * @example
     * tensor([[1, 2, 3], [4, 5, 6]]).slice([null, { start: 1 }]) // [[2, 3], [5, 6]]
     */
    slice(specs: readonly SliceSpec[]): Tensor;
    /** The slice at `index` along `dim`, with that dim removed: [2, 3].select(0, 1) has shape [3]. */
    select(dim: number, index: number): Tensor;
    /** `length` entries from `start` along `dim` (the dim's size becomes `length`). */
    narrow(dim: number, start: number, length: number): Tensor;
    /**
     * The entries at the int32 `index` [k] along `dim` (that dim becomes k); ∂ sums g back into the picked rows.
     */
    indexSelect(dim: number, index: Tensor): Tensor;
    /** out[i][j] = t[i][index[i][j]] for dim 1 (as torch.gather); out has index's shape. */
    gather(dim: number, index: Tensor): Tensor;
  }
}

addMethods({ slice, select, narrow, indexSelect, gather });
