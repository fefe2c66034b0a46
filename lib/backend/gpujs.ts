// gpu.js itself, for writing kernels of your own in a notebook (notebooks/08-acceleration.ipynb): the
// package the gpu backend runs on, reachable from any notebook folder through "gradlab". Typed here with
// the few parts a kernel of your own needs, so a cell's types name "gradlab", not a path into
// node_modules (which the kernel's cross-cell declarations could not name).

/** A position or a size along gpu.js's three axes. */
export interface GpuXYZ {
  /** the last (fastest) index: the column of a 2-D output */
  x: number;
  /** the row of a 2-D output */
  y: number;
  /** the plane of a 3-D output */
  z: number;
}

/** What a gpu.js kernel function sees as `this`: which output it computes, and its constants. */
export interface GpuKernelThis<Constants = Record<string, number>> {
  /** the output element this call computes: x is the last (fastest) index, then y, then z */
  thread: GpuXYZ;
  /** the output's size along x, y and z, as given to `setOutput` */
  output: GpuXYZ;
  /** the values given to `setConstants`, compiled into the kernel */
  constants: Constants;
}

/** A value a kernel takes: a number, or (nested) arrays of numbers. */
export type GpuKernelArgument = number | ArrayLike<number> | ArrayLike<ArrayLike<number>> | number[][][];

/** A compiled gpu.js kernel: call it with its arguments; its output has the size given to `setOutput`. */
export interface GpuKernel<Constants = Record<string, number>> {
  /** Runs the kernel: a Float32Array for a 1-D output, an array of rows for 2-D, of planes for 3-D. */
  (...args: GpuKernelArgument[]): Float32Array | Float32Array[] | Float32Array[][];
  /** The output's size, fastest index first: `[n]`, `[columns, rows]` or `[x, y, z]`. */
  setOutput(output: number[]): GpuKernel<Constants>;
  /** Values compiled into the kernel, read as `this.constants` (loop bounds must be constants). */
  setConstants(constants: Constants): GpuKernel<Constants>;
  /** Frees what the kernel holds (textures, buffers). */
  destroy(): void;
}

/** A gpu.js instance: it compiles kernels for its `mode`. */
export interface Gpu {
  /** the mode the kernels run in: "webgpu", "headlessgl", "webgl2", "webasm", "cpu"… */
  readonly mode: string;
  /** Compiles `fn`, a function computing one output element, into a kernel (see gpu.js's README). */
  createKernel<Constants = Record<string, number>>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the arguments: any of gpu.js's types
    fn: (this: GpuKernelThis<Constants>, ...args: any[]) => number,
  ): GpuKernel<Constants>;
  /** Frees every kernel it made. */
  destroy(): void;
}

/** gpu.js's `GPU` class. */
export interface GpuConstructor {
  /** A gpu.js instance in `settings.mode`, or the best mode that works here. */
  new (settings?: { mode?: string }): Gpu;
}

/** The gpu.js module, as `gpujs()` returns it. */
export interface GpuJs {
  /** `new GPU()` picks the best mode here; `new GPU({ mode: "cpu" })` forces one. */
  GPU: GpuConstructor;
}

/**
 * gpu.js itself — the package the `gpu` backend runs on — for writing kernels of your own from any
 * notebook folder, without installing it there. Loaded on first call, as the backend loads it.
 * @example
 * const { GPU } = gpujs();
 * const double = new GPU({ mode: "cpu" })
 *   .createKernel(function (this: GpuKernelThis, a: number[]) {
 *     return 2 * a[this.thread.x];
 *   })
 *   .setOutput([3]);
 * double([1, 2, 3]); // Float32Array [2, 4, 6]
 */
export function gpujs(): GpuJs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("gpu.js") as GpuJs;
}
