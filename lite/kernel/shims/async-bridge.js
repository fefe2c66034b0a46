// lib/backend/gpu/async-bridge.ts in the browser: gpu.js's asynchronous webgpu kernels behind gradlab's
// synchronous ones. gpu.js runs in its own worker (gpu-worker.js, started before the first cell by
// src/probe.ts); the kernel's worker blocks on Atomics.wait until the result is in shared memory
// (lib/backend/gpu/blocking-call.ts, the same call the Node kernel makes to a worker thread).
import { BlockingBridge } from "../../../lib/backend/gpu/blocking-call";

export class AsyncBridge extends BlockingBridge {
  constructor(mode) {
    const started = globalThis.__gradlabGpuWorkers?.[mode];
    if (started) delete globalThis.__gradlabGpuWorkers[mode];
    const worker = started ?? new Worker(new URL("gpu-worker.js", self.location.href));
    super(mode, worker);
    this.worker = worker;
  }

  destroy() {
    this.worker.terminate();
  }
}
