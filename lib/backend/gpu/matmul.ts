// matmul as a gpu.js kernel: one output per thread, c = Σ_p a·b, for the modes without the SIMD
// micro-kernel (GL, webgpu, cpu). Everything shape-like is a compiled-in constant: GLSL needs constant
// loop bounds, and it lets each shape compile to straight index arithmetic.
import type { MatmulArgs } from "../kernels";
import type { KernelRunner, KernelThis } from "./kernel-cache";

/**
 * Thread x computes c[t][i][j] with x = (t·m + i)·n + j. The indices are split in float arithmetic, whose
 * division need not be correctly rounded on a GPU (WGSL allows 2.5 ULP): x / n for x a multiple of n can
 * land just below the integer, and floor() then picks the previous row with j = n (WebGPU on SwiftShader
 * did, for n = 61). Dividing x + 0.5 keeps the quotient half a step away from any integer.
 */
function matmulKernel(this: KernelThis, a: Float32Array, b: Float32Array): number {
  const row = Math.floor((this.thread.x + 0.5) / this.constants.n);
  const j = this.thread.x - row * this.constants.n;
  const t = Math.floor((row + 0.5) / this.constants.m);
  const i = row - t * this.constants.m;
  const aBase = t * this.constants.m * this.constants.k;
  const bBase = t * this.constants.k * this.constants.n;
  let sum = 0;
  for (let p = 0; p < this.constants.k; p++) {
    let ai = aBase + i * this.constants.k + p;
    if (this.constants.transA === 1) ai = aBase + p * this.constants.m + i;
    let bi = bBase + p * this.constants.n + j;
    if (this.constants.transB === 1) bi = bBase + j * this.constants.k + p;
    sum += a[ai] * b[bi];
  }
  return sum;
}

export function gpuMatmul(
  cache: KernelRunner,
  args: MatmulArgs & { a: Float32Array; b: Float32Array },
): Float32Array {
  const { a, b, batch, m, k, n } = args;
  const constants = { m, k, n, transA: args.transA ? 1 : 0, transB: args.transB ? 1 : 0 };
  return cache.run(matmulKernel, constants, batch * m * n, a, b);
}
