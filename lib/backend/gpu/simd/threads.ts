// Worker threads that run the micro-kernel's functions on shares of a job, with a synchronous contract:
// the main thread publishes a job (a table of tasks), takes tasks itself, then blocks on Atomics.wait
// until every task is finished. Node allows Atomics.wait on the main thread, so the eager API stays
// synchronous for students and still uses every core (gpu.js's own webasm threads need its async contract).
//
// Tasks are claimed, not assigned: each thread (the caller included) takes the next unclaimed task with
// a compare-and-swap until none are left. On a shared machine a worker may not be scheduled for tens of
// milliseconds; the caller then does its tasks instead of waiting for it, and only ever waits for tasks
// already running. Which thread computes a task never changes its result (each task writes its own
// outputs), so results stay bit-for-bit deterministic.
import { Worker } from "node:worker_threads";
import type { WasmMemory } from "./webassembly";

/** int32s per task: the function's index among the module's exports, then its arguments. */
export const TASK = 16;
/** Tasks per job at most. */
export const MAX_TASKS = 256;
// control block: job sequence number, tasks in the job, claim word (seq << 16 | next task; next = 0xffff
// once the job is closed), tasks finished, then the task table
const SEQ = 0;
const COUNT = 1;
const CLAIM = 2;
const FINISHED = 3;
const TABLE = 4;

const workerSource = `
const { workerData } = require("node:worker_threads");
const { bytes, memory, control, names } = workerData;
const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
const fns = names.map((name) => exports[name]);
const ctrl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  for (;;) {
    const claim = Atomics.load(ctrl, ${CLAIM});
    const task = claim & 0xffff;
    if (claim >>> 16 !== seen || task >= Atomics.load(ctrl, ${COUNT})) break;
    if (Atomics.compareExchange(ctrl, ${CLAIM}, claim, claim + 1) !== claim) continue;
    const at = ${TABLE} + task * ${TASK};
    fns[ctrl[at]](...ctrl.subarray(at + 1, at + ${TASK}));
    Atomics.add(ctrl, ${FINISHED}, 1);
    Atomics.notify(ctrl, ${FINISHED});
  }
}`;

export class ThreadPool {
  private readonly control: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly fns: ((...args: number[]) => void)[];
  private seq = 0;

  /**
   * `size` helper threads besides the caller's own, each with its own instance of the module `bytes` on
   * the shared `memory`; tasks name one of the exports `names`. They never keep the process alive (unref).
   */
  constructor(
    bytes: Uint8Array,
    memory: WasmMemory,
    size: number,
    names: string[],
    instanceExports: Record<string, unknown>,
  ) {
    // (no helpers, no control block: a page without shared memory has no SharedArrayBuffer)
    const words = TABLE + MAX_TASKS * TASK;
    this.control = size ? new Int32Array(new SharedArrayBuffer(4 * words)) : new Int32Array(0);
    // not named `exports`: tsc's CommonJS output reads TASK and MAX_TASKS as `exports.TASK`, which a
    // parameter of that name would shadow (a buffer of NaN bytes)
    this.fns = names.map((name) => instanceExports[name] as (...args: number[]) => void);
    for (let index = 0; index < size; index++) {
      const workerData = { bytes, memory, control: this.control.buffer, names };
      const worker = new Worker(workerSource, { eval: true, workerData });
      worker.unref();
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs every task ([function index, ...arguments]) on whichever threads claim it; returns when all are done. */
  run(tasks: number[][]): void {
    const ctrl = this.control;
    const count = tasks.length;
    if (count > MAX_TASKS) throw new Error(`at most ${MAX_TASKS} tasks per job, got ${count}`);
    if (this.size === 0 || count === 1) {
      for (const task of tasks) this.call(task);
      return;
    }
    for (let t = 0; t < count; t++) ctrl.set(tasks[t], TABLE + t * TASK);
    this.seq = (this.seq + 1) & 0x7fff;
    Atomics.store(ctrl, FINISHED, 0);
    Atomics.store(ctrl, COUNT, count);
    Atomics.store(ctrl, CLAIM, this.seq << 16);
    Atomics.store(ctrl, SEQ, this.seq);
    Atomics.notify(ctrl, SEQ);
    for (;;) {
      const claim = Atomics.load(ctrl, CLAIM);
      const task = claim & 0xffff;
      if (task >= count) break;
      if (Atomics.compareExchange(ctrl, CLAIM, claim, claim + 1) !== claim) continue;
      this.call(tasks[task]);
      Atomics.add(ctrl, FINISHED, 1);
    }
    // every task is claimed: close the job, so a worker that wakes late cannot read the next job's
    // count against this job's claim word
    Atomics.store(ctrl, CLAIM, (this.seq << 16) | 0xffff);
    for (let done = Atomics.load(ctrl, FINISHED); done < count; done = Atomics.load(ctrl, FINISHED))
      Atomics.wait(ctrl, FINISHED, done);
  }

  /** Runs one task here, its arguments passed one by one (a spread would allocate an iterator per call). */
  private call(t: number[]): void {
    this.fns[t[0]](
      t[1],
      t[2],
      t[3],
      t[4],
      t[5],
      t[6],
      t[7],
      t[8],
      t[9],
      t[10],
      t[11],
      t[12],
      t[13],
      t[14],
      t[15],
    );
  }

  destroy(): void {
    for (const worker of this.workers) void worker.terminate();
    this.workers.length = 0;
  }
}
