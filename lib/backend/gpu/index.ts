// The gpu backend: gpu.js kernels in the best mode this machine offers, and on the CPU-only fallback
// (webasm) a hand-written WebAssembly SIMD micro-kernel for the matrix products, on every core.
//
// Float64 inputs (gradcheck) go to the reference kernels: gpu.js computes in float32 only.
// webgpu's kernels are asynchronous; they run behind the synchronous interface via async-bridge.ts.
import { GPU } from "gpu.js";
import type { FloatArray, Kernels, Pool2dGeometry } from "../kernels";
import { referenceKernels as reference } from "../reference";
import type { Backend, BackendInfo } from "../registry";
import { convViaMatmul, type Matmul32 } from "./conv2d";
import { AsyncBridge } from "./async-bridge";
import { KernelCache, type KernelRunner } from "./kernel-cache";
import { gpuMatmul } from "./matmul";
import { chooseMode, onCpu, type GpuMode } from "./modes";
import * as nativePool from "./native-pool";
import { gpuAvgPool2d, gpuAvgPool2dGrad, gpuMaxPool2d, gpuMaxPool2dGrad } from "./pool2d";
import { convOnSimd } from "./simd/conv2d";
import { createSimdMatmul } from "./simd/matmul";

export interface GpuOptions {
  /** Run gpu.js in a worker under its async contract, blocking on Atomics.wait (always on for webgpu). */
  worker?: boolean;
  /** Use the SIMD micro-kernel for matmul/conv in webasm mode (default true; GRADLAB_SIMD=0 turns it off). */
  simd?: boolean;
  /** Threads of the SIMD kernel, the caller's included (default GRADLAB_THREADS, else all cores up to 8). */
  threads?: number;
}

const f32 = (...arrays: (FloatArray | undefined)[]): boolean =>
  arrays.every((a) => a === undefined || a instanceof Float32Array);

export function createGpuBackend(forced?: GpuMode, options: GpuOptions = {}): Backend {
  const { mode, unavailable } = chooseMode(forced);
  // only a forced mode can be one: "gpu" passes over a GPU that would draw in software
  const software = onCpu(mode) !== undefined;
  const viaWorker = mode === "webgpu" || (options.worker ?? false);
  const cache: KernelRunner = viaWorker ? new AsyncBridge(mode).start() : new KernelCache(new GPU({ mode }));
  const useSimd = mode === "webasm" && (options.simd ?? process.env.GRADLAB_SIMD !== "0");
  const simd = useSimd ? createSimdMatmul(options.threads) : undefined;
  const matmul32: Matmul32 = simd ? simd.matmul : (args) => gpuMatmul(cache, args);
  // with the SIMD kernel, im2col and the NCHW permutations write straight into its memory
  const conv = simd ? convOnSimd(simd) : convViaMatmul(matmul32);
  // On the CPU path max-pooling and its gradient run in WebAssembly (simd/pool.ts), average pooling as
  // direct loops (see native-pool.ts); elsewhere pooling runs as gpu.js kernels.
  const pool = simd
    ? { ...nativePool, maxPool2d: simd.maxPool2d, maxPool2dGrad: simd.maxPool2dGrad }
    : {
        maxPool2d: (x: Float32Array, g: Pool2dGeometry) => gpuMaxPool2d(cache, x, g),
        maxPool2dGrad: (dy: Float32Array, argmax: Int32Array, g: Pool2dGeometry) =>
          gpuMaxPool2dGrad(cache, dy, argmax, g),
        avgPool2d: (x: Float32Array, g: Pool2dGeometry) => gpuAvgPool2d(cache, x, g),
        avgPool2dGrad: (dy: Float32Array, g: Pool2dGeometry) => gpuAvgPool2dGrad(cache, dy, g),
      };
  const x32 = (a: FloatArray) => a as Float32Array;

  const kernels: Kernels = {
    matmul: (args) =>
      f32(args.a, args.b) ? matmul32({ ...args, a: x32(args.a), b: x32(args.b) }) : reference.matmul(args),
    conv2d: (x, w, bias, g) =>
      f32(x, w, bias) ? conv.conv2d(x32(x), x32(w), bias && x32(bias), g) : reference.conv2d(x, w, bias, g),
    conv2dInputGrad: (dy, w, g) =>
      f32(dy, w) ? conv.conv2dInputGrad(x32(dy), x32(w), g) : reference.conv2dInputGrad(dy, w, g),
    conv2dWeightGrad: (x, dy, g) =>
      f32(x, dy) ? conv.conv2dWeightGrad(x32(x), x32(dy), g) : reference.conv2dWeightGrad(x, dy, g),
    maxPool2d: (x, g) => (f32(x) ? pool.maxPool2d(x32(x), g) : reference.maxPool2d(x, g)),
    maxPool2dGrad: (dy, argmax, g) =>
      f32(dy) ? pool.maxPool2dGrad(x32(dy), argmax, g) : reference.maxPool2dGrad(dy, argmax, g),
    avgPool2d: (x, g) => (f32(x) ? pool.avgPool2d(x32(x), g) : reference.avgPool2d(x, g)),
    avgPool2dGrad: (dy, g) => (f32(dy) ? pool.avgPool2dGrad(x32(dy), g) : reference.avgPool2dGrad(dy, g)),
    // branch-free SIMD activations and Adam's update on the CPU path (simd/activation.ts, simd/adam.ts);
    // elsewhere the op's or the optimizer's own loop
    ...(simd ? { relu: simd.relu, reluGrad: simd.reluGrad, adam: simd.adam } : {}),
  };

  const info = (): BackendInfo => ({
    name: forced ? `gpu:${forced}` : "gpu",
    mode,
    unavailable,
    ...(software ? { software } : {}),
    threads: (simd?.threads ?? 1) > 1,
    ...(simd ? { threadCount: simd.threads } : {}),
    ...(viaWorker ? { worker: true } : {}),
    ...(simd
      ? {
          detail: `matmul and conv2d on a hand-written WebAssembly SIMD matmul on ${simd.threads} thread(s), im2col and the layout moves in WebAssembly on the same threads; relu, Adam's update, max-pooling and its gradient in WebAssembly; average pooling as direct loops`,
        }
      : {}),
  });
  return {
    name: info().name,
    kernels,
    info,
    ...(simd ? { peak: (ms?: number) => simd.peak(ms), destroy: () => simd.destroy() } : {}),
  };
}
