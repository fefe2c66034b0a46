// conv2d and both gradients on the SIMD micro-kernel, with im2col written straight into its packed
// layouts in WebAssembly memory and the NCHW permutations folded into the packing and the read-back.
// The same three products as ../conv2d.ts (per group g; Q = (C/groups)·KH·KW taps, NP = N·OH·OW):
//
//   forward   Y[g]  (Og × NP) = W[g] · cols[g]      B = cols written by im2col as panels
//   dinput    dcols (Q × NP)  = W[g]ᵀ · dY[g]       B = dy read from NCHW as panels; col2im reads C in place
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
 * im2col for one group into B panels: heap[at + (j >> 3)·Q·8 + tap·8 + (j & 7)] = cols[tap][j] (forward:
 * B = cols, k = Q), or into Bᵀ panels heap[at + (tap >> 3)·NP·8 + j·8 + (tap & 7)] (dweight: B = colsᵀ,
 * k = NP) when `transposed`. Padding taps are written as 0. One image at a time, tap by tap, each row
 * of the window read in one run: the image and the panels it writes stay in cache.
 */
function im2colPanels(
  heap: Float32Array,
  at: number,
  x: Float32Array,
  g: Conv2dGeometry,
  s: Sizes,
  group: number,
  transposed: boolean,
): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [padTop, , padLeft] = g.padding;
  const ow = s.ow;
  const panelSize = transposed ? s.np * COLS : s.q * COLS;
  for (let n = 0; n < s.n; n++) {
    for (let c = 0; c < s.cg; c++) {
      const plane = (n * s.c + group * s.cg + c) * s.h * s.w;
      for (let i = 0; i < s.kh; i++) {
        const [oy0, oy1] = inside(s.h, s.oh, sh, i * dh - padTop);
        for (let jj = 0; jj < s.kw; jj++) {
          const tap = (c * s.kh + i) * s.kw + jj;
          const offset = jj * dw - padLeft;
          const [ox0, ox1] = inside(s.w, ow, sw, offset);
          for (let oy = 0; oy < s.oh; oy++) {
            const j0 = n * s.p + oy * ow;
            const src = plane + (oy * sh + i * dh - padTop) * s.w + offset;
            // columns [a, b) read the image, the rest of the row is padding
            const a = oy >= oy0 && oy < oy1 ? ox0 : ow;
            const b = oy >= oy0 && oy < oy1 ? ox1 : ow;
            if (transposed) {
              // column j of this tap goes to base + j·8
              const base = at + (tap >> 3) * panelSize + (tap & 7) + j0 * COLS;
              for (let ox = 0; ox < a; ox++) heap[base + ox * COLS] = 0;
              for (let ox = a; ox < b; ox++) heap[base + ox * COLS] = x[src + ox * sw];
              for (let ox = b; ox < ow; ox++) heap[base + ox * COLS] = 0;
            } else {
              // column j of this tap goes to (j >> 3)·panelSize + (j & 7)
              const base = at + tap * COLS;
              for (let ox = 0, j = j0; ox < ow; ox++, j++)
                heap[base + (j >> 3) * panelSize + (j & 7)] = ox >= a && ox < b ? x[src + ox * sw] : 0;
            }
          }
        }
      }
    }
  }
}

/**
 * im2col for one group as rows: heap[at + tap·stride + j] = cols[tap][j], each window row copied as one
 * run (the loop of ../conv2d.ts's patches, into WebAssembly memory). Padding taps are written as 0.
 */
