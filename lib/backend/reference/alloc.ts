// Every kernel returns a fresh array of its input's float type: float32 stays float32, float64 stays float64.
import { checkAllocation } from "../../memory";
import type { FloatArray } from "../kernels";

export function like(template: FloatArray, length: number): FloatArray {
  const float = template instanceof Float64Array ? "float64" : "float32";
  checkAllocation(length * template.BYTES_PER_ELEMENT, float, length);
  return template instanceof Float64Array ? new Float64Array(length) : new Float32Array(length);
}
