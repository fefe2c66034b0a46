// conv2d and both gradients on the SIMD micro-kernel, with im2col written straight into its packed
// layouts in WebAssembly memory and the NCHW permutations folded into the packing and the read-back.
// The same three products as ../conv2d.ts (per group g; Q = (C/groups)·KH·KW taps, NP = N·OH·OW):
//
//   forward   Y[g]  (Og × NP) = W[g] · cols[g]      B = cols written by im2col as rows
//   dinput    dcols (Q × NP)  = W[g]ᵀ · dY[g]       B = dy's channels copied as rows; col2im reads C in place
//   dweight   dW[g] (Og × Q)  = dY[g] · cols[g]ᵀ    A = dy as row tiles, B = colsᵀ written by im2col as panels
//
// No column matrix, no permuted copy of dy and no flat copy of C exists outside WebAssembly memory: the
// inputs are copied in whole (one memcpy each), every rearrangement — im2col, dy's permutation, col2im,
// C into NCHW with the bias — is a table of strided moves (moves.ts) that the kernel's threads run, and
// the output is copied out whole.
import type { Conv2dGeometry } from "../../kernels";
import { inside, sizes } from "../conv2d";
import { copyOut, pack, packSteps, type SimdMatmul } from "./matmul";
import { takeStorageUnfilled } from "../../../storage-pool";
import * as microKernel from "./micro-kernel";
import { ACCUMULATE, ADD_CONSTANT, COPY, MOVE, SET } from "./moves";

// Copied into module constants: an imported binding can compile to a getter call (tsx's CommonJS
// output), which in the loops below measured 3× the loops' own time.
const ROWS = microKernel.ROWS;
const COLS = microKernel.COLS;
/** Moves shorter than this many elements in all run on the calling thread. */
const PARALLEL_MOVES = 1 << 15;

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

/** A table of moves (moves.ts), given in floats and written in bytes. */
class Moves {
  private readonly ints: Int32Array;
  private length = 0;
  private readonly bits = new Int32Array(1);
  private readonly float = new Float32Array(this.bits.buffer);
  elements = 0;

  /** room for `capacity` moves */
  constructor(capacity: number) {
    this.ints = new Int32Array(capacity * MOVE);
  }

  /**
   * dst[i0·ds0 + i1·ds1 + i2·ds2] (mode) src[i0·ss0 + i1·ss1 + i2·ss2] for i0 < n0, i1 < n1, i2 < n2;
   * offsets and strides in floats. Plain numbers, not tuples: this runs per tap and per channel.
   */
  add(
    dst: number,
    src: number,
    mode: number,
    constant: number,
    n0: number,
    ds0: number,
    ss0: number,
    n1: number,
    ds1: number,
    ss1: number,
    n2: number,
    ds2: number,
    ss2: number,
  ): void {
    this.float[0] = constant;
    const t = this.ints;
    const at = this.length;
    t[at] = 4 * dst;
    t[at + 1] = 4 * src;
    t[at + 2] = mode;
    t[at + 3] = this.bits[0];
    t[at + 4] = n0;
    t[at + 5] = 4 * ds0;
    t[at + 6] = 4 * ss0;
    t[at + 7] = n1;
    t[at + 8] = 4 * ds1;
    t[at + 9] = 4 * ss1;
    t[at + 10] = n2;
    t[at + 11] = 4 * ds2;
    t[at + 12] = 4 * ss2;
    this.length += MOVE;
    this.elements += n0 * n1 * n2;
  }

  run(simd: SimdMatmul, at: number, chunk = 1): void {
    simd.moves(this.ints.subarray(0, this.length), at, chunk, this.elements >= PARALLEL_MOVES);
  }
}

/**
 * im2col for group t as moves, per tap: x (copied to `xAt`) into rows (forward: B = cols, k = Q,
 * heap[at + tap·stride + j]) or into Bᵀ panels (dweight: B = colsᵀ, k = NP, heap[at + (tap >> 3)·NP·8 +
 * j·8 + (tap & 7)]). Each tap copies the outputs whose input is inside the image and writes 0 at the
 * others (the padding): up to four SET moves around the copied rectangle, so nothing else is zeroed.
 */
