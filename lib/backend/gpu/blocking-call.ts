// The calling side of gpu.js under its asynchronous contract, with no Node import: one implementation for
// the Node kernel (async-bridge.ts, a worker thread) and the browser kernel (lite/kernel/shims/
// async-bridge.js, a web worker). The caller posts a job with three shared buffers (a status word, the
// result, an error text) and blocks on Atomics.wait until the worker has awaited gpu.js's Promise, copied
// the result in and set the status (1: done, 2: failed).
import { signature, type Constants, type KernelFunction, type KernelRunner } from "./kernel-cache";

const TIMEOUT_MS = 120_000;
/** The bytes of shared memory a worker may write its error's text into. */
export const ERROR_BYTES = 4096;

/** Where jobs go: a Node worker thread or a browser web worker. */
export interface JobPort {
  postMessage(message: unknown): void;
}

// a view is sent as its own compact copy: cloning a view clones its whole underlying buffer
const compact = (a: Float32Array) => (a.byteLength === a.buffer.byteLength ? a : a.slice());

/** gpu.js kernels run by a worker, behind gradlab's synchronous kernel interface. */
export abstract class BlockingBridge implements KernelRunner {
  /** `mode`: gpu.js's mode in the worker (sent with every job); `port`: the worker. */
  protected constructor(
    readonly mode: string,
    private readonly port: JobPort,
  ) {}

  /** Sets gpu.js up in the worker (for webgpu: asks for an adapter); throws why it cannot. */
  start(): this {
    this.call({ mode: this.mode }, 0);
    return this;
  }

  run(fn: KernelFunction, constants: Constants, size: number, ...args: Float32Array[]): Float32Array {
    const job = {
      mode: this.mode,
      key: signature(fn, constants, size),
      source: fn.toString(),
      constants,
      size,
      args: args.map(compact),
    };
    return Float32Array.from(new Float32Array(this.call(job, size))); // a plain copy: callers keep results freely
  }

  private call(job: object, size: number): SharedArrayBuffer {
    const status = new Int32Array(new SharedArrayBuffer(4));
    const result = new SharedArrayBuffer(4 * size);
    const error = new SharedArrayBuffer(ERROR_BYTES);
    this.port.postMessage({ ...job, status: status.buffer, result, error });
    if (Atomics.wait(status, 0, 0, TIMEOUT_MS) === "timed-out")
      throw new Error(`gpu.js (${this.mode}) in its worker did not answer within ${TIMEOUT_MS / 1000} s`);
    if (status[0] === 2) {
      const text = new TextDecoder().decode(new Uint8Array(error).slice()).replace(/\0+$/, "");
      throw new Error(`gpu.js (${this.mode}) failed in its worker: ${text}`);
    }
    return result;
  }

  abstract destroy(): void;
}
