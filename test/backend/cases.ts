// The shapes every backend is checked on: stride, asymmetric padding, dilation, groups (incl. depthwise),
// batch > 1, transposes, non-square — small enough that the whole suite runs in seconds, on any backend.
import type { Conv2dGeometry, MatmulArgs, Pool2dGeometry } from "../../lib/backend/kernels";

/** mulberry32: a tiny seeded PRNG, so every run (and every backend) sees the same inputs. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform in [−1, 1), float32. */
export function uniform(length: number, seed: number): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length }, () => next() * 2 - 1);
}

export interface MatmulCase {
  name: string;
  args: Omit<MatmulArgs, "a" | "b">;
}
export interface ConvCase {
  name: string;
  g: Conv2dGeometry;
  bias: boolean;
  /** also ask PyTorch for padding="same" and check it equals `g.padding` */
  torchSame?: boolean;
}
export interface PoolCase {
  name: string;
  g: Pool2dGeometry;
}

export const matmulCases: MatmulCase[] = [
  { name: "square", args: { batch: 1, m: 8, k: 8, n: 8 } },
  { name: "non-square", args: { batch: 1, m: 17, k: 33, n: 9 } },
  { name: "batched", args: { batch: 3, m: 5, k: 7, n: 6 } },
  { name: "transA", args: { batch: 2, m: 6, k: 5, n: 7, transA: true } },
  { name: "transB", args: { batch: 2, m: 6, k: 5, n: 7, transB: true } },
  { name: "transA+transB", args: { batch: 1, m: 9, k: 4, n: 13, transA: true, transB: true } },
  { name: "vector", args: { batch: 1, m: 1, k: 19, n: 1 } },
  { name: "tiles+edges", args: { batch: 2, m: 37, k: 41, n: 35 } },
  // strides of 2 KiB: the SIMD kernel packs these instead of reading them in place
  { name: "Aᵀ with a 2 KiB row stride", args: { batch: 1, m: 512, k: 3, n: 9, transA: true } },
  { name: "B with a 2 KiB row stride", args: { batch: 2, m: 5, k: 4, n: 512 } },
  // over a million multiply-adds: the SIMD kernel's threads claim strips of C; ragged tiles and panels
  { name: "threaded, ragged edges", args: { batch: 1, m: 67, k: 300, n: 61 } },
  {
    name: "threaded transA+transB, 2 blocks of k",
    args: { batch: 2, m: 45, k: 515, n: 43, transA: true, transB: true },
  },
];

const conv = (
  xShape: Conv2dGeometry["xShape"],
  wShape: Conv2dGeometry["wShape"],
  rest: Partial<Omit<Conv2dGeometry, "xShape" | "wShape">> = {},
): Conv2dGeometry => ({
  xShape,
  wShape,
  stride: rest.stride ?? [1, 1],
  padding: rest.padding ?? [0, 0, 0, 0],
  dilation: rest.dilation ?? [1, 1],
  groups: rest.groups ?? 1,
});

export const convCases: ConvCase[] = [
  { name: "3x3 pad 1, batch 2", g: conv([2, 3, 7, 6], [4, 3, 3, 3], { padding: [1, 1, 1, 1] }), bias: true },
  { name: "no padding, no bias", g: conv([1, 2, 5, 5], [3, 2, 3, 3]), bias: false },
  {
    name: "stride 2",
    g: conv([2, 3, 9, 8], [5, 3, 3, 3], { stride: [2, 2], padding: [1, 1, 1, 1] }),
    bias: true,
  },
  {
    name: "even kernel 'same' pads right/bottom",
    g: conv([2, 2, 6, 7], [3, 2, 4, 4], { padding: [1, 2, 1, 2] }),
    bias: true,
    torchSame: true,
  },
  {
    name: "2x2 'same' = [0,1,0,1]",
    g: conv([1, 3, 5, 5], [2, 3, 2, 2], { padding: [0, 1, 0, 1] }),
    bias: false,
    torchSame: true,
  },
  {
    name: "dilation 2",
    g: conv([2, 2, 9, 9], [3, 2, 3, 3], { dilation: [2, 2], padding: [2, 2, 2, 2] }),
    bias: true,
  },
  { name: "groups 2", g: conv([2, 4, 6, 6], [6, 2, 3, 3], { groups: 2, padding: [1, 1, 1, 1] }), bias: true },
  {
    name: "depthwise",
    g: conv([2, 3, 6, 5], [6, 1, 3, 3], { groups: 3, padding: [1, 1, 1, 1] }),
    bias: true,
  },
  {
    name: "non-square everything",
    g: conv([2, 3, 8, 11], [4, 3, 2, 3], { stride: [2, 1], padding: [1, 0, 0, 2], dilation: [1, 2] }),
    bias: true,
  },
  { name: "1x1", g: conv([3, 5, 4, 4], [7, 5, 1, 1]), bias: true },
  {
    name: "taps that only ever read padding",
    g: conv([2, 2, 1, 3], [3, 2, 5, 3], { stride: [4, 1], padding: [4, 4, 1, 1] }),
    bias: true,
  },
  {
    name: "mnist-ish 28x28x1->8",
    g: conv([2, 1, 28, 28], [8, 1, 3, 3], { padding: [1, 1, 1, 1] }),
    bias: true,
  },
  // over a million multiply-adds per product: threaded, and the packed layouts' ragged last tile/panel
  {
    name: "threaded, odd channels, ragged tiles",
    g: conv([3, 33, 14, 13], [18, 33, 3, 3], { padding: [1, 1, 1, 1] }),
    bias: true,
  },
  {
    name: "threaded, batch 1, stride 2, groups 3",
    g: conv([1, 27, 33, 31], [21, 9, 3, 3], { stride: [2, 2], padding: [1, 1, 1, 1], groups: 3 }),
    bias: true,
  },
];