function im2colMoves(
  at: number,
  stride: number,
  xAt: number,
  g: Conv2dGeometry,
  s: Sizes,
  taps: Taps,
  t: number,
  transposed: boolean,
): Moves {
  const moves = new Moves(5 * s.q);
  const step = transposed ? COLS : 1;
  for (let tap = 0; tap < s.q; tap++) {
    const [oy0, oy1, ox0, ox1] = [taps.oy0[tap], taps.oy1[tap], taps.ox0[tap], taps.ox1[tap]];
    const row = transposed ? at + (tap >> 3) * s.np * COLS + (tap & 7) : at + tap * stride;
    const plane = xAt + (t * s.cg + taps.channel[tap]) * s.h * s.w;
    moves.add(
      row + (oy0 * s.ow + ox0) * step,
      plane + (oy0 * g.stride[0] + taps.dy[tap]) * s.w + ox0 * g.stride[1] + taps.dx[tap],
      COPY,
      0,
      s.n,
      s.p * step,
      s.c * s.h * s.w,
      oy1 - oy0,
      s.ow * step,
      g.stride[0] * s.w,
      ox1 - ox0,
      step,
      g.stride[1],
    );
    // zeros in rows [y0, y1) × columns [x0, x1) of every image's output grid
    const zeros = (y0: number, y1: number, x0: number, x1: number) => {
      if (y1 > y0 && x1 > x0)
        moves.add(
          row + (y0 * s.ow + x0) * step,
          0,
          SET,
          0,
          s.n,
          s.p * step,
          0,
          y1 - y0,
          s.ow * step,
          0,
          x1 - x0,
          step,
          0,
        );
    };
    zeros(0, oy0, 0, s.ow);
    zeros(oy1, s.oh, 0, s.ow);
    zeros(oy0, oy1, 0, ox0);
    zeros(oy0, oy1, ox1, s.ow);
  }
  return moves;
}

