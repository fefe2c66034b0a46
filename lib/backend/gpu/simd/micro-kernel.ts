// The matmul micro-kernel, written as WebAssembly SIMD by hand.
//
// Why by hand: gpu.js's generated WebAssembly computes one output per thread and re-reads A and B for
// each, ~0.7 GFLOP/s here. The classic BLAS shape keeps a ROWS × (4·VECS) block of C in registers
// while it streams through k, so each loaded value feeds several multiply-adds:
//
//   for p in 0..k:                          a row tile's column p is ROWS adjacent floats of A and a
//     b[v]     = B[p][4v .. 4v+3]           panel's row p is 4·VECS adjacent floats of B: true of
//     acc[i][v] += splat(A[i][p]) · b[v]    Aᵀ and B as stored; A and Bᵀ are packed that way first.
//
// Large k is cut into blocks (of the caller's size, see matmul.ts), each pass adding onto C.
// ROWS·VECS accumulators + VECS + 1 vector registers must fit x64's 16 xmm registers: 4×2 → 11.
import { reluFunction, reluGradFunction } from "./activation";
import { adamFunction } from "./adam";
import { movesFunction } from "./moves";
import { maxPoolFunction, maxPoolGradFunction } from "./pool";
import { forLoop, i32, op, v128, wasmModule } from "./wasm-bytes";

export const ROWS = 4;
export const VECS = 2;
/** Columns of C one panel covers. */
export const COLS = 4 * VECS;

// params (byte counts, but for the counts of steps, tiles and panels): A's lanes (the ROWS rows of a
// tile) and B's lanes (the COLS columns of a panel) are adjacent in memory, in both the packed layouts
// and the plain layouts that need no packing.
const A = 0; // A at row tile 0, step 0 of k (advanced by a block of k per pass)
const B = 1; // B at panel 0, step 0 of k (likewise)
const C = 2; // C (padded: ROWS·tiles rows × cStride bytes)
const K_BLOCK = 3; // steps of k per pass over the share (a block of k, for cache reuse)
const A_TILE = 4; // from one row tile of A to the next
const A_STEP = 5; // from step p of k to p + 1 in A
const B_PANEL = 6; // from one panel of B to the next
const B_STEP = 7; // from step p of k to p + 1 in B
const C_STRIDE = 8; // per row of C
const R0 = 9; // row tiles [r0, r1) × panels [q0, q1): one task's share
const R1 = 10;
const Q0 = 11;
const Q1 = 12;
const K = 13; // steps of k in all (counted down as blocks are done)
// locals
const DEPTH = 14; // steps of k in this pass
const ACCUMULATE = 15; // 0: C = A·B (the first block of k), 1: C += A·B (every later one)
const r = 16;
const q = 17;
const p = 18;
const aPtr = 19;
const bPtr = 20;
const cPtr = 21;
const acc = (i: number, v: number) => 22 + i * VECS + v;
const bv = (v: number) => 22 + ROWS * VECS + v;
const av = 22 + ROWS * VECS + VECS;

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
  code.push(op.get(aPtr), op.get(A_STEP), op.add, op.set(aPtr));
  code.push(op.get(bPtr), op.get(B_STEP), op.add, op.set(bPtr));
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
 * few hundred KiB, in L2) streams past it. That pass is repeated for each block of k, adding onto C.
 *
 * The blocks of k are looped here, inside one task, rather than one job per block: each task owns its
 * share of C through every block, so no thread waits for the others between blocks (at 512 the
 * hand-offs between 8 jobs cost more than the second thread gained), and each element of C still sums
 * its blocks in the same order whichever thread runs the task.
 */
