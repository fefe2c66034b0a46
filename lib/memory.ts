// A memory budget for tensors: every tensor's storage is checked against it before it is allocated, so a
// tensor too big for the budget fails with a sentence that says so instead of taking the process down.
// The library knows only the budget; whoever sets it (the kernel, from the classroom's configuration) says
// how to measure what is in use and how to give unused memory back.

/** How `setMemoryLimit` measures and frees memory; both optional. */
export interface MemoryLimitOptions {
  /** Bytes of tensor storage (typed arrays) in use now, e.g. Node's `process.memoryUsage().arrayBuffers`.
   * Without it only single tensors bigger than the whole budget are refused. */
  inUse?: () => number;
  /** Frees what is no longer referenced (a full garbage collection); tried once before refusing. */
  reclaim?: () => void;
  /** Who set the limit, for the error's last sentence, e.g. "set by your teacher". */
  source?: string;
}

/** A tensor that would take the memory in use past the budget set with `setMemoryLimit`. Nothing was
 * allocated; the tensors that exist are untouched. */
export class MemoryLimitError extends Error {
  /** "MemoryLimitError", so a notebook's traceback names it */
  override name = "MemoryLimitError";
  constructor(
    message: string,
    /** Bytes the refused tensor needed. */
    readonly requested: number,
    /** The budget in bytes. */
    readonly limit: number,
  ) {
    super(message);
  }
}

interface Budget extends MemoryLimitOptions {
  bytes: number;
}

let budget: Budget | undefined;
let sinceCheck = 0;

/**
 * Sets the most bytes of tensor storage this process may hold (`undefined` removes the limit). Every
 * tensor's storage is checked before it is allocated: one bigger than the whole budget is refused at once;
 * with `inUse`, one that would take the storage in use past it is refused too (small tensors are counted
 * in batches, so the check costs nothing measurable in a training loop).
 */
export function setMemoryLimit(bytes: number | undefined, options: MemoryLimitOptions = {}): void {
  if (bytes !== undefined && !(bytes > 0))
    throw new RangeError(`setMemoryLimit: ${bytes} is not a number of bytes; pass e.g. 2 ** 30`);
  budget = bytes === undefined ? undefined : { ...options, bytes };
  sinceCheck = 0;
}

/** The budget set by `setMemoryLimit`, in bytes, or `undefined` when there is none. */
export function memoryLimit(): number | undefined {
  return budget?.bytes;
}

/** Bytes as a person reads them: 512 B, 3.2 MB, 1.5 GB. */
export function formatBytes(bytes: number): string {
  const units = ["B", "kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Checks that a tensor's storage of `elements` values of `dtype` (`bytes` in all) fits the budget; throws
 * MemoryLimitError when it does not. Called by the library wherever it allocates a tensor's storage.
 */
export function checkAllocation(bytes: number, dtype: string, elements: number): void {
  checkBudget(bytes, dtype, elements);
  allocated += bytes;
}

let allocated = 0;

/**
 * Bytes of tensor storage allocated so far in this process: every storage checked by checkAllocation, so
 * every fresh one the library made (storage reused from the pool is not new, and is not counted). A graph
 * session reports a run's new storage as the growth of this count.
 */
export function bytesAllocated(): number {
  return allocated;
}

function checkBudget(bytes: number, dtype: string, elements: number): void {
  if (!budget) return;
  const what = `a ${dtype} tensor of ${elements.toLocaleString("en-US")} elements`;
  const { bytes: limit, inUse, reclaim, source } = budget;
  const refuse = (used?: number) => {
    const held = used === undefined ? "" : `; ${formatBytes(used)} of it is in use already`;
    const by = source ? ` (${source})` : "";
    return new MemoryLimitError(
      `${what} needs ${formatBytes(bytes)}, over this kernel's memory limit of ${formatBytes(limit)}${by}${held}. ` +
        "Nothing was allocated and your other variables are intact: use a smaller shape or batch, or drop " +
        "tensors you no longer need (or restart the kernel to free everything).",
      bytes,
      limit,
    );
  };
  if (bytes > limit) throw refuse();
  if (!inUse) return;
  // A big tensor is checked now; small ones once enough of them add up to a sixteenth of the budget.
  sinceCheck += bytes;
  if (bytes < limit / 64 && sinceCheck < limit / 16) return;
  sinceCheck = 0;
  let used = inUse();
  if (used + bytes <= limit) return;
  reclaim?.();
  used = inUse();
  if (used + bytes > limit) throw refuse(used);
}
