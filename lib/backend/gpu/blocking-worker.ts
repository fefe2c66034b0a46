// The worker side of gpu.js under its asynchronous contract (the calling side is blocking-call.ts): one
// implementation for the Node kernel's worker thread (async-bridge.ts) and the browser kernel's web
// worker (lite/kernel/src/gpu-worker.ts). Each job sets gpu.js up once per mode, compiles its kernel
// once per key, awaits the result into shared memory, sets the status word (1: done, 2: failed, with the
// error's text) and wakes the caller blocked on Atomics.wait.
//
// Why it is one self-contained function, with no import and nothing from this module in its body: the
// Node worker is eval'd from a string (`new Worker(source, { eval: true })`), so it runs the same under
// tsx and from dist/ with no file path or TypeScript loader; async-bridge.ts writes this function into
// that string with `${serveGpuJobs}` (its toString). So what differs between the two comes in as
// arguments (how to get gpu.js for a mode, how to hear jobs, the error's size), and the body keeps to
// what both compilers emit as written: tsc and tsx target ES2022 / this Node, so the async function stays
// native; tsx keeps names (esbuild's keepNames), so the body declares no named function of its own, whose
// `__name(...)` helper call the eval'd worker would not have.

/** One job from blocking-call.ts: with no `source`, it only sets gpu.js up. */
export interface GpuJob {
  mode: string;
  key?: string;
  source?: string;
  constants?: Record<string, number>;
  size: number;
  args?: Float32Array[];
  status: SharedArrayBuffer;
  result: SharedArrayBuffer;
  error: SharedArrayBuffer;
}

type AsyncKernel = (...args: Float32Array[]) => Promise<Float32Array>;
/** What the worker needs of gpu.js's GPU class. */
export type GpuClass = new (settings: { mode: string }) => {
  createKernel(source: string, settings: object): unknown;
};

/**
 * Serves blocking-call.ts's jobs in this worker. `gpuFor(mode)`: gpu.js's GPU class, once the worker can
 * run `mode` (for webgpu: `navigator.gpu` set up); `listen(onJob)`: hands each message's job to `onJob`;
 * `errorBytes`: the room for an error's text (blocking-call.ts's ERROR_BYTES).
 */
export function serveGpuJobs(
  gpuFor: (mode: string) => Promise<GpuClass>,
  listen: (onJob: (job: GpuJob) => Promise<void>) => void,
  errorBytes: number,
): void {
  const gpus = new Map<string, InstanceType<GpuClass>>();
  const kernels = new Map<string, AsyncKernel>();
  listen(async (job) => {
    const status = new Int32Array(job.status);
    try {
      let gpu = gpus.get(job.mode);
      if (!gpu) {
        const GPU = await gpuFor(job.mode);
        if (job.mode === "webgpu") {
          const { navigator } = globalThis as {
            navigator?: { gpu?: { requestAdapter(): Promise<unknown> } };
          };
          const adapter = await navigator?.gpu?.requestAdapter();
          if (!adapter) throw new Error("navigator.gpu.requestAdapter() found no WebGPU adapter");
        }
        gpu = new GPU({ mode: job.mode });
        gpus.set(job.mode, gpu);
      }
      if (job.source && job.key) {
        const key = `${job.mode}|${job.key}`;
        let kernel = kernels.get(key);
        if (!kernel) {
          const settings = {
            output: [job.size],
            constants: job.constants,
            precision: "single",
            tactic: "precision",
            asyncMode: true,
          };
          kernel = gpu.createKernel(job.source, settings) as AsyncKernel;
          kernels.set(key, kernel);
        }
        new Float32Array(job.result).set(await kernel(...(job.args ?? [])));
      }
      Atomics.store(status, 0, 1);
    } catch (err) {
      const text = new TextEncoder().encode(String((err as Error | undefined)?.stack ?? err));
      new Uint8Array(job.error).set(text.subarray(0, errorBytes));
      Atomics.store(status, 0, 2);
    }
    Atomics.notify(status, 0);
  });
}
