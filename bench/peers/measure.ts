// Timing with a budget: fast implementations get several repeats, slow ones (reference loops,
// tfjs-cpu's weight gradient) one, so the whole run stays short without favouring anyone.
import type { Storage } from "../../lib/dtype";
import { recycleStorage } from "../../lib/storage-pool";
import { medianMs } from "../row";

/**
 * Median ms of `fn`: one timed first run; if that was slow, it is the answer, else (after three more
 * warm-up runs for fast ones: WebAssembly tiers up to optimised code after a few calls) the median of
 * as many repeats (1–21) as fit in `budgetMs`: on a shared machine many short runs give the stable number.
 */
export async function timeMs(fn: () => unknown, budgetMs = 2000): Promise<number> {
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  if (first * 2 > budgetMs) return first;
  const repeats = Math.max(1, Math.min(21, Math.floor(budgetMs / Math.max(first, 1e-3))));
  return medianMs(fn, repeats, first < 50 ? 3 : 0);
}

/**
 * A gradlab kernel call whose result goes back to the storage pool (lib/storage-pool.ts) after each run,
 * as a training step's intermediates do under fit()'s step scope (and as PyTorch's freed tensors go back
 * to its allocator): without it every run would also time a fresh, zero-filled array from the system.
 */
export const pooled =
  (fn: () => Storage): (() => void) =>
  () =>
    recycleStorage(fn());

/** The time budget per measurement: `--quick` halves it. */
export const budget = (quick: boolean) => (quick ? 1000 : 2000);

/** Like timeMs, but NaN ("n/a" in the table) when the implementation throws, e.g. a missing kernel. */
export async function timeOrNaN(
  fn: () => unknown,
  log: (line: string) => void,
  what: string,
  budgetMs = 2000,
): Promise<number> {
  try {
    return await timeMs(fn, budgetMs);
  } catch (err) {
    log(`${what}: n/a (${String(err instanceof Error ? err.message : err).split("\n")[0]})`);
    return NaN;
  }
}

/** Inputs for benchmarks: deterministic, uniform in [−1, 1). */
export function uniform(length: number, seed = 1): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2147483648 - 1;
  }
  return out;
}
