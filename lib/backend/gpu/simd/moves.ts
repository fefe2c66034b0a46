// Data movement as WebAssembly, run on every thread: a table of strided 3-D moves, each
//
//   for i0 < n0, i1 < n1, i2 < n2:   dst[i0·ds0 + i1·ds1 + i2·ds2]  (=, = c +, or +=)  src[i0·ss0 + i1·ss1 + i2·ss2]
//
// (strides in bytes). conv2d's im2col, col2im, dy's permutation and C's read-back into NCHW are each a
// table of such moves over WebAssembly memory, one or a few per tap or channel, so they run in the
// kernel's threads instead of as JavaScript loops on the calling thread (see conv2d.ts).
import { forLoop, i32, op, type WasmFunction } from "./wasm-bytes";

/** int32s per move in the table */
export const MOVE = 13;
/** dst = src */
export const COPY = 0;
/** dst = src + c (c: the move's float, e.g. a channel's bias) */
export const ADD_CONSTANT = 1;
/** dst += src (col2im: taps that land on the same input add up) */
export const ACCUMULATE = 2;

// a move's fields, in int32s from its start
const [DST, SRC, MODE, CONSTANT, N0, DS0, SS0, N1, DS1, SS1, N2, DS2, SS2] = Array.from(
  { length: MOVE },
  (_, i) => i,
);

/** moves(table, first, last): runs moves [first, last) of the table at byte address `table`. */
export const movesFunction: WasmFunction = (() => {
  const [table, first, last] = [0, 1, 2];
  // i32 locals
  const [at, dst, src, mode, i0, i1, i2, d1, s1, d2, s2, ds2, ss2, n2] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
  ];
  const field = (f: number) => [op.get(at), op.i32Load(4 * f)];
  const loop = (index: number, bound: number[], body: number[][]) => forLoop(index, op.i32(0), bound, body);
  // the innermost loop: one element, then d2 += ds2, s2 += ss2
  const element = [
    op.get(d2),
    op.get(mode),
    op.i32(ACCUMULATE),
    op.eq,
    op.if_f32,
    op.get(d2),
    op.f32Load(0),
    op.get(s2),
    op.f32Load(0),
    op.f32Add,
    op.else_,
    op.get(mode),
    op.i32(ADD_CONSTANT),
    op.eq,
    op.if_f32,
    ...[op.get(s2), op.f32Load(0), op.get(at), op.f32Load(4 * CONSTANT), op.f32Add],
    op.else_,
    ...[op.get(s2), op.f32Load(0)],
    op.end,
    op.end,
    op.f32Store(0),
    ...[op.get(d2), op.get(ds2), op.add, op.set(d2)],
    ...[op.get(s2), op.get(ss2), op.add, op.set(s2)],
  ];
  const move = [
    ...[...field(DST), op.set(dst), ...field(SRC), op.set(src), ...field(MODE), op.set(mode)],
    ...[...field(DS2), op.set(ds2), ...field(SS2), op.set(ss2), ...field(N2), op.set(n2)],
    ...loop(i0, field(N0).flat(), [
      [op.get(dst), op.get(i0), ...field(DS0), op.mul, op.add, op.set(d1)].flat(),
      [op.get(src), op.get(i0), ...field(SS0), op.mul, op.add, op.set(s1)].flat(),
      ...loop(i1, field(N1).flat(), [
        [op.get(d1), op.get(i1), ...field(DS1), op.mul, op.add, op.set(d2)].flat(),
        [op.get(s1), op.get(i1), ...field(SS1), op.mul, op.add, op.set(s2)].flat(),
        ...loop(i2, op.get(n2), element),
      ]),
    ]),
  ];
  // for (d = first; d < last; d++) { at = table + d·MOVE·4; move }
  const body = [
    op.block,
    op.loop,
    op.get(first),
    op.get(last),
    op.geU,
    op.brIf(1),
    ...[op.get(table), op.get(first), op.i32(4 * MOVE), op.mul, op.add, op.set(at)],
    ...move,
    ...[op.get(first), op.i32(1), op.add, op.set(first)],
    op.br(0),
    op.end,
    op.end,
  ];
  return { name: "moves", params: 3, locals: [[14, i32]], body };
})();
