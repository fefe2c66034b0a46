// gpu.js under its asynchronous contract, in a worker of its own (see shims/async-bridge.js): each job
// compiles (once) and runs a kernel, copies the result into shared memory and wakes the kernel's worker.
import { GPU } from "gpu.js";

interface Job {
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

type Kernel = (...args: Float32Array[]) => Promise<Float32Array>;
let gpu: GPU | undefined;
const kernels = new Map<string, Kernel>();

async function setUp(mode: string): Promise<GPU> {
  if (mode === "webgpu") {
    const adapter = await (
      navigator as unknown as { gpu?: { requestAdapter(): Promise<unknown> } }
    ).gpu?.requestAdapter();
    if (!adapter) throw new Error("navigator.gpu.requestAdapter() found no WebGPU adapter");
  }
  return new GPU({ mode: mode as never });
}

self.onmessage = async (event: MessageEvent<Job>) => {
  const job = event.data;
  const status = new Int32Array(job.status);
  try {
    gpu ??= await setUp(job.mode);
    if (job.source && job.key) {
      let kernel = kernels.get(job.key);
      if (!kernel) {
        const settings = {
          output: [job.size],
          constants: job.constants,
          precision: "single",
          tactic: "precision",
          asyncMode: true,
        };
        kernel = gpu.createKernel(job.source as never, settings as never) as unknown as Kernel;
        kernels.set(job.key, kernel);
      }
      new Float32Array(job.result).set(await kernel(...job.args!));
    }
    Atomics.store(status, 0, 1);
  } catch (err) {
    const text = new TextEncoder().encode(String((err as Error)?.stack ?? err)).subarray(0, 4096);
    new Uint8Array(job.error).set(text);
    Atomics.store(status, 0, 2);
  }
  Atomics.notify(status, 0);
};