/** The floats of a region rounded up to whole 16-byte vectors, so the next region stays aligned. */
const aligned = (floats: number) => Math.ceil(floats / 4) * 4;

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
      // scratch: x, the move table, then y (NCHW)
      const xLen = aligned(x.length);
      const tableLen = aligned(Math.max(5 * s.q, s.og) * MOVE);
      const yLen = s.n * s.o * s.p;
      let y: Float32Array = new Float32Array(0);
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.q,
        n: s.np,
        scratch: xLen + tableLen + yLen,
        packA: (heap, at, t) =>
          pack(heap, at, w.subarray(t * s.og * s.q, (t + 1) * s.og * s.q), s.og, s.q, ROWS),
        bRows: true,
        packB: (heap, at, t, stride, scratch) => {
          if (t === 0) heap.set(x, scratch);
          im2colMoves(at, stride, scratch, g, s, taps, t, false).run(simd, scratch + xLen);
        },
        // C[o][n·P + pos] → y[n][t·Og + o][pos], plus the channel's bias: the NCHW permutation as the read
        readC: (heap, cAt, cStride, t, scratch) => {
          const yAt = scratch + xLen + tableLen;
          const moves = new Moves(s.og);
          for (let o = 0; o < s.og; o++) {
            const channel = t * s.og + o;
            moves.add(
              yAt + channel * s.p,
              cAt + o * cStride,
              bias ? ADD_CONSTANT : COPY,
              bias ? bias[channel] : 0,
              s.n,
              s.o * s.p,
              s.p,
              1,
              0,
              0,
              s.p,
              1,
              1,
            );
          }
          moves.run(simd, scratch + xLen);
          if (t === g.groups - 1) y = copyOut(heap, yAt, yLen);
        },
      });
      return y;
    },
    conv2dInputGrad(dy: Float32Array, w: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const taps = tapsOf(g, s);
      // col2im adds taps that land on the same input: each thread's moves cover whole images, which it
      // zeroes first
      const blocks = Math.min(s.n, 16);
      // scratch: dy, the move table, then dx (NCHW)
      const dyLen = aligned(dy.length);
      const tableLen = aligned(Math.max(s.og, blocks * (s.q + 1)) * MOVE);
      const dxLen = s.n * s.c * s.h * s.w;
      let dx: Float32Array = new Float32Array(0);
      simd.packed({
        batch: g.groups,
        m: s.q,
        k: s.og,
        n: s.np,
        scratch: dyLen + tableLen + dxLen,
        // A = W[g]ᵀ: W[g] is stored Og × Q, step by step for A's Q lines
        packA: (heap, at, t) =>
          packSteps(heap, at, w.subarray(t * s.og * s.q, (t + 1) * s.og * s.q), s.q, s.og, ROWS),
        // B = dY[g] as rows: channel o of every image, one move
        bRows: true,
        packB: (heap, at, t, stride, scratch) => {
          if (t === 0) heap.set(dy, scratch);
          const moves = new Moves(s.og);
          for (let o = 0; o < s.og; o++)
            moves.add(
              at + o * stride,
              scratch + (t * s.og + o) * s.p,
              COPY,
              0,
              s.n,
              s.p,
              s.o * s.p,
              1,
              0,
              0,
              s.p,
              1,
              1,
            );
          moves.run(simd, scratch + dyLen);
        },
        // col2im straight from C (Q × NP): dx[n][t·Cg + c][oy·sh + dy][ox·sw + dx] += C[tap][n·P + oy·OW + ox]
        readC: (heap, cAt, cStride, t, scratch) => {
          const dxAt = scratch + dyLen + tableLen;
          const moves = new Moves(blocks * (s.q + 1));
          for (let b = 0; b < blocks; b++) {
            const [n0, n1] = [Math.floor((b * s.n) / blocks), Math.floor(((b + 1) * s.n) / blocks)];
            // first zeros over the block's planes of this group, on the thread that adds into them next
            const planes = dxAt + (n0 * s.c + t * s.cg) * s.h * s.w;
            moves.add(planes, 0, SET, 0, n1 - n0, s.c * s.h * s.w, 0, s.cg, s.h * s.w, 0, s.h * s.w, 1, 0);
            for (let tap = 0; tap < s.q; tap++) {
              const oy0 = taps.oy0[tap];
              const ox0 = taps.ox0[tap];
              moves.add(
                dxAt +
                  (n0 * s.c + t * s.cg + taps.channel[tap]) * s.h * s.w +
                  (oy0 * g.stride[0] + taps.dy[tap]) * s.w +
                  ox0 * g.stride[1] +
                  taps.dx[tap],
                cAt + tap * cStride + n0 * s.p + oy0 * s.ow + ox0,
                ACCUMULATE,
                0,
                n1 - n0,
                s.c * s.h * s.w,
                s.p,
                taps.oy1[tap] - oy0,
                g.stride[0] * s.w,
                s.ow,
                taps.ox1[tap] - ox0,
                g.stride[1],
                1,
              );
            }
          }
          moves.run(simd, scratch + dyLen, s.q + 1);
          if (t === g.groups - 1) dx = copyOut(heap, dxAt, dxLen);
        },
      });
      return dx;
    },
    conv2dWeightGrad(x: Float32Array, dy: Float32Array, g: Conv2dGeometry): Float32Array {
      const s = sizes(g);
      const taps = tapsOf(g, s);
      // scratch: dy, x, the move table
      const [dyLen, xLen] = [aligned(dy.length), aligned(x.length)];
      const dw = takeStorageUnfilled("float32", s.o * s.q) as Float32Array; // readC writes every element
      simd.packed({
        batch: g.groups,
        m: s.og,
        k: s.np,
        n: s.q,
        scratch: dyLen + xLen + aligned(Math.max(s.og, 5 * s.q) * MOVE),
        // A = dY[g] (Og × NP) as row tiles: heap[at + (o >> 2)·NP·4 + j·4 + (o & 3)]
        packA: (heap, at, t, scratch) => {
          if (t === 0) {
            heap.set(dy, scratch);
            heap.set(x, scratch + dyLen);
          }
          const moves = new Moves(s.og);
          for (let o = 0; o < s.og; o++)
            moves.add(
              at + (o >> 2) * s.np * ROWS + (o & 3),
              scratch + (t * s.og + o) * s.p,
              COPY,
              0,
              s.n,
              s.p * ROWS,
              s.o * s.p,
              1,
              0,
              0,
              s.p,
              ROWS,
              1,
            );
          moves.run(simd, scratch + dyLen + xLen);
        },
        packB: (heap, at, t, _stride, scratch) => {
          im2colMoves(at, 0, scratch + dyLen, g, s, taps, t, true).run(simd, scratch + dyLen + xLen);
        },
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