function gemm(): number[][] {
  const loop = (index: number, from: number, to: number, body: number[][]) =>
    forLoop(index, op.get(from), op.get(to), body);
  return [
    op.i32(0),
    op.set(ACCUMULATE),
    // do { depth = min(kBlock, k); the pass; a, b += depth steps; k -= depth } while (k > 0): once even
    // for k = 0, which writes C = 0
    op.loop,
    ...[op.get(K_BLOCK), op.get(K), op.get(K_BLOCK), op.get(K), op.ltS, op.select, op.set(DEPTH)],
    ...loop(q, Q0, Q1, loop(r, R0, R1, tile())),
    ...[op.get(A), op.get(DEPTH), op.get(A_STEP), op.mul, op.add, op.set(A)],
    ...[op.get(B), op.get(DEPTH), op.get(B_STEP), op.mul, op.add, op.set(B)],
    ...[op.get(K), op.get(DEPTH), op.sub, op.set(K), op.i32(1), op.set(ACCUMULATE)],
    ...[op.get(K), op.i32(0), op.gtS, op.brIf(0)],
    op.end,
  ];
}

/** Independent multiply-add chains in `peak`: 12 accumulators + 2 operands leave room for the compiler's scratch registers in x64's 16 (swept: 8, 10, 14, 16 were slower). */
export const PEAK_CHAINS = 12;
/** Floating-point operations per iteration of `peak`: a multiply and an add on 4 lanes per chain. */
export const PEAK_FLOPS_PER_ITERATION = PEAK_CHAINS * 4 * 2;

/**
 * peak(iterations, out): acc = acc·m + c on PEAK_CHAINS registers, nothing read from memory in the
 * loop: the machine's WebAssembly SIMD multiply-add ceiling, which the bench's `wasm-peak` row reports.
 * The accumulators' sum is stored at `out` so that no compiler can drop the loop.
 */
function peak(): number[][] {
  const [iterations, out] = [0, 1];
  const accAt = (i: number) => 2 + i;
  const [m, c] = [2 + PEAK_CHAINS, 3 + PEAK_CHAINS];
  const code: number[][] = [op.f32x4Const(0.999), op.set(m), op.f32x4Const(1e-3), op.set(c)];
  for (let i = 0; i < PEAK_CHAINS; i++) code.push(op.f32x4Const(i), op.set(accAt(i)));
  code.push(op.block, op.loop, op.get(iterations), op.eqz, op.brIf(1));
  for (let i = 0; i < PEAK_CHAINS; i++)
    code.push(op.get(accAt(i)), op.get(m), op.f32x4Mul, op.get(c), op.f32x4Add, op.set(accAt(i)));
  code.push(op.get(iterations), op.i32(1), op.sub, op.set(iterations), op.br(0), op.end, op.end);
  code.push(op.get(out), op.get(accAt(0)));
  for (let i = 1; i < PEAK_CHAINS; i++) code.push(op.get(accAt(i)), op.f32x4Add);
  code.push(op.store(0));
  return code;
}

/** The exports of the module, in the order tasks name them (see threads.ts). */
export const FUNCTIONS = [
  "gemm",
  "peak",
  "relu",
  "reluGrad",
  "moves",
  "maxPool",
  "maxPoolGrad",
  "adam",
] as const;

/** gemm(a, b, c, kBlock, aTile, aStep, bPanel, bStep, cStride, r0, r1, q0, q1, k), peak, the activations (activation.ts) and Adam's update (adam.ts) over a memory (shared or not) of at most `maxPages` 64 KiB pages. */
export function microKernelModule(maxPages: number, shared: boolean): Uint8Array {
  return wasmModule(
    [
      {
        name: "gemm",
        params: 14,
        locals: [
          [8, i32],
          [ROWS * VECS + VECS + 1, v128],
        ],
        body: gemm(),
      },
      { name: "peak", params: 2, locals: [[PEAK_CHAINS + 2, v128]], body: peak() },
      reluFunction,
      reluGradFunction,
      movesFunction,
      maxPoolFunction,
      maxPoolGradFunction,
      adamFunction,
    ],
    maxPages,
    shared,
  );
}
