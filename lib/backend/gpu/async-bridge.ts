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
// The blocking call (blocking-call.ts) and the worker's side of it (blocking-worker.ts) are shared with
// the browser kernel's web-worker bridge. The worker thread is eval'd from a string, so that it runs the
// same under tsx and from dist/: serveGpuJobs goes in as its source text, with Node's answers to what
// differs (dawn.node's globals for webgpu, gpu.js by its resolved path, parentPort's messages).
import { Worker } from "node:worker_threads";
import { BlockingBridge, ERROR_BYTES } from "./blocking-call";
import { serveGpuJobs } from "./blocking-worker";

const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const { gpujsPath, webgpuPath } = workerData;
(${serveGpuJobs.toString()})(
  async (mode) => {
    if (mode === "webgpu") {
      const { create, globals } = require(webgpuPath);
      Object.assign(globalThis, globals);
      Object.defineProperty(globalThis, "navigator", { value: { gpu: create([]) }, configurable: true });
    }
    return require(gpujsPath).GPU;
  },
  (onJob) => parentPort.on("message", onJob),
  ${ERROR_BYTES},
);`;

/** gpu.js in a Node worker thread (dawn.node for webgpu), behind gradlab's synchronous kernels. */
export class AsyncBridge extends BlockingBridge {
  private readonly worker: Worker;

  constructor(mode: string) {
    const workerData = {
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
