// lib/backend/gpu/async-bridge.ts in the browser: gpu.js's asynchronous webgpu kernels behind gradlab's
// synchronous ones. gpu.js runs in its own worker (gpu-worker.js, started before the first cell by
// src/probe.ts); the kernel's worker blocks on Atomics.wait until the result is in shared memory, as the
// Node kernel does with a worker thread.
import { signature } from "../../../lib/backend/gpu/kernel-cache";

const TIMEOUT_MS = 120_000;
const ERROR_BYTES = 4096;
const compact = (a) => (a.byteLength === a.buffer.byteLength ? a : a.slice());

export class AsyncBridge {
  constructor(mode) {
    this.mode = mode;
    const started = globalThis.__gradlabGpuWorkers?.[mode];
    this.worker = started ?? new Worker(new URL("gpu-worker.js", self.location.href));
    if (started) delete globalThis.__gradlabGpuWorkers[mode];
  }

  start() {
    this.call({ mode: this.mode }, 0);
    return this;
  }

  run(fn, constants, size, ...args) {
    const key = signature(fn, constants, size);
    const job = { mode: this.mode, key, source: fn.toString(), constants, size, args: args.map(compact) };
    return Float32Array.from(new Float32Array(this.call(job, size)));
  }

  call(job, size) {
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

  destroy() {
    this.worker.terminate();
  }
}
