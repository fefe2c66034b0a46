// Worker threads that run the micro-kernel on their share of C, with a synchronous contract:
// the main thread hands out shares, computes its own, then blocks on Atomics.wait until the others are
// done. Node allows Atomics.wait on the main thread, so the eager API stays synchronous for students
// and still uses every core (gpu.js's own webasm threads need its async contract).
import { Worker } from "node:worker_threads";
import type { WasmMemory } from "./webassembly";

/** Per-worker arguments of one gemm call (see micro-kernel.ts). */
export const ARGS = 14;
// control block: [0] job sequence number, [1] workers finished, then ARGS int32s per worker
const SEQ = 0;
const DONE = 1;
const argsAt = (worker: number) => 2 + worker * ARGS;

const workerSource = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, index } = workerData;
const { gemm } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const ctrl = new Int32Array(control);
const at = 2 + index * ${ARGS};
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  gemm(...ctrl.subarray(at, at + ${ARGS}));
  Atomics.add(ctrl, ${DONE}, 1);
  Atomics.notify(ctrl, ${DONE});
}`;

export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];

  /** `size` helper threads besides the caller's own. They never keep the process alive (unref). */
  constructor(bytes: Uint8Array, memory: WasmMemory, size: number) {
    this.control = new Int32Array(new SharedArrayBuffer(4 * argsAt(size)));
    for (let index = 0; index < size; index++) {
      const workerData = { bytes, memory, control: this.control.buffer, index };
      const worker = new Worker(workerSource, { eval: true, workerData });
      worker.unref();
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs shares[0] on this thread via `run`, shares[1..] on the workers, and returns when all are done. */
  runShares(shares: number[][], run: (args: number[]) => void): void {
    const helpers = shares.length - 1;
    for (let w = 0; w < helpers; w++) this.control.set(shares[w + 1], argsAt(w));
    // workers beyond the shares still wake up; give them an empty share
    for (let w = helpers; w < this.size; w++) this.control.fill(0, argsAt(w), argsAt(w + 1));
    Atomics.store(this.control, DONE, 0);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    run(shares[0]);
    for (
      let done = Atomics.load(this.control, DONE);
      done < this.size;
      done = Atomics.load(this.control, DONE)
    )
      Atomics.wait(this.control, DONE, done);
  }

  destroy(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
