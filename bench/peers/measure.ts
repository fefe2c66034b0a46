// Timing with a budget: fast implementations get several repeats, slow ones (reference loops,
// tfjs-cpu's weight gradient) one, so the whole run stays short without favouring anyone.
import { medianMs } from "../row";

/** Median ms of `fn`: one warm-up run, then as many repeats (1–5) as fit in `budgetMs`. */
export async function timeMs(fn: () => unknown, budgetMs = 2000): Promise<number> {
  const t0 = performance.now();
  await fn();
  const first = performance.now() - t0;
  const repeats = Math.max(1, Math.min(5, Math.floor(budgetMs / Math.max(first, 1e-3))));
  return first * 2 > budgetMs ? first : medianMs(fn, repeats, 0);
}

/** Like timeMs, but NaN ("n/a" in the table) when the implementation throws, e.g. a missing kernel. */
export async function timeOrNaN(
  fn: () => unknown,
  log: (line: string) => void,
  what: string,
): Promise<number> {
  try {
    return await timeMs(fn);
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
