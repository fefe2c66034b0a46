// conv2d and both gradients on the SIMD micro-kernel, with im2col written straight into its packed
// layouts in WebAssembly memory and the NCHW permutations folded into the packing and the read-back.
// The same three products as ../conv2d.ts (per group g; Q = (C/groups)·KH·KW taps, NP = N·OH·OW):
//
//   forward   Y[g]  (Og × NP) = W[g] · cols[g]      B = cols written by im2col as rows
//   dinput    dcols (Q × NP)  = W[g]ᵀ · dY[g]       B = dy's channels copied as rows; col2im reads C in place
//   dweight   dW[g] (Og × Q)  = dY[g] · cols[g]ᵀ    A = dy as row tiles, B = colsᵀ written by im2col as panels
//
// No column matrix, no permuted copy of dy and no flat copy of C exists outside WebAssembly memory: each
// value is written once where the kernel reads it, and the result is read once into the output tensor.
import type { Conv2dGeometry } from "../../kernels";
import { inside, sizes } from "../conv2d";
import { pack, packSteps, type SimdMatmul } from "./matmul";
import * as microKernel from "./micro-kernel";

// Copied into module constants: an imported binding can compile to a getter call (tsx's CommonJS
// output), which in the loops below measured 3× the loops' own time.
const ROWS = microKernel.ROWS;
const COLS = microKernel.COLS;

type Sizes = ReturnType<typeof sizes>;

/**
 * Each tap (c, i, j) of the window, in cols' row order: the offset of its input row and column from an
 * output's (oy·stride − padTop + i·dilation, likewise for x), its channel, and the output rows [oy0, oy1)
 * and columns [ox0, ox1) whose input it lands inside (the others read padding). Computed once per call,
 * so the loops below allocate nothing per tap.
 */
function tapsOf(g: Conv2dGeometry, s: Sizes) {
  const t = {
    channel: new Int32Array(s.q),
    dy: new Int32Array(s.q),
    dx: new Int32Array(s.q),
    oy0: new Int32Array(s.q),
    oy1: new Int32Array(s.q),
    ox0: new Int32Array(s.q),
    ox1: new Int32Array(s.q),
  };
  for (let c = 0, tap = 0; c < s.cg; c++)
    for (let i = 0; i < s.kh; i++)
      for (let j = 0; j < s.kw; j++, tap++) {
        t.channel[tap] = c;
        t.dy[tap] = i * g.dilation[0] - g.padding[0];
        t.dx[tap] = j * g.dilation[1] - g.padding[2];
        [t.oy0[tap], t.oy1[tap]] = inside(s.h, s.oh, g.stride[0], t.dy[tap]);
        [t.ox0[tap], t.ox1[tap]] = inside(s.w, s.ow, g.stride[1], t.dx[tap]);
      }
  return t;
}
type Taps = ReturnType<typeof tapsOf>;

/**
 * im2col for one group, as rows (forward: B = cols, k = Q, heap[at + tap·stride + j] = cols[tap][j]) or as
 * Bᵀ panels (dweight: B = colsᵀ, k = NP, heap[at + (tap >> 3)·NP·8 + j·8 + (tap & 7)] = cols[tap][j]).
 * Padding taps are written as 0. Image by image (it stays in cache), tap by tap, each output row's
 * window row read in one run.
 */
function im2col(
  heap: Float32Array,
  at: number,
  stride: number,
  x: Float32Array,
  g: Conv2dGeometry,
  s: Sizes,
  taps: Taps,
  group: number,
  transposed: boolean,
): void {
  const [sh, sw] = [g.stride[0], g.stride[1]];
  const ow = s.ow;
  // where column j of a tap goes: rows: row + j; panels: row + j·8
  const step = transposed ? COLS : 1;
  for (let n = 0; n < s.n; n++) {
    for (let tap = 0; tap < s.q; tap++) {
      const row = transposed ? at + (tap >> 3) * s.np * COLS + (tap & 7) : at + tap * stride;
      const [ox0, ox1] = [taps.ox0[tap], taps.ox1[tap]];
      const plane = (n * s.c + group * s.cg + taps.channel[tap]) * s.h * s.w;
      for (let oy = 0; oy < s.oh; oy++) {
        const dst = row + (n * s.p + oy * ow) * step;
        // columns [a, b) read the image, the rest of the row is padding
        const inRow = oy >= taps.oy0[tap] && oy < taps.oy1[tap];
        const a = inRow ? ox0 : ow;
        const b = inRow ? ox1 : ow;
        const src = plane + (oy * sh + taps.dy[tap]) * s.w + taps.dx[tap];
        for (let ox = 0; ox < a; ox++) heap[dst + ox * step] = 0;
        for (let ox = a; ox < b; ox++) heap[dst + ox * step] = x[src + ox * sw];
        for (let ox = b; ox < ow; ox++) heap[dst + ox * step] = 0;
      }
    }
  }
}