function im2colRows(
  heap: Float32Array,
  at: number,
  stride: number,
  x: Float32Array,
  g: Conv2dGeometry,
  s: Sizes,
  group: number,
): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [padTop, , padLeft] = g.padding;
  const ow = s.ow;
  for (let c = 0; c < s.cg; c++) {
    for (let i = 0; i < s.kh; i++) {
      const [oy0, oy1] = inside(s.h, s.oh, sh, i * dh - padTop);
      for (let jj = 0; jj < s.kw; jj++) {
        const row = at + ((c * s.kh + i) * s.kw + jj) * stride;
        const offset = jj * dw - padLeft;
        const [ox0, ox1] = inside(s.w, ow, sw, offset);
        for (let n = 0; n < s.n; n++) {
          const plane = (n * s.c + group * s.cg + c) * s.h * s.w;
          for (let oy = 0; oy < s.oh; oy++) {
            const dst = row + n * s.p + oy * ow;
            if (oy < oy0 || oy >= oy1) {
              for (let ox = 0; ox < ow; ox++) heap[dst + ox] = 0;
              continue;
            }
            const src = plane + (oy * sh + i * dh - padTop) * s.w + offset;
            for (let ox = 0; ox < ox0; ox++) heap[dst + ox] = 0;
            for (let ox = ox0; ox < ox1; ox++) heap[dst + ox] = x[src + ox * sw];
            for (let ox = ox1; ox < ow; ox++) heap[dst + ox] = 0;
          }
        }
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
  group: number,
): void {
  const [sh, sw] = g.stride;
  const [dh, dw] = g.dilation;
  const [padTop, , padLeft] = g.padding;
  for (let n = 0; n < s.n; n++) {
    for (let c = 0; c < s.cg; c++) {
      const plane = (n * s.c + group * s.cg + c) * s.h * s.w;
      for (let i = 0; i < s.kh; i++) {
        const [oy0, oy1] = inside(s.h, s.oh, sh, i * dh - padTop);
        for (let jj = 0; jj < s.kw; jj++) {
          const tap = (c * s.kh + i) * s.kw + jj;
          const offset = jj * dw - padLeft;
          const [ox0, ox1] = inside(s.w, s.ow, sw, offset);
          for (let oy = oy0; oy < oy1; oy++) {
            const src = cAt + tap * cStride + n * s.p + oy * s.ow;
            const dst = plane + (oy * sh + i * dh - padTop) * s.w + offset;
            for (let ox = ox0; ox < ox1; ox++) dx[dst + ox * sw] += heap[src + ox];
          }
        }
      }
    }
  }
}

/**
 * dy[g] (NCHW, channels g·Og …) as the Og × NP matrix, packed as A row tiles (ROWS lanes, k = NP) or
 * as B panels (COLS lanes of j, k = Og).
 */
function packDy(
  heap: Float32Array,
  at: number,
  dy: Float32Array,
  s: Sizes,
  group: number,
  asA: boolean,
): void {
  for (let n = 0; n < s.n; n++) {
    for (let o = 0; o < s.og; o++) {
      const src = (n * s.o + group * s.og + o) * s.p;
      if (asA) {
        const dst = at + (o >> 2) * s.np * ROWS + (o & 3) + n * s.p * ROWS;
        for (let pos = 0; pos < s.p; pos++) heap[dst + pos * ROWS] = dy[src + pos];
      } else {
        const panelSize = s.og * COLS;
        for (let pos = 0, j = n * s.p; pos < s.p; pos++, j++)
          heap[at + (j >> 3) * panelSize + o * COLS + (j & 7)] = dy[src + pos];
      }
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
      const y = new Float32Array(s.n * s.o * s.p);
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.q,
        n: s.np,
        packA: (heap, at, t) =>
          pack(heap, at, w.subarray(t * s.og * s.q, (t + 1) * s.og * s.q), s.og, s.q, ROWS),
        bRows: true,
        packB: (heap, at, t, stride) => im2colRows(heap, at, stride, x, g, s, t),
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
        readC: (heap, cAt, cStride, t) => col2imFromC(dx, heap, cAt, cStride, g, s, t),
      });
      return dx;
    },
    conv2dWeightGrad(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const dw = new Float32Array(s.o * s.q);
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.np,
        n: s.q,
        packA: (heap, at, t) => packDy(heap, at, dy, s, t, true),
        packB: (heap, at, t) => im2colPanels(heap, at, x, g, s, t, true),
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
