// gpu.js under its asynchronous contract, behind gradlab's synchronous kernels.
//
// WebGPU has no synchronous readback: gpu.js's webgpu kernels return Promises. Students' eager code is
// synchronous, so gpu.js runs in a worker thread and the calling thread blocks on Atomics.wait until
// the worker has awaited the result and copied it into shared memory. (Node allows Atomics.wait on the
// main thread; the worker's event loop keeps running, so the Promise settles.)
//
// Used for mode "webgpu"; any other mode can be run this way too (`worker: true`), which is how the
// bridge is tested on machines where dawn.node does not load.
//
// The blocking call itself (blocking-call.ts) is shared with the browser kernel's web-worker bridge.
import { Worker } from "node:worker_threads";
import { BlockingBridge, ERROR_BYTES } from "./blocking-call";

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

/** gpu.js in a Node worker thread (dawn.node for webgpu), behind gradlab's synchronous kernels. */
export class AsyncBridge extends BlockingBridge {
  private readonly worker: Worker;

  constructor(mode: string) {
    const workerData = {
      mode,
      gpujsPath: require.resolve("gpu.js"),
      webgpuPath: mode === "webgpu" ? require.resolve("webgpu") : "",
    };
    const worker = new Worker(workerSource, { eval: true, workerData });
    worker.unref();
    super(mode, worker);
    this.worker = worker;
  }

  destroy(): void {
    void this.worker.terminate();
  }
}