/** col2im for one group, straight from C (Q × NP, rows cStride apart) in WebAssembly memory: dx += cols. */
function col2imFromC(
  dx: Float32Array,
  heap: Float32Array,
  cAt: number,
  cStride: number,
  g: Conv2dGeometry,
  s: Sizes,
  taps: Taps,
  group: number,
): void {
  const [sh, sw] = [g.stride[0], g.stride[1]];
  for (let n = 0; n < s.n; n++) {
    for (let tap = 0; tap < s.q; tap++) {
      const plane = (n * s.c + group * s.cg + taps.channel[tap]) * s.h * s.w;
      const [ox0, ox1] = [taps.ox0[tap], taps.ox1[tap]];
      for (let oy = taps.oy0[tap]; oy < taps.oy1[tap]; oy++) {
        const src = cAt + tap * cStride + n * s.p + oy * s.ow;
        const dst = plane + (oy * sh + taps.dy[tap]) * s.w + taps.dx[tap];
        for (let ox = ox0; ox < ox1; ox++) dx[dst + ox * sw] += heap[src + ox];
      }
    }
  }
}

/** dy[g] (NCHW, channels g·Og …) as the Og × NP matrix, packed as A row tiles (ROWS lanes, k = NP). */
function packDy(heap: Float32Array, at: number, dy: Float32Array, s: Sizes, group: number): void {
  for (let n = 0; n < s.n; n++) {
    for (let o = 0; o < s.og; o++) {
      const src = (n * s.o + group * s.og + o) * s.p;
      const dst = at + (o >> 2) * s.np * ROWS + (o & 3) + n * s.p * ROWS;
      for (let pos = 0; pos < s.p; pos++) heap[dst + pos * ROWS] = dy[src + pos];
    }
  }
}

export function convOnSimd(simd: SimdMatmul) {
  return {
    conv2d(
      x: Float32Array,
      w: Float32Array,
      bias: Float32Array | undefined,
      g: Conv2dGeometry,
    ): Float32Array {
      const s = sizes(g);
      const taps = tapsOf(g, s);
      const y = new Float32Array(s.n * s.o * s.p);
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.q,
        n: s.np,
        packA: (heap, at, t) =>
          pack(heap, at, w.subarray(t * s.og * s.q, (t + 1) * s.og * s.q), s.og, s.q, ROWS),
        bRows: true,
        packB: (heap, at, t, stride) => im2col(heap, at, stride, x, g, s, taps, t, false),
        // C[o][n·P + pos] → y[n][t·Og + o][pos], plus the channel's bias: the NCHW permutation as the read
        readC: (heap, cAt, cStride, t) => {
          for (let o = 0; o < s.og; o++) {
            const b = bias ? bias[t * s.og + o] : 0;
            for (let n = 0; n < s.n; n++) {
              const src = cAt + o * cStride + n * s.p;
              const dst = (n * s.o + t * s.og + o) * s.p;
              for (let pos = 0; pos < s.p; pos++) y[dst + pos] = heap[src + pos] + b;
            }
          }
        },
      });
      return y;
    },
    conv2dInputGrad(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const taps = tapsOf(g, s);
      const dx = new Float32Array(s.n * s.c * s.h * s.w);
      simd.packed({
        batch: g.groups,
        m: s.q,
        k: s.og,
        n: s.np,
        // A = W[g]ᵀ: W[g] is stored Og × Q, step by step for A's Q lines
        packA: (heap, at, t) =>
          packSteps(heap, at, w.subarray(t * s.og * s.q, (t + 1) * s.og * s.q), s.q, s.og, ROWS),
        // B = dY[g] as rows: each (image, channel) plane of dy is one copy
        bRows: true,
        packB: (heap, at, t, stride) => {
          for (let n = 0; n < s.n; n++)
            for (let o = 0; o < s.og; o++) {
              const src = (n * s.o + t * s.og + o) * s.p;
              const dst = at + o * stride + n * s.p;
              for (let pos = 0; pos < s.p; pos++) heap[dst + pos] = dy[src + pos];
            }
        },
        readC: (heap, cAt, cStride, t) => col2imFromC(dx, heap, cAt, cStride, g, s, taps, t),
      });
      return dx;
    },
    conv2dWeightGrad(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const taps = tapsOf(g, s);
      const dw = new Float32Array(s.o * s.q);
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.np,
        n: s.q,
        packA: (heap, at, t) => packDy(heap, at, dy, s, t),
        packB: (heap, at, t) => im2col(heap, at, 0, x, g, s, taps, t, true),
        readC: (heap, cAt, cStride, t) => {
          for (let o = 0; o < s.og; o++)
            for (let tap = 0; tap < s.q; tap++)
              dw[(t * s.og + o) * s.q + tap] = heap[cAt + o * cStride + tap];
        },
      });
      return dw;
    },
  };
}
