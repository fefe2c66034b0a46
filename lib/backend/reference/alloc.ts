// Every kernel returns a fresh array of its input's float type: float32 stays float32, float64 stays float64
// (fresh to the caller: it may come from the storage pool, zero-filled like a new one).
import { takeStorage } from "../../storage-pool";
import type { FloatArray } from "../kernels";

export function like(template: FloatArray, length: number): FloatArray {
  return takeStorage(template instanceof Float64Array ? "float64" : "float32", length) as FloatArray;
}
