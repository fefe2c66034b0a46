// Element types, their storage, and how they combine (PyTorch's type promotion, simplified).
import { takeStorage } from "./storage-pool";

/** A tensor's element type. float32 is the default; float64 for gradcheck; int32 for labels and indices. */
export type DType = "float32" | "float64" | "int32" | "bool";
/** The typed array that holds a tensor's values, one per dtype (bool is a Uint8Array of 0 and 1). */
export type Storage = Float32Array | Float64Array | Int32Array | Uint8Array;

/** Zero-filled storage for a new tensor: reused from the storage pool when one is free (storage-pool.ts). */
export function allocate(dtype: DType, size: number): Storage {
  return takeStorage(dtype, size);
}

/** Copies `values` into fresh storage of `dtype` (bool stores 0/1; NaN counts as nonzero, as in PyTorch). */
export function storageFrom(dtype: DType, values: ArrayLike<number>): Storage {
  const out = allocate(dtype, values.length);
  if (dtype === "bool") for (let i = 0; i < values.length; i++) out[i] = values[i] !== 0 ? 1 : 0;
  else out.set(values);
  return out;
}

export function dtypeOf(storage: Storage): DType {
  if (storage instanceof Float32Array) return "float32";
  if (storage instanceof Float64Array) return "float64";
  if (storage instanceof Int32Array) return "int32";
  return "bool";
}

export const isFloat = (dtype: DType): boolean => dtype === "float32" || dtype === "float64";

const rank: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** The dtype of `a ∘ b`: the wider of the two (bool < int32 < float32 < float64). */
export function promote(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** The dtype of a float-valued op (exp, mean, …) on `dtype`: integers become float32. */
export function floatOf(dtype: DType): DType {
  return isFloat(dtype) ? dtype : "float32";
}
