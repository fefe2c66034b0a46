// gpu.js under its asynchronous contract, behind gradlab's synchronous kernels.
//
// WebGPU has no synchronous readback: gpu.js's webgpu kernels return Promises. Students' eager code is
// synchronous, so gpu.js runs in a worker thread and the calling thread blocks on Atomics.wait until
// the worker has awaited the result and copied it into shared memory. (Node allows Atomics.wait on the
// main thread; the worker's event loop keeps running, so the Promise settles.)
//
// Used for mode "webgpu"; any other mode can be run this way too (`worker: true`), which is how the
// bridge is tested on machines where dawn.node does not load.
import { Worker } from "node:worker_threads";
import { signature, type Constants, type KernelFunction, type KernelRunner } from "./kernel-cache";

const TIMEOUT_MS = 120_000;
const ERROR_BYTES = 4096;

const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { mode, gpujsPath, webgpuPath } = workerData;
let gpu;
const kernels = new Map();
async function setUp() {
  if (mode === "webgpu") {
    const { create, globals } = require(webgpuPath);
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]) }, configurable: true });
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter) throw new Error("navigator.gpu.requestAdapter() found no WebGPU adapter");
  }
  const { GPU } = require(gpujsPath);
  return new GPU({ mode });
}
parentPort.on("message", async (job) => {
  const status = new Int32Array(job.status);
  try {
    gpu = gpu || (await setUp());
    if (job.source) {
      let kernel = kernels.get(job.key);
      if (!kernel) {
        const settings = { output: [job.size], constants: job.constants, precision: "single", tactic: "precision", asyncMode: true };
        kernel = gpu.createKernel(job.source, settings);
        kernels.set(job.key, kernel);
      }
      new Float32Array(job.result).set(await kernel(...job.args));
    }
    Atomics.store(status, 0, 1);
  } catch (err) {
    const text = new TextEncoder().encode(String(err && err.stack || err)).subarray(0, ${ERROR_BYTES});
    new Uint8Array(job.error).set(text);
    Atomics.store(status, 0, 2);
  }
  Atomics.notify(status, 0);
});`;

const compact = (a: Float32Array) => (a.byteLength === a.buffer.byteLength ? a : a.slice());

export class AsyncBridge implements KernelRunner {
  private readonly worker: Worker;

  constructor(readonly mode: string) {
    const workerData = {
      mode,
      gpujsPath: require.resolve("gpu.js"),
      webgpuPath: mode === "webgpu" ? require.resolve("webgpu") : "",
    };
    this.worker = new Worker(workerSource, { eval: true, workerData });
    this.worker.unref();
  }

  /** Sets gpu.js up in the worker (for webgpu: loads dawn.node, asks for an adapter); throws why it cannot. */
  start(): this {
    this.call({}, 0);
    return this;
  }

  run(fn: KernelFunction, constants: Constants, size: number, ...args: Float32Array[]): Float32Array {
    const result = this.call(
      // a view is sent as its own compact copy: cloning a view clones its whole underlying buffer
      {
        key: signature(fn, constants, size),
        source: fn.toString(),
        constants,
        size,
        args: args.map(compact),
      },
      size,
    );
    return Float32Array.from(new Float32Array(result)); // a plain copy: callers keep results freely
  }

  private call(job: object, size: number): SharedArrayBuffer {
    const status = new Int32Array(new SharedArrayBuffer(4));
    const result = new SharedArrayBuffer(4 * size);
    const error = new SharedArrayBuffer(ERROR_BYTES);
    this.worker.postMessage({ ...job, status: status.buffer, result, error });
    if (Atomics.wait(status, 0, 0, TIMEOUT_MS) === "timed-out")
      throw new Error(`gpu.js (${this.mode}) in its worker did not answer within ${TIMEOUT_MS / 1000} s`);
    if (status[0] === 2) {
      const text = new TextDecoder().decode(new Uint8Array(error).slice()).replace(/\0+$/, "");
      throw new Error(`gpu.js (${this.mode}) failed in its worker: ${text}`);
    }
    return result;
  }

  destroy(): void {
    void this.worker.terminate();
  }
}
