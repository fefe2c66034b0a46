// The limits a class sets for each kernel (in the hub's configuration, passed as environment variables):
// GRADLAB_MEMORY_LIMIT, a budget for tensors that refuses one too big with a sentence in the notebook, and
// GRADLAB_CELL_TIME_LIMIT, the CPU seconds one cell may use before it is interrupted. The kernel lives on.
import v8 from "node:v8";
import vm from "node:vm";
import { Worker } from "node:worker_threads";
import { formatBytes, setMemoryLimit } from "../lib/memory";
import { CellError } from "./executor";

export const memoryLimitVariable = "GRADLAB_MEMORY_LIMIT";
export const cellTimeLimitVariable = "GRADLAB_CELL_TIME_LIMIT";

const units: Record<string, number> = { "": 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "512M", "2G", "1.5g", "1000000" (bytes) → bytes; undefined for anything else. */
export function parseBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * units[match[2].toLowerCase()];
  return bytes > 0 ? Math.round(bytes) : undefined;
}

export interface Limits {
  memoryBytes?: number;
  cellSeconds?: number;
  /** Variables that were set but could not be read, as sentences for the kernel's log. */
  problems: string[];
}

/** The limits the environment sets; unset or empty variables mean no limit. */
export function readLimits(env: NodeJS.ProcessEnv = process.env): Limits {
  const problems: string[] = [];
  const memory = env[memoryLimitVariable]?.trim();
  const seconds = env[cellTimeLimitVariable]?.trim();
  const memoryBytes = memory ? parseBytes(memory) : undefined;
  if (memory && memoryBytes === undefined)
    problems.push(`${memoryLimitVariable}=${memory} is not a size (e.g. 512M, 2G): no memory limit`);
  const cellSeconds = seconds ? Number(seconds) : undefined;
  if (seconds && !(cellSeconds! > 0))
    problems.push(`${cellTimeLimitVariable}=${seconds} is not a number of seconds: no time limit`);
  return {
    memoryBytes,
    cellSeconds: cellSeconds! > 0 ? cellSeconds : undefined,
    problems,
  };
}

const collectGarbage = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

/** Sets the library's memory budget: typed arrays in use are what tensors hold. */
export function applyMemoryLimit(bytes: number | undefined): void {
  setMemoryLimit(bytes, {
    inUse: () => process.memoryUsage().arrayBuffers,
    reclaim: collectGarbage,
    source: "set for this class",
  });
}

// The watchdog thread: measures the process's CPU time while a cell runs and raises SIGINT — the same
// interrupt Jupyter sends — once a cell has used its share. A thread, so that a synchronous loop that holds
// the main thread is stopped too.
const watchdogSource = `
const { parentPort, workerData } = require("node:worker_threads");
const flag = new Int32Array(workerData.shared);
const limit = workerData.seconds * 1e6;
let cell = 0, start = 0;
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
parentPort.on("message", (m) => {
  if (m.start) { cell = m.start; start = cpu(); }
  else if (m.end === cell) cell = 0;
});
setInterval(() => {
  if (cell && cpu() - start > limit) {
    Atomics.store(flag, 0, cell);
    cell = 0;
    process.kill(process.pid, "SIGINT");
  }
}, Math.min(250, workerData.seconds * 250));
`;

/** Interrupts a cell that uses more than `seconds` of CPU time, and says why in the notebook. */
export class CellTimeLimit {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
  private cell = 0;

  constructor(readonly seconds: number) {
    this.worker = new Worker(watchdogSource, {
      eval: true,
      workerData: { shared: this.flag.buffer, seconds },
    });
    this.worker.unref();
  }

  async run<T>(cell: () => Promise<T>): Promise<T> {
    const id = ++this.cell;
    this.worker.postMessage({ start: id });
    try {
      return await cell();
    } catch (err) {
      if (err instanceof CellError && err.content.ename === "Interrupt" && Atomics.load(this.flag, 0) === id)
        throw new CellError(this.timeLimitContent());
      throw err;
    } finally {
      this.worker.postMessage({ end: id });
    }
  }

  private timeLimitContent() {
    const evalue =
      `this cell used more than ${this.seconds} s of CPU time, the most one cell may use in this class, ` +
      "and was stopped. Your variables are intact: make the loop shorter (fewer steps or epochs, a smaller " +
      "batch or model) and run it again.";
    return { ename: "TimeLimit", evalue, traceback: [`TimeLimit: ${evalue}`] };
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** A line for the kernel's log saying which limits are in force. */
export function describeLimits(limits: Limits): string {
  const parts = [
    limits.memoryBytes ? `tensors up to ${formatBytes(limits.memoryBytes)}` : "",
    limits.cellSeconds ? `${limits.cellSeconds} s of CPU time per cell` : "",
  ].filter(Boolean);
  return parts.length > 0 ? `limits: ${parts.join(", ")}` : "";
}
