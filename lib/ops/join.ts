// Joining and splitting along a dim: concat (cat), stack, split, chunk. They are each other's inverses,
// and so each other's gradients: concat's gradient is split into the pieces' sizes, and a piece's
// gradient lands back in its place (split is slicing, whose gradient scatters back).
import { record } from "../autograd";
import { allocate, promote } from "../dtype";
import { ShapeError, formatShape, normalizeDim, sizeOf } from "../shape";
import { Tensor } from "../tensor";
import { to } from "./cast";
import { narrow } from "./indexing";
import { addMethods } from "./methods";
import { unsqueeze } from "./movement";

/**
 * Joins tensors end to end along `dim` (torch.cat): they must agree in every other dim.
 *   ∂/∂tᵢ = the slice of g where tᵢ was put
 */
export function concat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("concat: needs at least one tensor");
  const first = tensors[0];
  if (first.ndim === 0) {
    throw new ShapeError("concat: cannot join 0-d tensors — stack them instead, or unsqueeze(0) each first");
  }
  const d = normalizeDim("concat", dim, first.ndim);
  tensors.forEach((t, i) => {
    const clash = t.ndim !== first.ndim || t.shape.some((s, k) => k !== d && s !== first.shape[k]);
    if (clash) {
      throw new ShapeError(
        `concat: tensor ${i} ${formatShape(t.shape)} does not fit tensor 0 ${formatShape(first.shape)} along dim ${dim}: ` +
          `all dims but ${dim} must be equal` +
          (t.ndim === first.ndim
            ? ""
            : ` (ranks ${t.ndim} and ${first.ndim} differ — unsqueeze or reshape one)`),
      );
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  const parts = tensors.map((t) => to(t, dtype));
  const sizes = parts.map((t) => t.shape[d]);
  const shape = first.shape.map((s, k) => (k === d ? sizes.reduce((a, b) => a + b, 0) : s));
  // Row-major: before dim `d` there are `outer` blocks; each part fills its piece of every block.
  const outer = sizeOf(shape.slice(0, d));
  const inner = sizeOf(shape.slice(d + 1));
  const out = allocate(dtype, sizeOf(shape));
  let offset = 0;
  for (const part of parts) {
    const block = part.shape[d] * inner;
    for (let o = 0; o < outer; o++)
      out.set(part.data.subarray(o * block, (o + 1) * block), o * shape[d] * inner + offset);
    offset += block;
  }
  return record("concat", parts, new Tensor(out, shape), (g) => split(g, sizes, d), { dim: d });
}

/** torch.cat's name for concat. */
export const cat = concat;

/**
 * Stacks same-shaped tensors along a new dim (torch.stack): n tensors of [A, B] at dim 0 give [n, A, B].
 * It is concat of the tensors each unsqueezed at `dim`, so its gradient comes for free.
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new ShapeError("stack: needs at least one tensor");
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (t.ndim !== first.ndim || t.shape.some((s, k) => s !== first.shape[k])) {
      throw new ShapeError(
        `stack: tensor ${i} ${formatShape(t.shape)} differs from tensor 0 ${formatShape(first.shape)}: stack needs equal shapes ` +
          `(to join along an existing dim use concat)`,
      );
    }
  });
  const d = normalizeDim("stack", dim, first.ndim + 1);
  return concat(
    tensors.map((t) => unsqueeze(t, d)),
    d,
  );
}

/**
 * Cuts `dim` into pieces (torch.split): a number gives pieces of that size (the last may be smaller);
 * a list gives pieces of those sizes, which must add up to the dim.
 */
export function split(x: Tensor, sizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = normalizeDim("split", dim, x.ndim);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof sizeOrSections === "number") {
    if (!Number.isInteger(sizeOrSections) || sizeOrSections <= 0) {
      throw new ShapeError(`split: piece size must be a positive integer, got ${sizeOrSections}`);
    }
    const count = Math.max(1, Math.ceil(n / sizeOrSections));
    sizes = Array.from({ length: count }, (_, i) => Math.min(sizeOrSections, n - i * sizeOrSections));
  } else {
    sizes = [...sizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n || sizes.some((s) => s < 0)) {
      throw new ShapeError(
        `split: sizes [${sizes}] add up to ${total}, but dim ${dim} of ${formatShape(x.shape)} has ${n}`,
      );
    }
  }
  let start = 0;
  return sizes.map((size) => narrow(x, d, (start += size) - size, size));
}

/** Cuts `dim` into `chunks` nearly equal pieces (torch.chunk): pieces of ceil(n / chunks), so maybe fewer. */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new ShapeError(`chunk: the number of chunks must be a positive integer, got ${chunks}`);
  }
  const n = x.shape[normalizeDim("chunk", dim, x.ndim)];
  return split(x, Math.max(1, Math.ceil(n / chunks)), dim);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * Pieces along `dim` (default 0): each of size `sizeOrSections` (the last may be smaller), or of the listed sizes.
     */
    split(sizeOrSections: number | readonly number[], dim?: number): Tensor[];
    /** `chunks` nearly equal pieces along `dim` (default 0). */
    chunk(chunks: number, dim?: number): Tensor[];
  }
}

addMethods({ split, chunk });
