// Reductions over one dim, several, or all: sum, mean, max, min, argmax, argmin, var, std, logSumExp.
import { record } from "../autograd";
import { type DType, type Storage, allocate, floatOf } from "../dtype";
import { type Shape, ShapeError, formatShape, normalizeDims, sizeOf } from "../shape";
import { Tensor } from "../tensor";
import { add, div, mul, sub } from "./arithmetic";
import { forEachRun, loopFor, map } from "./elementwise";
import { addMethods } from "./methods";
import { expand, reshape } from "./movement";
import { eq } from "./compare";
import { exp, log, sqrt } from "./unary";

/** One dim or several (negative counts from the end). */
export type Dims = number | readonly number[];

/** Options of the reductions (sum, mean, max, …). */
export interface ReduceOptions {
  /** keep reduced dims as size 1, so the result broadcasts against the input */
  keepDim?: boolean;
}

/** Shape after reducing `dims`, with them kept as 1 (`keep`) and dropped (`out`). */
function reducedShapes(x: Tensor, dims: number[]): { keep: number[]; out: number[] } {
  const keep = x.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  return { keep, out: x.shape.filter((_, i) => !dims.includes(i)) };
}

type FoldLoop = (
  step: (acc: number, v: number, i: number) => number,
  src: Storage,
  acc: Storage,
  ...run: number[]
) => void;

/**
 * The loop under every reduction: folds each input element into its output slot with `step`. The
 * output, read broadcast back to x's shape, gives each input position its slot: a run whose slot does not
 * move (step 0: along reduced dims) folds into one accumulator, otherwise the slots advance with the input.
 */
function fold(
  op: string,
  x: Tensor,
  dim: Dims | undefined,
  options: ReduceOptions,
  init: number,
  step: (acc: number, v: number, i: number) => number,
  dtype: DType,
): { out: Tensor; dims: number[]; keep: number[] } {
  const dims = normalizeDims(op, dim, x.ndim);
  const { keep, out } = reducedShapes(x, dims);
  const acc = allocate("float64", sizeOf(keep)).fill(init);
  const loop = loopFor<FoldLoop>(
    step,
    [x.data],
    "step, src, acc, start, length, slot, slotStep",
    `if (slotStep === 0) {
       let a = acc[slot];
       for (let i = start; i < start + length; i++) a = step(a, src[i], i);
       acc[slot] = a;
     } else {
       for (let k = 0; k < length; k++) acc[slot + k] = step(acc[slot + k], src[start + k], start + k);
     }`,
  );
  forEachRun(x.shape, [keep], (start, length, [slot], [slotStep]) =>
    loop(step, x.data, acc, start, length, slot, slotStep),
  );
  const result = allocate(dtype, acc.length);
  result.set(acc);
  return { out: new Tensor(result, options.keepDim ? keep : out), dims, keep };
}

/**
 * Σ over `dim` (all dims if omitted).   ∂/∂x = 1, so the gradient is g spread back over the reduced dims
 *
 * Shapes: each reduced dim goes ([2, 3] summed over 1 → [2]), or stays as 1 with `keepDim` ([2, 1]),
 * so the result broadcasts against x.
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * sum(x); // 10
 * sum(x, 1); // [3, 7]
 * sum(x, 0, { keepDim: true }); // [[4, 6]]
 */
export function sum(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  const dtype = x.dtype === "bool" ? "int32" : x.dtype;
  const { out, keep } = fold("sum", x, dim, options, 0, (acc, v) => acc + v, dtype);
  return record("sum", [x], out, (g) => [expand(reshape(g, keep), x.shape)], { dim });
}

/**
 * Mean over `dim` (all dims if omitted); shapes as for sum.   ∂/∂x = 1/n
 * @example
 * mean(tensor([[1, 2], [3, 4]]), 0) // [2, 3]
 */
export function mean(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  const n = x.size / Math.max(1, sizeOf(reducedShapes(x, normalizeDims("mean", dim, x.ndim)).out));
  return div(sum(x.dtype === floatOf(x.dtype) ? x : x.float(), dim, options), n);
}

/** Sums a broadcast gradient back down to `shape`: over leading extra dims and dims that were 1. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  const lead = x.ndim - shape.length;
  if (lead < 0)
    throw new ShapeError(`sumTo: cannot sum ${formatShape(x.shape)} to the larger ${formatShape(shape)}`);
  const dims = x.shape
    .map((_, i) => i)
    .filter((i) => i < lead || (shape[i - lead] === 1 && x.shape[i] !== 1));
  return reshape(sum(x, dims, { keepDim: true }), shape);
}

/**
 * max over `dim` (PyTorch's amax).   ∂/∂x = 1 where x is the max (shared evenly among ties), 0 elsewhere
 */
export function max(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  // a two-argument wrapper: fold also passes the element index, which Math.max would compare too
  return extremum("max", x, dim, options, -Infinity, (a, b) => Math.max(a, b));
}

/** min over `dim` (PyTorch's amin). Gradient as for max. */
export function min(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  return extremum("min", x, dim, options, Infinity, (a, b) => Math.min(a, b));
}

function extremum(
  op: string,
  x: Tensor,
  dim: Dims | undefined,
  options: ReduceOptions,
  init: number,
  pick: (a: number, b: number) => number,
): Tensor {
  if (x.size === 0) throw new ShapeError(`${op}: cannot reduce an empty tensor ${formatShape(x.shape)}`);
  const { out, keep } = fold(op, x, dim, options, init, pick, x.dtype);
  return record(op, [x], out, (g) => {
    const isExtreme = eq(x, reshape(out, keep)).float();
    const ties = sum(isExtreme, dim, { keepDim: true });
    return [mul(div(isExtreme, ties), reshape(g, keep))];
  });
}

