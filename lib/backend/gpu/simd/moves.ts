// Data movement as WebAssembly, run on every thread: a table of strided 3-D moves, each
//
//   for i0 < n0, i1 < n1, i2 < n2:   dst[i0·ds0 + i1·ds1 + i2·ds2]  (=, = c +, +=, or = c)  src[i0·ss0 + i1·ss1 + i2·ss2]
//
// (strides in bytes). conv2d's im2col (and the zeros of its padding), col2im, dy's permutation and C's
// read-back into NCHW are each a table of such moves over WebAssembly memory, one or a few per tap or
// channel, so they run in the kernel's threads instead of as JavaScript loops on the calling thread (see
// conv2d.ts). Where the innermost run is contiguous on both sides (most of them: image rows), it moves
// four floats per instruction.
import { forLoop, f32, i32, op, v128, type WasmFunction } from "./wasm-bytes";

/** int32s per move in the table */
export const MOVE = 13;
/** dst = src */
export const COPY = 0;
/** dst = src + c (c: the move's float, e.g. a channel's bias) */
export const ADD_CONSTANT = 1;
/** dst += src (col2im: taps that land on the same input add up) */
export const ACCUMULATE = 2;
/** dst = c, src unread (im2col's padding: zeros) */
export const SET = 3;

// a move's fields, in int32s from its start
const [DST, SRC, MODE, CONSTANT, N0, DS0, SS0, N1, DS1, SS1, N2, DS2, SS2] = Array.from(
  { length: MOVE },
  (_, i) => i,
);

/** moves(table, first, last): runs moves [first, last) of the table at byte address `table`. */
export const movesFunction: WasmFunction = (() => {
  const [table, first, last] = [0, 1, 2];
  // i32 locals, then the move's constant as an f32 and in four lanes
  const [at, dst, src, mode, i0, i1, d1, s1, d2, s2, ds2, ss2, n2, left, wide] = Array.from(
    { length: 15 },
    (_, i) => 3 + i,
  );
  const [constant, lanes] = [18, 19];
  const field = (f: number) => [op.get(at), op.i32Load(4 * f)];
  const loop = (index: number, bound: number[], body: number[][]) => forLoop(index, op.i32(0), bound, body);
  const isMode = (m: number) => [op.get(mode), op.i32(m), op.eq];
  // the value stored at d2, by mode: scalar (f32) or four lanes (v128) with their loads and add
  const value = (ifType: number[], load: number[], add: number[], c: number[]) => [
    ...[...isMode(ACCUMULATE), ifType, op.get(d2), load, op.get(s2), load, add],
    ...[op.else_, ...isMode(ADD_CONSTANT), ifType, op.get(s2), load, c, add],
    ...[op.else_, ...isMode(SET), ifType, c, op.else_, op.get(s2), load, op.end],
    ...[op.end, op.end],
  ];
  const advance = (dBy: number[], sBy: number[], count: number) => [
    ...[op.get(d2), dBy, op.add, op.set(d2), op.get(s2), sBy, op.add, op.set(s2)],
    ...[op.get(left), op.i32(count), op.sub, op.set(left)],
  ];
  // a run of n2 elements: four at a time while it is contiguous, then one at a time
  const run = [
    op.get(n2),
    op.set(left),
    op.get(wide),
    op.if_,
    ...[op.block, op.loop, op.get(left), op.i32(4), op.ltS, op.brIf(1)],
    ...[op.get(d2), ...value(op.if_v128, op.loadUnaligned(0), op.f32x4Add, op.get(lanes))],
    ...[op.storeUnaligned(0), ...advance(op.i32(16), op.i32(16), 4), op.br(0), op.end, op.end],
    op.end,
    ...[op.block, op.loop, op.get(left), op.eqz, op.brIf(1)],
    ...[op.get(d2), ...value(op.if_f32, op.f32Load(0), op.f32Add, op.get(constant)), op.f32Store(0)],
    ...[...advance(op.get(ds2), op.get(ss2), 1), op.br(0), op.end, op.end],
  ];
  const move = [
    ...[...field(DST), op.set(dst), ...field(SRC), op.set(src), ...field(MODE), op.set(mode)],
    ...[...field(DS2), op.set(ds2), ...field(SS2), op.set(ss2), ...field(N2), op.set(n2)],
    ...[op.get(at), op.f32Load(4 * CONSTANT), op.tee(constant), op.f32x4Splat, op.set(lanes)],
    // contiguous: 4-byte steps in dst, and in src unless it is not read
    ...[op.get(ds2), op.i32(4), op.eq, op.get(ss2), op.i32(4), op.eq, ...isMode(SET), op.or, op.and],
    op.set(wide),
    ...loop(i0, field(N0).flat(), [
      [op.get(dst), op.get(i0), ...field(DS0), op.mul, op.add, op.set(d1)].flat(),
      [op.get(src), op.get(i0), ...field(SS0), op.mul, op.add, op.set(s1)].flat(),
      ...loop(i1, field(N1).flat(), [
        [op.get(d1), op.get(i1), ...field(DS1), op.mul, op.add, op.set(d2)].flat(),
        [op.get(s1), op.get(i1), ...field(SS1), op.mul, op.add, op.set(s2)].flat(),
        ...run,
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
  return {
    name: "moves",
    params: 3,
    locals: [
      [15, i32],
      [1, f32],
      [1, v128],
    ],
    body,
  };
})();
