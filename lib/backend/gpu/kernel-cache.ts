// gpu.js kernels compiled once per shape signature and reused; the oldest are destroyed past a bound,
// so a long session that sees many shapes does not keep every compiled kernel (and GL texture) alive.
import type { GPU, IKernelRunShortcut } from "gpu.js";

/** What a kernel function sees as `this`: its thread index and its compiled-in constants. */
export interface KernelThis {
  thread: { x: number };
  constants: Record<string, number>;
}
export type KernelFunction = (this: KernelThis, ...args: Float32Array[]) => number;

const LIMIT = 64;

export type Constants = Record<string, number>;

/** Runs gpu.js kernel functions: in this thread (KernelCache) or through a worker (AsyncBridge). */
export interface KernelRunner {
  /** A fresh Float32Array of `size` outputs of `fn` specialised to `constants`. */
  run(fn: KernelFunction, constants: Constants, size: number, ...args: Float32Array[]): Float32Array;
  destroy(): void;
}

/** The cache key of a kernel: one compiled kernel per function, output size and constants. */
export const signature = (fn: KernelFunction, constants: Constants, size: number) =>
  `${fn.name}|${size}|${JSON.stringify(constants)}`;

export class KernelCache implements KernelRunner {
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  constructor(private readonly gpu: GPU) {}

  /** The kernel `fn` specialised to `constants` (loop bounds must be constants on GL) with `size` outputs. */
  get(fn: KernelFunction, constants: Constants, size: number): IKernelRunShortcut {
    const key = signature(fn, constants, size);
    let kernel = this.kernels.get(key);
    if (kernel) {
      this.kernels.delete(key); // re-insert: Map order is our LRU order
    } else {
      kernel = this.gpu.createKernel(fn as never, {
        output: [size],
        constants,
        precision: "single",
        tactic: "precision",
      });
      if (this.kernels.size >= LIMIT) {
        const [oldestKey, oldest] = this.kernels.entries().next().value!;
        this.kernels.delete(oldestKey);
        oldest.destroy();
      }
    }
    this.kernels.set(key, kernel);
    return kernel;
  }

  /** Runs the kernel and returns a fresh Float32Array (gpu.js may reuse its result buffer). */
  run(fn: KernelFunction, constants: Constants, size: number, ...args: Float32Array[]): Float32Array {
    const result = this.get(fn, constants, size)(...args) as Float32Array;
    return Float32Array.from(result);
  }

  get size(): number {
    return this.kernels.size;
  }

  destroy(): void {
    for (const kernel of this.kernels.values()) kernel.destroy();
    this.kernels.clear();
  }
}
