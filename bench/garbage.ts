// What a training step leaves to the garbage collector: GC time per step from perf_hooks' "gc" entries,
// and new JavaScript heap per step from V8's sampling heap profiler, counting objects that were
// already collected (the sampler's includeObjectsCollectedBy… flags). Array buffers' backing stores
// (tensors' storage) live outside the JS heap; they show up as GC time, not as heap bytes.
import { Session } from "node:inspector/promises";
import { PerformanceObserver } from "node:perf_hooks";

export interface Garbage {
  /** ms of GC pauses per step */
  gcMs: number;
  /** garbage collections per step */
  gcs: number;
  /** MB of JavaScript heap allocated per step */
  heapMB: number;
}

interface SamplingNode {
  selfSize: number;
  children: SamplingNode[];
}

const total = (node: SamplingNode): number => node.children.reduce((sum, c) => sum + total(c), node.selfSize);

/** Runs `step(i)` `steps` times (after `warmup` more) and measures its garbage. */
export async function measureGarbage(
  step: (i: number) => unknown,
  steps: number,
  warmup = 3,
): Promise<Garbage> {
  for (let i = 0; i < warmup; i++) await step(i);
  // GC time: every gc entry whose pause falls in the measured steps
  const entries: { startTime: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => entries.push(...list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) await step(warmup + i);
  const t1 = performance.now();
  await new Promise((r) => setTimeout(r, 50)); // entries are delivered asynchronously
  observer.disconnect();
  const inside = entries.filter((e) => e.startTime >= t0 && e.startTime <= t1);
  const gcMs = inside.reduce((sum, e) => sum + e.duration, 0) / steps;

  // heap: the sampling profiler's estimate of all bytes allocated, collected objects included
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as object);
  for (let i = 0; i < steps; i++) await step(warmup + steps + i);
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as {
    profile: { head: SamplingNode };
  };
  session.disconnect();
  return { gcMs, gcs: inside.length / steps, heapMB: total(profile.head) / steps / 1e6 };
}
