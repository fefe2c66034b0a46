// The matmul micro-kernel, written as WebAssembly SIMD by hand.
//
// Why by hand: gpu.js's generated WebAssembly computes one output per thread and re-reads A and B for
// each, ~0.7 GFLOP/s here. The classic BLAS shape keeps a ROWS × (4·VECS) block of C in registers
// while it streams through k, so each loaded value feeds several multiply-adds:
//
//   for p in 0..k:                          A is packed so a row tile's column p is ROWS floats in a row,
//     b[v]     = B[p][4v .. 4v+3]           B so a panel's row p is 4·VECS floats in a row:
//     acc[i][v] += splat(A[i][p]) · b[v]    both are read strictly sequentially.
//
// Large k is cut into blocks by the caller (see matmul.ts) and accumulated in C.
// ROWS·VECS accumulators + VECS + 1 vector registers must fit x64's 16 xmm registers: 4×2 → 11.
import { i32, op, v128, wasmModule } from "./wasm-bytes";

export const ROWS = 4;
export const VECS = 2;
/** Columns of C one panel covers. */
export const COLS = 4 * VECS;

// params
const A = 0; // byte offset of this call's first row tile of packed A, at step p0 of k
const B = 1; // byte offset of this call's first panel of packed B, at step p0 of k
const C = 2; // byte offset of C (padded: ROWS·tiles rows × cStride bytes)
const DEPTH = 3; // steps of k this call covers (a block of k, for cache reuse)
const A_TILE = 4; // bytes from one row tile of packed A to the next (k·ROWS·4)
const B_PANEL = 5; // bytes from one panel of packed B to the next (k·COLS·4)
const C_STRIDE = 6; // bytes per row of C
const R0 = 7; // row tiles [r0, r1) × panels [q0, q1): a thread's share
const R1 = 8;
const Q0 = 9;
const Q1 = 10;
const ACCUMULATE = 11; // 0: C = A·B, 1: C += A·B (the second and later blocks of k)
// locals
const r = 12;
const q = 13;
const p = 14;
const aPtr = 15;
const bPtr = 16;
const cPtr = 17;
const acc = (i: number, v: number) => 18 + i * VECS + v;
const bv = (v: number) => 18 + ROWS * VECS + v;
const av = 18 + ROWS * VECS + VECS;

/** cPtr = C + r·ROWS·cStride + q·COLS·4: the top-left of this tile in C. */
function tileCorner(): number[][] {
  return [
    [...op.get(C), ...op.get(r), ...op.i32(ROWS), ...op.mul, ...op.get(C_STRIDE), ...op.mul, ...op.add],
    [...op.get(q), ...op.i32(COLS * 4), ...op.mul, ...op.add, ...op.set(cPtr)],
  ];
}

/** One block of ROWS × COLS outputs: zero the accumulators, stream k, store. */
function tile(): number[][] {
  const code: number[][] = [...tileCorner()];
  // accumulators start at 0, or at C's current values when adding another block of k
  code.push(op.get(ACCUMULATE), op.eqz, op.if_);
  for (let i = 0; i < ROWS; i++) for (let v = 0; v < VECS; v++) code.push(op.zero, op.set(acc(i, v)));
  code.push(op.else_);
  for (let i = 0; i < ROWS; i++) {
    for (let v = 0; v < VECS; v++) code.push(op.get(cPtr), op.load(16 * v), op.set(acc(i, v)));
    code.push(op.get(cPtr), op.get(C_STRIDE), op.add, op.set(cPtr));
  }
  code.push(op.end);
  // aPtr = A + r·aTile, bPtr = B + q·bPanel, p = depth
  code.push(op.get(A), op.get(r), op.get(A_TILE), op.mul, op.add, op.set(aPtr));
  code.push(op.get(B), op.get(q), op.get(B_PANEL), op.mul, op.add, op.set(bPtr));
  code.push(op.get(DEPTH), op.set(p));
  code.push(op.block, op.loop, op.get(p), op.eqz, op.brIf(1));
  for (let v = 0; v < VECS; v++) code.push(op.get(bPtr), op.load(16 * v), op.set(bv(v)));
  for (let i = 0; i < ROWS; i++) {
    code.push(op.get(aPtr), op.loadSplat32(4 * i), op.set(av));
    for (let v = 0; v < VECS; v++)
      code.push(op.get(acc(i, v)), op.get(av), op.get(bv(v)), op.f32x4Mul, op.f32x4Add, op.set(acc(i, v)));
  }
  code.push(op.get(aPtr), op.i32(ROWS * 4), op.add, op.set(aPtr));
  code.push(op.get(bPtr), op.i32(COLS * 4), op.add, op.set(bPtr));
  code.push(op.get(p), op.i32(1), op.sub, op.set(p), op.br(0), op.end, op.end);
  // one row of accumulators per row of C
  code.push(...tileCorner());
  for (let i = 0; i < ROWS; i++) {
    for (let v = 0; v < VECS; v++) code.push(op.get(cPtr), op.get(acc(i, v)), op.store(16 * v));
    code.push(op.get(cPtr), op.get(C_STRIDE), op.add, op.set(cPtr));
  }
  return code;
}

/**
 * for (q = q0; q < q1; q++) for (r = r0; r < r1; r++) tile(): panels outside, so one panel of B
 * (depth·COLS floats, a few KiB) stays in L1 while every row tile of A (the caller keeps those
 * few hundred KiB, in L2) streams past it.
 */
function gemm(): number[][] {
  const loop = (index: number, from: number, to: number, body: number[][]) => [
    op.get(from),
    op.set(index),
    op.block,
    op.loop,
    op.get(index),
    op.get(to),
    op.geU,
    op.brIf(1),
    ...body,
    op.get(index),
    op.i32(1),
    op.add,
    op.set(index),
    op.br(0),
    op.end,
    op.end,
  ];
  return loop(q, Q0, Q1, loop(r, R0, R1, tile()));
}

/** gemm(a, b, c, depth, aTile, bPanel, cStride, r0, r1, q0, q1, accumulate) over a shared memory of at most `maxPages` 64 KiB pages. */
export function microKernelModule(maxPages: number): Uint8Array {
  return wasmModule(
    [
      {
        name: "gemm",
        params: 12,
        locals: [
          [6, i32],
          [ROWS * VECS + VECS + 1, v128],
        ],
        body: gemm(),
      },
    ],
    maxPages,
  );
}
