// Every kernel returns a fresh array of its input's float type: float32 stays float32, float64 stays float64.
import type { FloatArray } from "../kernels";

export function like(template: FloatArray, length: number): FloatArray {
  return template instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}
