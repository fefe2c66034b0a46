// The machinery under elementwise ops: apply a scalar function to every element (map) or to every
// pair of elements after broadcasting (zip). Ops build on these and add their gradients.
import { type DType, type Storage, allocate, floatOf, isFloat, promote } from "../dtype";
import { broadcastShapes, sameShape, sizeOf, stridesOf, type Shape } from "../shape";
import { Tensor, type TensorLike } from "../tensor";

/**
 * A number becomes a 0-d tensor of the other operand's dtype, as in PyTorch: `int32 + 2` stays int32,
 * `int32 + 2.5` and `bool + 2.5` become float32, `bool + 2` becomes int32.
 */
export function asTensor(value: TensorLike, like?: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  // two numbers (where(mask, 1, 0)): an integer is int32, like PyTorch's int64; else float32
  const base = like?.dtype ?? (Number.isInteger(value) ? "int32" : "float32");
  const dtype: DType = isFloat(base) ? base : Number.isInteger(value) ? "int32" : "float32";
  const data = allocate(dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

/** Both operands as tensors, numbers adopting the dtype of the tensor beside them. */
export function operands(a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const ta = a instanceof Tensor ? a : undefined;
  const tb = b instanceof Tensor ? b : undefined;
  return [asTensor(a, tb), asTensor(b, ta ?? tb)];
}

/**
 * The loop `body` (with `params`), compiled once per element function `f` and per storage types.
 *
 * Why: one loop shared by every op sees dozens of different functions at its `f(…)` call, so V8 can
 * neither inline them nor keep their results unboxed — about 10 ns an element. A copy of the loop per
 * function (keyed by its source text, so the closures an op makes on each call share one copy) sees a
 * single function, inlines it, and runs several times faster (neg over 1.4M floats: 24 → 3 ms). The copies
 * are identical and take `f` as an argument, so two functions sharing one copy is only slower, never wrong.
 */
export function loopFor<L extends (...args: never[]) => void>(
  f: (...values: number[]) => number,
  arrays: readonly Storage[],
  params: string,
  body: string,
): L {
  // looked up in three short steps, not by one long key: the key was rebuilt and hashed on every call of
  // every op (a tenth of a small op's time), and the body, a literal, keeps its hash
  const source = f.toString();
  const kinds = arrays.map(kindOf).join("");
  let byKinds = loops.get(body);
  if (!byKinds) loops.set(body, (byKinds = new Map()));
  let bySource = byKinds.get(kinds);
  if (!bySource) byKinds.set(kinds, (bySource = new Map()));
  let loop = bySource.get(source);
  if (!loop) {
    if (++compiled > 2000) [compiled, loops] = [0, new Map()]; // functions typed into a notebook, say
    // the key in a comment: V8 caches compiled code by source text, and copies with the same text would
    // share one function's call feedback again (every zip's loop seeing every zip's function)
    const key = `${body}|${kinds}|${source}`;
    loop = new Function(params, `"use strict"; /* ${key.replace(/\*\//g, "* /")} */ ${body}`) as (
      ...args: never[]
    ) => void;
    bySource.set(source, loop);
  }
  return loop as L;
}
let loops = new Map<string, Map<string, Map<string, (...args: never[]) => void>>>();
let compiled = 0;
/** A letter per storage type: the part of a loop's key that says which arrays it reads and writes. */
const kindOf = (a: Storage) =>
  a instanceof Float32Array ? "f" : a instanceof Float64Array ? "d" : a instanceof Int32Array ? "i" : "u";

type MapLoop = (f: (v: number) => number, src: Storage, out: Storage, n: number) => void;

/** One map or zip: its per-element function, the tensors it read and the tensor it made. */
export interface ElementwiseCall {
  f: (...values: number[]) => number;
  operands: Tensor[];
  out: Tensor;
}

let watcher: ((call: ElementwiseCall) => void) | null = null;

/**
 * Runs `fn`, telling `onCall` about every map and zip inside it. This is how graph mode's fusion pass
 * learns an op's per-element function without a second copy of its maths: it watches the op run.
 */
export function watchElementwise<T>(fn: () => T, onCall: (call: ElementwiseCall) => void): T {
  const outer = watcher;
  watcher = onCall;
  try {
    return fn();
  } finally {
    watcher = outer;
  }
}

/**
 * Whether graph mode is watching (watchElementwise). An op with a backend kernel for its loop (relu on
 * the gpu backend) then runs the loop itself, so that the watcher still learns its function.
 */
export const watching = (): boolean => watcher !== null;

/** y[i] = f(x[i]); float-valued unless `dtype` says otherwise. */
export function map(x: Tensor, f: (v: number) => number, dtype: DType = floatOf(x.dtype)): Tensor {
  const out = allocate(dtype, x.size);
  const loop = loopFor<MapLoop>(
    f,
    [x.data, out],
    "f, src, out, n",
    "for (let i = 0; i < n; i++) out[i] = f(src[i]);",
  );
  loop(f, x.data, out, out.length);
  const result = new Tensor(out, x.shape);
  watcher?.({ f, operands: [x], out: result });
  return result;
}

/** Strides into `shape`'s storage for reading it as `target` (0 along broadcast dims). */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const strides = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((d, i) => (i < offset || shape[i - offset] === 1 ? 0 : strides[i - offset]));
}

/** Reads `x` as if it had the (larger) broadcast `shape`: returns the source index of each output element. */
export function broadcastIndex(from: Shape, shape: Shape): Int32Array {
  const index = new Int32Array(sizeOf(shape));
  forEachRun(shape, [from], (start, length, [at], [step]) => {
    for (let i = 0; i < length; i++) index[start + i] = at + i * step;
  });
  return index;
}

/**
 * Walks `shape` in storage order, reading each of the `from` shapes broadcast to it, one run at a time:
 * `run(start, length, at, step)` covers output positions start … start+length−1, where operand k is read at
 * at[k], at[k] + step[k], … (step 0 repeats a broadcast value, 1 walks along it). Neighbouring dims that every
 * operand steps through together are merged first, so a same-shape zip is one run, a bias [C] over [N,C] is
 * N runs of C, and a [1,C,1,1] over [N,C,H,W] is N·C runs of H·W, each reading a single bias value.
 */
export function forEachRun(
  shape: Shape,
  from: readonly Shape[],
  run: (start: number, length: number, at: readonly number[], step: readonly number[]) => void,
): void {
  const total = sizeOf(shape);
  if (total === 0) return;
  const full = from.map((s) => broadcastStrides(s, shape));
  const sizes: number[] = [];
  const strides: number[][] = from.map(() => []);
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = sizes.length - 1;
    // dim d continues the previous one if, for every operand, one step there is shape[d] steps here
    if (last >= 0 && full.every((s, k) => strides[k][last] === s[d] * shape[d])) {
      sizes[last] *= shape[d];
      full.forEach((s, k) => (strides[k][last] = s[d]));
    } else {
      sizes.push(shape[d]);
      full.forEach((s, k) => strides[k].push(s[d]));
    }
  }
  const length = sizes.pop() ?? 1; // the innermost (merged) dim is the run
  const step = strides.map((s) => s.pop() ?? 0);
  const at = from.map(() => 0);
  const counter = sizes.map(() => 0);
  for (let start = 0; start < total; start += length) {
    run(start, length, at, step);
    for (let d = sizes.length - 1; d >= 0; d--) {
      for (let k = 0; k < at.length; k++) at[k] += strides[k][d];
      if (++counter[d] < sizes[d]) break;
      for (let k = 0; k < at.length; k++) at[k] -= strides[k][d] * sizes[d];
      counter[d] = 0;
    }
  }
}