/**
 * Index of the largest value along `dim` (of the flattened tensor if omitted); the first one on ties.
 * A NaN counts as the largest (and as the smallest for argmin), as in PyTorch, so it is never hidden.
 */
export function argmax(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  return argExtremum("argmax", x, dim, options, (a, b) => a > b || (Number.isNaN(a) && !Number.isNaN(b)));
}

/** Index of the smallest value along `dim`; the first one on ties. */
export function argmin(x: Tensor, dim?: number, options: ReduceOptions = {}): Tensor {
  return argExtremum("argmin", x, dim, options, (a, b) => a < b || (Number.isNaN(a) && !Number.isNaN(b)));
}

function argExtremum(
  op: string,
  x: Tensor,
  dim: number | undefined,
  options: ReduceOptions,
  better: (a: number, b: number) => boolean,
): Tensor {
  if (x.size === 0) throw new ShapeError(`${op}: cannot reduce an empty tensor ${formatShape(x.shape)}`);
  if (dim === undefined) return argExtremum(op, reshape(x, [x.size]), 0, {}, better);
  const [d] = normalizeDims(op, dim, x.ndim);
  const inner = sizeOf(x.shape.slice(d + 1));
  const n = x.shape[d];
  const { keep, out } = reducedShapes(x, [d]);
  const result = allocate("int32", sizeOf(keep));
  for (let o = 0; o < result.length; o++) {
    const base = Math.floor(o / inner) * n * inner + (o % inner);
    let best = 0;
    for (let k = 1; k < n; k++) if (better(x.data[base + k * inner], x.data[base + best * inner])) best = k;
    result[o] = best;
  }
  return new Tensor(result, options.keepDim ? keep : out);
}

/** Options of {@link variance} and {@link std}. */
export interface VarOptions extends ReduceOptions {
  /** subtract this from n in the divisor: 1 gives the unbiased estimate (PyTorch's default) */
  correction?: number;
}

/** Variance: Σ(x − x̄)² / (n − correction). Composed of differentiable ops, so it needs no backward of its own. */
export function variance(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  const dims = normalizeDims("var", dim, x.ndim);
  const n = dims.reduce((p, d) => p * x.shape[d], 1);
  const centered = sub(x, mean(x, dims, { keepDim: true }));
  const squares = sum(mul(centered, centered), dims, { keepDim: options.keepDim });
  return div(squares, Math.max(0, n - (options.correction ?? 1)));
}

/** Standard deviation: √var. */
export function std(x: Tensor, dim?: Dims, options: VarOptions = {}): Tensor {
  return sqrt(variance(x, dim, options));
}

/** log Σ eˣ, computed stably as m + log Σ e^(x−m) with m the (constant) max. */
export function logSumExp(x: Tensor, dim?: Dims, options: ReduceOptions = {}): Tensor {
  // an all −∞ row would give −∞ − (−∞) = NaN; shifting it by 0 instead leaves log Σ e^x = −∞, as it should be
  const m = map(max(x, dim, { keepDim: true }), (v) => (Number.isFinite(v) ? v : 0), x.dtype);
  const lse = add(log(sum(exp(sub(x, m)), dim, { keepDim: true })), m);
  return options.keepDim ? lse : reshape(lse, reducedShapes(x, normalizeDims("logSumExp", dim, x.ndim)).out);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * Σ over `dim` (every dim when omitted): that dim goes, or stays as 1 with `keepDim`.   ∂/∂t = 1
     * @example
     * const t = tensor([[1, 2], [3, 4]]);
     * t.sum(); // 10
     * t.sum(1); // [3, 7]
     * t.sum(0, { keepDim: true }); // [[4, 6]]
     */
    sum(dim?: Dims, options?: ReduceOptions): Tensor;
    /**
     * Mean over `dim` (every dim when omitted); `keepDim` keeps it as size 1.   ∂/∂t = 1/n
     * @example
     * tensor([[1, 2], [3, 4]]).mean(0) // [2, 3]
     */
    mean(dim?: Dims, options?: ReduceOptions): Tensor;
    /** Max over `dim` (every dim when omitted).   ∂/∂t = 1 at the max (shared among ties), 0 elsewhere */
    max(dim?: Dims, options?: ReduceOptions): Tensor;
    /** Min over `dim` (every dim when omitted). Gradient as for max. */
    min(dim?: Dims, options?: ReduceOptions): Tensor;
    /**
     * Index (int32) of the largest value along `dim` (of the flattened tensor when omitted).
     * @example
     * tensor([[1, 9], [7, 3]]).argmax(1) // [1, 0]
     */
    argmax(dim?: number, options?: ReduceOptions): Tensor;
    /** Index (int32) of the smallest value along `dim`. */
    argmin(dim?: number, options?: ReduceOptions): Tensor;
    /** Variance Σ(t − t̄)² / (n − correction) over `dim` (correction 1 by default, as PyTorch). */
    var(dim?: Dims, options?: VarOptions): Tensor;
    /** Standard deviation √var over `dim`. */
    std(dim?: Dims, options?: VarOptions): Tensor;
    /** log Σ eᵗ over `dim`, computed stably.   ∂/∂t = softmax(t) */
    logSumExp(dim?: Dims, options?: ReduceOptions): Tensor;
    /** Sums t down to a shape it was broadcast from (how autograd undoes broadcasting). */
    sumTo(shape: Shape): Tensor;
  }
}

addMethods({ sum, mean, max, min, argmax, argmin, var: variance, std, logSumExp, sumTo });
