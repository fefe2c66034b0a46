// A pool of tensors' storage, so a training loop reuses the same typed arrays step after step instead of
// allocating ~50 MB of fresh, zeroed backing stores each step (page faults, and external memory that
// drives the garbage collector). Whoever knows a storage is garbage hands it back with recycleStorage; the
// next takeStorage of the same dtype and length gets it back, zeroed. The pool is bounded: past its cap
// in bytes the oldest storage handed back is dropped (left to the garbage collector).
import { type DType, type Storage } from "./dtype";
import { MemoryLimitError, checkAllocation } from "./memory";

const constructors = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

const defaultCap = 256 * 2 ** 20;
// (no `process` in a browser worker: the JupyterLite kernel)
let cap = typeof process !== "undefined" && process.env.GRADLAB_POOL === "0" ? 0 : defaultCap;
let bytes = 0;
/** free storages by `dtype:length`, each list a stack (the last handed back is the first taken) */
const free = new Map<string, Storage[]>();
/** every free storage, oldest first (a Set iterates in insertion order): what the cap drops first */
const byAge = new Set<Storage>();
const counts = { taken: 0, reused: 0 };
/** where a step scope (step-scope.ts) lists the storage taken while it runs */
let recorder: Storage[] | undefined;

const keyOf = (dtype: DType, length: number) => `${dtype}:${length}`;
const dtypeOfStorage = (s: Storage): DType =>
  s instanceof Float32Array
    ? "float32"
    : s instanceof Float64Array
      ? "float64"
      : s instanceof Int32Array
        ? "int32"
        : "bool";

/**
 * Storage of exactly `dtype` and `length`, zero-filled: a free one from the pool when there is one, else a
 * fresh one (checked against the memory budget of `setMemoryLimit`, like every tensor's storage).
 */
export function takeStorage(dtype: DType, length: number): Storage {
  const reused = takeFree(dtype, length);
  return reused ? reused.fill(0) : fresh(dtype, length);
}

/**
 * Like takeStorage but the values are whatever the last user left there: only for a kernel that writes
 * every element of its result before anyone reads it.
 */
export function takeStorageUnfilled(dtype: DType, length: number): Storage {
  return takeFree(dtype, length) ?? fresh(dtype, length);
}

/**
 * Hands `storage` back to the pool for a later takeStorage. The caller promises that nothing reads or
 * writes it afterwards. Views into a larger buffer (subarrays, WebAssembly memory) are not pooled, nor is
 * anything while the pool's cap is 0; handing the same storage back twice keeps one copy.
 */
export function recycleStorage(storage: Storage): void {
  const size = storage.byteLength;
  if (cap === 0 || size === 0 || size > cap || byAge.has(storage)) return;
  if (storage.byteOffset !== 0 || storage.buffer.byteLength !== size) return;
  const key = keyOf(dtypeOfStorage(storage), storage.length);
  const list = free.get(key);
  if (list) list.push(storage);
  else free.set(key, [storage]);
  byAge.add(storage);
  bytes += size;
  while (bytes > cap) drop(byAge.values().next().value as Storage);
}

/** Drops every free storage in the pool (the garbage collector frees them once nothing else holds them). */
export function clearStoragePool(): void {
  free.clear();
  byAge.clear();
  bytes = 0;
}

/**
 * Sets the most bytes the pool keeps (default 256 MiB; 0 turns pooling off, as does `GRADLAB_POOL=0` in
 * the environment at start-up). Lowering it drops the oldest free storage at once.
 */
export function setStoragePoolCap(maxBytes: number): void {
  if (!(maxBytes >= 0)) throw new RangeError(`setStoragePoolCap: ${maxBytes} is not a number of bytes`);
  cap = maxBytes;
  while (bytes > cap) drop(byAge.values().next().value as Storage);
}

/** What the storage pool holds and how often it was asked (see storagePoolStats). */
export interface StoragePoolStats {
  /** the most bytes it keeps */
  cap: number;
  /** bytes of free storage it holds now */
  bytes: number;
  /** how many free storages it holds now */
  free: number;
  /** storages asked for since start-up */
  taken: number;
  /** of those, how many were reused from the pool rather than allocated */
  reused: number;
}

/** What the pool holds now and how often it was asked: for tests and the bench. */
export function storagePoolStats(): StoragePoolStats {
  return { cap, bytes, free: byAge.size, ...counts };
}

/**
 * Lists every storage taken from now on in `list` (undefined stops); returns the previous list. How a
 * step scope learns which storage its step allocated.
 */
export function recordTakes(list: Storage[] | undefined): Storage[] | undefined {
  const previous = recorder;
  recorder = list;
  return previous;
}

function takeFree(dtype: DType, length: number): Storage | undefined {
  counts.taken++;
  const storage = free.get(keyOf(dtype, length))?.pop();
  if (!storage) return undefined;
  recorder?.push(storage);
  counts.reused++;
  byAge.delete(storage);
  bytes -= storage.byteLength;
  return storage;
}

function drop(storage: Storage): void {
  byAge.delete(storage);
  bytes -= storage.byteLength;
  const list = free.get(keyOf(dtypeOfStorage(storage), storage.length))!;
  list.splice(list.indexOf(storage), 1);
}

function fresh(dtype: DType, length: number): Storage {
  const type = constructors[dtype];
  try {
    checkAllocation(length * type.BYTES_PER_ELEMENT, dtype, length);
  } catch (error) {
    // Free storage held here counts as in use: give it back to the collector and ask once more.
    if (!(error instanceof MemoryLimitError) || bytes === 0) throw error;
    clearStoragePool();
    checkAllocation(length * type.BYTES_PER_ELEMENT, dtype, length);
  }
  const storage = new type(length);
  recorder?.push(storage);
  return storage;
}
