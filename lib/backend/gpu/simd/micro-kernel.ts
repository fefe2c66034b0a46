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
// ROWS·VECS accumulators + VECS + 1 vector registers must fit x64's 16 xmm registers: 4×2 → 11.
import { i32, op, v128, wasmModule } from "./wasm-bytes";

export const ROWS = 4;
export const VECS = 2;
/** Columns of C one panel covers. */
export const COLS = 4 * VECS;

// params
const A = 0; // byte offset of packed A: row tile r, step p, row i at ((r·k + p)·ROWS + i)·4
const B = 1; // byte offset of packed B: panel q, step p, column j at ((q·k + p)·COLS + j)·4
const C = 2; // byte offset of C (padded: ROWS·tiles rows × cStride bytes)
const K = 3;
const C_STRIDE = 4; // bytes per row of C
const R0 = 5; // row tiles [r0, r1) × panels [q0, q1): a thread's share
const R1 = 6;
const Q0 = 7;
const Q1 = 8;
// locals
const r = 9;
const q = 10;
const p = 11;
const aPtr = 12;
const bPtr = 13;
const cPtr = 14;
const acc = (i: number, v: number) => 15 + i * VECS + v;
const bv = (v: number) => 15 + ROWS * VECS + v;
const av = 15 + ROWS * VECS + VECS;

/** One block of ROWS × COLS outputs: zero the accumulators, stream k, store. */
function tile(): number[][] {
  const code: number[][] = [];
  for (let i = 0; i < ROWS; i++) for (let v = 0; v < VECS; v++) code.push(op.zero, op.set(acc(i, v)));
  // aPtr = A + r·k·ROWS·4, bPtr = B + q·k·COLS·4, p = k
  code.push(op.get(A), op.get(r), op.get(K), op.mul, op.i32(ROWS * 4), op.mul, op.add, op.set(aPtr));
  code.push(op.get(B), op.get(q), op.get(K), op.mul, op.i32(COLS * 4), op.mul, op.add, op.set(bPtr));
  code.push(op.get(K), op.set(p));
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
  // cPtr = C + r·ROWS·cStride + q·COLS·4; one row of accumulators per C row
  code.push(op.get(C), op.get(r), op.i32(ROWS), op.mul, op.get(C_STRIDE), op.mul, op.add);
  code.push(op.get(q), op.i32(COLS * 4), op.mul, op.add, op.set(cPtr));
  for (let i = 0; i < ROWS; i++) {
    for (let v = 0; v < VECS; v++) code.push(op.get(cPtr), op.get(acc(i, v)), op.store(16 * v));
    code.push(op.get(cPtr), op.get(C_STRIDE), op.add, op.set(cPtr));
  }
  return code;
}

/** for (r = r0; r < r1; r++) for (q = q0; q < q1; q++) tile() */
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
  return loop(r, R0, R1, loop(q, Q0, Q1, tile()));
}

/** gemm(a, b, c, k, cStride, r0, r1, q0, q1) over a shared memory of at most `maxPages` 64 KiB pages. */
export function microKernelModule(maxPages: number): Uint8Array {
  return wasmModule(
    [
      {
        name: "gemm",
        params: 9,
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