const pool = (
  xShape: Pool2dGeometry["xShape"],
  kernel: [number, number],
  stride: [number, number],
  padding: [number, number] = [0, 0],
): Pool2dGeometry => ({ xShape, kernel, stride, padding });

export const poolCases: PoolCase[] = [
  { name: "2x2 stride 2", g: pool([2, 3, 8, 8], [2, 2], [2, 2]) },
  { name: "odd size, 2x2 stride 2", g: pool([1, 2, 7, 9], [2, 2], [2, 2]) },
  { name: "3x3 stride 2 pad 1", g: pool([2, 2, 9, 8], [3, 3], [2, 2], [1, 1]) },
  { name: "overlapping 3x3 stride 1", g: pool([1, 3, 6, 6], [3, 3], [1, 1]) },
  { name: "non-square", g: pool([2, 2, 7, 10], [2, 3], [1, 2], [1, 1]) },
  // padding, and the last windows hang over the bottom and right edges (clipped to the input)
  { name: "3x3 stride 2 pad 1, ragged edges", g: pool([2, 3, 11, 13], [3, 3], [2, 2], [1, 1]) },
  // 64K inputs: the gpu backend's WebAssembly pooling splits planes across its threads; an input that
  // wins several overlapping windows sums their dy, in one order per backend
  { name: "threaded, overlapping 3x3 stride 1", g: pool([4, 16, 32, 32], [3, 3], [1, 1]) },
];

/** Inputs of one case, drawn from its own seed. */
export function matmulInputs(c: MatmulCase, seed: number) {
  const { batch, m, k, n } = c.args;
  return { a: uniform(batch * m * k, seed), b: uniform(batch * k * n, seed + 1) };
}

export function convInputs(c: ConvCase, seed: number) {
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b);
  const out = convOutShape(c.g);
  return {
    x: uniform(size(c.g.xShape), seed),
    w: uniform(size(c.g.wShape), seed + 1),
    bias: c.bias ? uniform(c.g.wShape[0], seed + 2) : undefined,
    dy: uniform(size(out), seed + 3),
  };
}

export function convOutShape(g: Conv2dGeometry): [number, number, number, number] {
  const [n, , h, w] = g.xShape;
  const [o, , kh, kw] = g.wShape;
  const [t, b, l, r] = g.padding;
  const oh = Math.floor((h + t + b - g.dilation[0] * (kh - 1) - 1) / g.stride[0]) + 1;
  const ow = Math.floor((w + l + r - g.dilation[1] * (kw - 1) - 1) / g.stride[1]) + 1;
  return [n, o, oh, ow];
}

export function poolInputs(c: PoolCase, seed: number) {
  const [n, ch, h, w] = c.g.xShape;
  const oh = Math.floor((h + 2 * c.g.padding[0] - c.g.kernel[0]) / c.g.stride[0]) + 1;
  const ow = Math.floor((w + 2 * c.g.padding[1] - c.g.kernel[1]) / c.g.stride[1]) + 1;
  return { x: uniform(n * ch * h * w, seed), dy: uniform(n * ch * oh * ow, seed + 1) };
}
