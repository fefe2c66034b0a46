// Anomaly mode: the first NaN or Inf, in forward or backward, stops everything with the op that made it
// and the line of your code where the tensor was created.
import type { Tensor } from "../tensor";

let enabled = false;

/** Raised in anomaly mode at the first non-finite value. */
export class AnomalyError extends Error {
  /** always "AnomalyError" */
  override name = "AnomalyError";
}

/** Whether anomaly mode is on (see detectAnomaly). */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/**
 * Turns anomaly mode on or off for everything that follows: every op's output (and gradient) is checked for
 * NaN and Inf, and the first one raises an AnomalyError naming the op and the cell line that made it.
 */
export function setDetectAnomaly(on: boolean): void {
  enabled = on;
}

/** Runs `fn` (sync or async) in anomaly mode. */
export function detectAnomaly<T>(fn: () => T): T {
  const before = enabled;
  enabled = true;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    enabled = before;
    throw err;
  }
  if (result instanceof Promise) return result.finally(() => (enabled = before)) as T;
  enabled = before;
  return result;
}

/** gradlab's own code: lib/ from source (tsx), dist/lib/ from the build, node_modules/gradlab/dist/lib/ installed */
const libraryDir = __dirname.replace(/[/\\]check$/, "");

/** Where the user's code called the op: the first stack frame outside gradlab and Node's internals. */
export function creationSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100; // ops call ops (softmax → logSumExp → sub → record): 10 frames are not enough
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  return userFrame(stack, libraryDir);
}

/** The first frame of `stack` outside `libraryDir` and Node's internals, without its "at ". */
export function userFrame(stack: string, library: string): string | undefined {
  const frame = stack
    .split("\n")
    .slice(1)
    .find((f) => !f.includes(library + "/") && !f.includes(library + "\\") && !f.includes("node:internal"));
  return frame?.trim().replace(/^at /, "");
}

/**
 * Throws if `t` holds a NaN or ±Inf, naming `where` it appeared and the user's line `createdAt`
 * (for a forward: where the tensor was made; for a backward: where the op was called).
 */
export function anomalyCheck(
  t: Tensor,
  where: string,
  createdAt = t.gradFn?.createdAt,
  siteLabel = "the tensor was created at",
): void {
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (Number.isFinite(v)) continue;
    const what = Number.isNaN(v) ? "NaN" : "Inf";
    const site = createdAt ? `\n${siteLabel[0].toUpperCase()}${siteLabel.slice(1)} ${createdAt}` : "";
    throw new AnomalyError(
      `${what} in the ${where} at flat index ${i} (shape [${t.shape.join(",")}])${site}`,
    );
  }
}
