// Anomaly mode: the first NaN or Inf, in forward or backward, stops everything with the op that made it
// and the line of your code where the tensor was created.
import type { Tensor } from "../tensor";

let enabled = false;

/** Raised in anomaly mode at the first non-finite value. */
export class AnomalyError extends Error {
  override name = "AnomalyError";
}

export function isAnomalyEnabled(): boolean {
  return enabled;
}

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

const libraryDir = __dirname.replace(/[/\\]check$/, "");

/**
 * The first stack frame outside gradlab's own code: where the user's code called the op. Works from
 * source (lib/…/*.ts under tsx) and from the build (dist/lib/…/*.js), since both sit under `libraryDir`.
 */
export function creationSite(): string | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 100; // ops call ops (softmax → logSumExp → sub → record): 10 frames are not enough
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const user = stack
    .split("\n")
    .slice(1)
    .find((f) => !f.includes(libraryDir) && !f.includes("node:internal") && !f.includes("/gradlab/dist/"));
  return user?.trim().replace(/^at /, "");
}

/** Throws if `t` holds a NaN or ±Inf. */
export function anomalyCheck(t: Tensor, where: string, createdAt = t.gradFn?.createdAt): void {
  for (let i = 0; i < t.size; i++) {
    const v = t.data[i];
    if (Number.isFinite(v)) continue;
    const what = Number.isNaN(v) ? "NaN" : "Inf";
    const site = createdAt ? `\nThe tensor was created at ${createdAt}` : "";
    throw new AnomalyError(
      `${what} in the ${where} at flat index ${i} (shape [${t.shape.join(",")}])${site}`,
    );
  }
}
