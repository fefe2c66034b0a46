// The heavy kernels under matmul, conv2d and pooling, as one interface every backend implements.
// Kernels see flat, contiguous, row-major arrays and plain shapes — never Tensors — so a backend
// knows nothing of autograd and can be swapped without touching an op (tfjs-core's kernel registry).

/** Float storage a kernel reads and writes. float64 exists for gradcheck; backends may send it to `reference`. */
export type FloatArray = Float32Array | Float64Array;

/** C[b] = A[b] · B[b] for each of `batch` matrices; A is m×k, B is k×n, C is m×n, all row-major. */
export interface MatmulArgs {
  a: FloatArray;
  b: FloatArray;
  batch: number;
  m: number;
  k: number;
  n: number;
  /** Read A as its transpose: A is stored k×m. Lets backward avoid materialising transposes. */
  transA?: boolean;
  /** Read B as its transpose: B is stored n×k. */
  transB?: boolean;
}

/** conv2d geometry, all in NCHW / OIHW layout, after "same" padding has been resolved to numbers. */
export interface Conv2dGeometry {
  /** [N, C, H, W] */
  xShape: readonly [number, number, number, number];
  /** [O, C / groups, KH, KW] */
  wShape: readonly [number, number, number, number];
  stride: readonly [number, number];
  /** [top, bottom, left, right]: asymmetric so "same" with even kernels matches PyTorch */
  padding: readonly [number, number, number, number];
  dilation: readonly [number, number];
  groups: number;
}

/** Pooling geometry in NCHW. */
export interface Pool2dGeometry {
  /** [N, C, H, W] */
  xShape: readonly [number, number, number, number];
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
}

/** Output [OH, OW] of a convolution: floor((H + pads - dilation·(K−1) − 1) / stride) + 1. */
export function convOutputSize(g: Conv2dGeometry): [number, number] {
  const [, , h, w] = g.xShape;
  const [, , kh, kw] = g.wShape;
  const [top, bottom, left, right] = g.padding;
  const oh = Math.floor((h + top + bottom - g.dilation[0] * (kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((w + left + right - g.dilation[1] * (kw - 1) - 1) / g.stride[1]) + 1;
  return [oh, ow];
}

/** Output [OH, OW] of a pooling window: floor((H + 2·pad − K) / stride) + 1. */
export function poolOutputSize(g: Pool2dGeometry): [number, number] {
  const [, , h, w] = g.xShape;
  const oh = Math.floor((h + 2 * g.padding[0] - g.kernel[0]) / g.stride[0]) + 1;
  const ow = Math.floor((w + 2 * g.padding[1] - g.kernel[1]) / g.stride[1]) + 1;
  return [oh, ow];
}

/**
 * What a backend provides. Every method returns a new array of the input's float type
 * (Float64Array in, Float64Array out), laid out row-major in the documented shape.
 */
export interface Kernels {
  /** [batch, m, n] */
  matmul(args: MatmulArgs): FloatArray;
  /** y = conv(x, w) (+ bias per output channel when given): [N, O, OH, OW] */
  conv2d(x: FloatArray, w: FloatArray, bias: FloatArray | undefined, g: Conv2dGeometry): FloatArray;
  /** ∂L/∂x from ∂L/∂y: [N, C, H, W] */
  conv2dInputGrad(dy: FloatArray, w: FloatArray, g: Conv2dGeometry): FloatArray;
  /** ∂L/∂w from ∂L/∂y and x: [O, C / groups, KH, KW] */
  conv2dWeightGrad(x: FloatArray, dy: FloatArray, g: Conv2dGeometry): FloatArray;
  /** max over each window (padding counts as −∞), and the flat input index of each max (−1 if none) */
  maxPool2d(x: FloatArray, g: Pool2dGeometry): { y: FloatArray; argmax: Int32Array };
  /** routes each dy to its window's argmax: [N, C, H, W] */
  maxPool2dGrad(dy: FloatArray, argmax: Int32Array, g: Pool2dGeometry): FloatArray;
  /** mean over each window, padding counted in the divisor (PyTorch's countIncludePad = true) */
  avgPool2d(x: FloatArray, g: Pool2dGeometry): FloatArray;
  /** spreads each dy evenly over its window: [N, C, H, W] */
  avgPool2dGrad(dy: FloatArray, g: Pool2dGeometry): FloatArray;
  /**
   * Optional, float32 only: max(x, 0) (NaN stays NaN). A backend offers it when it beats the op's own
   * loop (the gpu backend's WebAssembly SIMD); the op falls back to its loop when it is absent.
   */
  relu?(x: Float32Array): Float32Array;
  /** Optional, float32 only: dy where x > 0, else 0 (relu's backward). */
  reluGrad?(dy: Float32Array, x: Float32Array): Float32Array;
  /**
   * Optional, float32 only, and the one kernel that works in place: Adam's update of `p`, `m` and `v`
   * from `g` (lib/optim/adam.ts's formula, in float32 arithmetic as PyTorch's).
   */
  adam?(args: AdamArgs): void;
}

/** One Adam update of a parameter: its values, gradient and running means, with the step's constants. */
export interface AdamArgs {
  p: Float32Array;
  g: Float32Array;
  m: Float32Array;
  v: Float32Array;
  beta1: number;
  beta2: number;
  /** η / (1 − β₁ᵗ) */
  stepSize: number;
  /** √(1 − β₂ᵗ) */
  correction: number;
  eps: number;
  /** L2 weight decay λ added to the gradient (0 for none) */
  l2: number;
}
