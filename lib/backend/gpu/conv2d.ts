// conv2d and both gradients as three matrix products (im2col), so all the arithmetic runs in the
// backend's fast matmul. Per group g, with Q = (C/groups)·KH·KW taps and NP = N·OH·OW output positions:
//
//   cols[g]  (Q × NP)   column (n, oy, ox) lists the inputs under that output's window (0 in padding)
//   forward   Y[g]  (Og × NP) = W[g] · cols[g]          W[g] is the weights of group g, Og × Q
//   dinput    dcols (Q × NP)  = W[g]ᵀ · dY[g]           then col2im adds each column back onto x
//   dweight   dW[g] (Og × Q)  = dY[g] · cols[g]ᵀ
//
// im2col, col2im and the NCHW ↔ (O × NP) permutations move data without arithmetic and run in plain JS.
import { convOutputSize, type Conv2dGeometry, type MatmulArgs } from "../kernels";

export type Matmul32 = (args: MatmulArgs & { a: Float32Array; b: Float32Array }) => Float32Array;

/** The sizes of a convolution's three products (shared with simd/conv2d.ts). */
export function sizes(g: Conv2dGeometry) {
  const [n, c, h, w] = g.xShape;
  const [o, cg, kh, kw] = g.wShape;
  const [oh, ow] = convOutputSize(g);
  return {
    n,
    c,
    h,
    w,
    o,
    cg,
    kh,
    kw,
    oh,
    ow,
    og: o / g.groups,
    q: cg * kh * kw,
    p: oh * ow,
    np: n * oh * ow,
  };
}

/** The outputs o in [lo, hi) whose input index o·stride + offset lands inside [0, size). */
export function inside(size: number, outputs: number, stride: number, offset: number): [number, number] {
  const lo = Math.min(outputs, Math.max(0, Math.ceil(-offset / stride)));
  const hi = Math.min(outputs, Math.floor((size - 1 - offset) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * Walks every (column row, input row) pair of im2col: copies x into cols (`toCols`), or adds cols
 * back into x (col2im, the adjoint). Taps that land in the padding are skipped: cols holds 0 there.
 */
function patches(x: Float32Array, cols: Float32Array, g: Conv2dGeometry, toCols: boolean): void {
  const s = sizes(g);
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [padTop, , padLeft] = g.padding;
  for (let group = 0; group < g.groups; group++) {
    for (let c = 0; c < s.cg; c++) {
      for (let i = 0; i < s.kh; i++) {
        const [oy0, oy1] = inside(s.h, s.oh, sh, i * dh - padTop);
        for (let j = 0; j < s.kw; j++) {
          const offset = j * dw - padLeft;
          const [ox0, ox1] = inside(s.w, s.ow, sw, offset);
          const row = (group * s.q + (c * s.kh + i) * s.kw + j) * s.np;
          for (let n = 0; n < s.n; n++) {
            const plane = (n * s.c + group * s.cg + c) * s.h * s.w;
            for (let oy = oy0; oy < oy1; oy++) {
              const src = plane + (oy * sh + i * dh - padTop) * s.w + offset;
              const dst = row + n * s.p + oy * s.ow;
              if (toCols) for (let ox = ox0; ox < ox1; ox++) cols[dst + ox] = x[src + ox * sw];
              else for (let ox = ox0; ox < ox1; ox++) x[src + ox * sw] += cols[dst + ox];
            }
          }
        }
      }
    }
  }
}

function col2im(cols: Float32Array, g: Conv2dGeometry): Float32Array {
  const s = sizes(g);
  const x = new Float32Array(s.n * s.c * s.h * s.w);
  patches(x, cols, g, false);
  return x;
}

/** [O][N·P] → [N][O][P] (+ bias per channel). */
function toNCHW(y: Float32Array, s: ReturnType<typeof sizes>, bias?: Float32Array): Float32Array {
  const out = new Float32Array(s.n * s.o * s.p);
  for (let o = 0; o < s.o; o++) {
    const b = bias ? bias[o] : 0;
    for (let n = 0; n < s.n; n++) {
      const src = o * s.np + n * s.p;
      const dst = (n * s.o + o) * s.p;
      for (let p = 0; p < s.p; p++) out[dst + p] = y[src + p] + b;
    }
  }
  return out;
}

/** [N][O][P] → [O][N·P]. */
function fromNCHW(dy: Float32Array, s: ReturnType<typeof sizes>): Float32Array {
  const out = new Float32Array(s.o * s.np);
  for (let n = 0; n < s.n; n++)
    for (let o = 0; o < s.o; o++)
      out.set(dy.subarray((n * s.o + o) * s.p, (n * s.o + o + 1) * s.p), o * s.np + n * s.p);
  return out;
}

export function convViaMatmul(matmul: Matmul32) {
  // The columns only live until the matmul has copied them into its own memory, so one buffer is
  // reused: tens of MB per call otherwise, each fresh allocation faulted in page by page and collected.
  let scratch = new Float32Array(0);
  const columns = (x: Float32Array, g: Conv2dGeometry) => {
    const s = sizes(g);
    const size = g.groups * s.q * s.np;
    if (scratch.length < size) scratch = new Float32Array(size);
    const cols = scratch.subarray(0, size).fill(0); // padding taps are never written: they stay 0
    patches(x, cols, g, true);
    return cols;
  };
  return {
    conv2d(
      x: Float32Array,
      w: Float32Array,
      bias: Float32Array | undefined,
      g: Conv2dGeometry,
    ): Float32Array {
      const s = sizes(g);
      const y = matmul({ a: w, b: columns(x, g), batch: g.groups, m: s.og, k: s.q, n: s.np });
      return toNCHW(y, s, bias);
    },
    conv2dInputGrad(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const dcols = matmul({
        a: w,
        b: fromNCHW(dy, s),
        batch: g.groups,
        m: s.q,
        k: s.og,
        n: s.np,
        transA: true,
      });
      return col2im(dcols, g);
    },
    conv2dWeightGrad(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      return matmul({
        a: fromNCHW(dy, s),
        b: columns(x, g),
        batch: g.groups,
        m: s.og,
        k: s.np,
        n: s.q,
        transB: true,
      });
    },
  };
}
