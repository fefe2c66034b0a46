// The machinery under elementwise ops: apply a scalar function to every element (map) or to every
// pair of elements after broadcasting (zip). Ops build on these and add their gradients.
import { type DType, allocate, floatOf, isFloat, promote } from "../dtype";
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

/** y[i] = f(x[i]); float-valued unless `dtype` says otherwise. */
export function map(x: Tensor, f: (v: number) => number, dtype: DType = floatOf(x.dtype)): Tensor {
  const out = allocate(dtype, x.size);
  const src = x.data;
  for (let i = 0; i < out.length; i++) out[i] = f(src[i]);
  return new Tensor(out, x.shape);
}

/** Strides into `shape`'s storage for reading it as `target` (0 along broadcast dims). */
function broadcastStrides(shape: Shape, target: Shape): number[] {
  const strides = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((d, i) => (i < offset || shape[i - offset] === 1 ? 0 : strides[i - offset]));
}

/** Reads `x` as if it had the (larger) broadcast `shape`: returns the source index of each output element. */
export function broadcastIndex(from: Shape, shape: Shape): Int32Array {
  const size = sizeOf(shape);
  const strides = broadcastStrides(from, shape);
  const index = new Int32Array(size);
  const counter = new Array<number>(shape.length).fill(0);
  let src = 0;
  for (let i = 0; i < size; i++) {
    index[i] = src;
    for (let d = shape.length - 1; d >= 0; d--) {
      counter[d]++;
      src += strides[d];
      if (counter[d] < shape[d]) break;
      src -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return index;
}

const kind = (t: Tensor) => (isFloat(t.dtype) ? 2 : t.dtype === "int32" ? 1 : 0);

/**
 * PyTorch's type promotion: the wider dtype wins, except that a 0-d tensor (or a number) does not widen
 * a tensor with dims of the same kind: float32[3] + float64 0-d is float32, but int32[3] + 0.5 is float32.
 */
export function resultDtype(a: Tensor, b: Tensor): DType {
  if ((a.ndim === 0) !== (b.ndim === 0) && kind(a) === kind(b)) return a.ndim === 0 ? b.dtype : a.dtype;
  return promote(a.dtype, b.dtype);
}

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
  if (sameShape(a.shape, b.shape)) {
    const out = allocate(outDtype, a.size);
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
    return new Tensor(out, a.shape);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = allocate(outDtype, sizeOf(shape));
  if (b.size === 1) {
    const q = y[0];
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], q); // a already has the output size
  } else {
    const ia = broadcastIndex(a.shape, shape);
    const ib = broadcastIndex(b.shape, shape);
    for (let i = 0; i < out.length; i++) out[i] = f(x[ia[i]], y[ib[i]]);
  }
  return new Tensor(out, shape);
}