const kind = (t: Tensor) => (isFloat(t.dtype) ? 2 : t.dtype === "int32" ? 1 : 0);

/**
 * PyTorch's type promotion: the wider dtype wins, except that a 0-d tensor (or a number) does not widen
 * a tensor with dims of the same kind: float32[3] + float64 0-d is float32, but int32[3] + 0.5 is float32.
 */
function resultDtype(a: Tensor, b: Tensor): DType {
  if ((a.ndim === 0) !== (b.ndim === 0) && kind(a) === kind(b)) return a.ndim === 0 ? b.dtype : a.dtype;
  return promote(a.dtype, b.dtype);
}

type ZipLoop = (
  f: (p: number, q: number) => number,
  x: Storage,
  y: Storage,
  out: Storage,
  ...run: number[]
) => void;

/** out[i] = f(a[i], b[i]) after broadcasting a and b to one shape. */
export function zip(
  op: string,
  a: Tensor,
  b: Tensor,
  f: (p: number, q: number) => number,
  dtype?: DType,
): Tensor {
  const outDtype = dtype ?? resultDtype(a, b);
  if (outDtype === "bool") {
    const g = f;
    f = (p, q) => (g(p, q) !== 0 ? 1 : 0); // true + true is true, not 2
  }
  const [x, y] = [a.data, b.data];
  const shape = sameShape(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const out = allocate(outDtype, sizeOf(shape));
  const loop = loopFor<ZipLoop>(
    f,
    [x, y, out],
    "f, x, y, out, start, length, i, j, si, sj",
    "for (let k = 0; k < length; k++) out[start + k] = f(x[i + k * si], y[j + k * sj]);",
  );
  forEachRun(shape, [a.shape, b.shape], (start, length, [i, j], [si, sj]) =>
    loop(f, x, y, out, start, length, i, j, si, sj),
  );
  const result = new Tensor(out, shape);
  watcher?.({ f, operands: [a, b], out: result });
  return result;
}
