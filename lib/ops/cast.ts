// Changing dtype. The gradient is cast back, so a float64 copy of a float32 leaf still trains it.
import { record } from "../autograd";
import { type DType, isFloat, storageFrom } from "../dtype";
import { Tensor } from "../tensor";
import { addMethods } from "./methods";

/** The same values as `dtype` (a copy; the tensor itself if it already is). */
export function to(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const values = isFloat(x.dtype) && !isFloat(dtype) && dtype !== "bool" ? x.data.map(Math.trunc) : x.data;
  const out = new Tensor(storageFrom(dtype, values), x.shape);
  return isFloat(dtype) && isFloat(x.dtype)
    ? record("to", [x], out, (g) => [to(g, x.dtype)], { dtype })
    : out;
}

declare module "../tensor" {
  interface Tensor {
    /**
     * A copy as `dtype` ("float32", "float64", "int32", "bool"); the gradient flows back between float types.
     * @example
     * tensor([1.7, -1.7]).to("int32") // [1, -1]
     */
    to(dtype: DType): Tensor;
    /** as float32 */
    float(): Tensor;
    /** as float64 */
    double(): Tensor;
    /** as int32 (truncating) */
    int(): Tensor;
    /** as bool (nonzero is true) */
    bool(): Tensor;
    /** a copy with its own storage, still in the graph */
    clone(): Tensor;
  }
}

addMethods({
  to,
  float: (x: Tensor) => to(x, "float32"),
  double: (x: Tensor) => to(x, "float64"),
  int: (x: Tensor) => to(x, "int32"),
  bool: (x: Tensor) => to(x, "bool"),
  clone: (x: Tensor) => record("clone", [x], new Tensor(x.data.slice(), x.shape), (g) => [g]),
});
