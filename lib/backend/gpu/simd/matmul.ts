// Batched float32 matmul on the hand-written SIMD micro-kernel: bring A and B into WebAssembly memory
// in layouts the kernel streams through (as they are where possible, packed where not), run it over
// all cores with cache blocking, copy C out flat.
import { availableParallelism } from "node:os";
import type { MatmulArgs } from "../../kernels";
import { COLS, microKernelModule, ROWS } from "./micro-kernel";
import { ThreadPool } from "./threads";
import { wasm } from "./webassembly";

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB of shared memory at most; reserved lazily by V8
/** Below this many multiply-adds a wake-up of the workers costs more than it saves. */
const THREAD_MIN_WORK = 1 << 20;
/** Steps of k per call: K_BLOCK·COLS floats of B (8 KiB) fit L1 ... */
const K_BLOCK = 256;
/** ... and K_BLOCK·ROWS·M_BLOCK_TILES floats of A (128 KiB) fit L2. */
const M_BLOCK_TILES = 32;
/** Floats of slack after A and B: the last row of a plain layout is read a whole panel wide. */
const SLACK = 64;
/** Steps of k per sweep of packSteps. */
const PACK_BLOCK = 128;

export interface SimdMatmul {
  matmul(args: MatmulArgs & { a: Float32Array; b: Float32Array }): Float32Array;
  threads: number;
  destroy(): void;
}

/** `threads` counts the caller: 1 = no workers. */
export function createSimdMatmul(threads = defaultThreads()): SimdMatmul {
  const bytes = microKernelModule(MAX_PAGES);
  const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
  const { gemm } = new wasm.Instance(new wasm.Module(bytes), { env: { memory } }).exports as {
    gemm: (...args: number[]) => void;
  };
  const pool = new ThreadPool(bytes, memory, Math.max(0, threads - 1));

  function reserve(bytesNeeded: number): Float32Array {
    const missing = bytesNeeded - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    return new Float32Array(memory.buffer);
  }

  function matmul({
    a,
    b,
    batch,
    m,
    k,
    n,
    transA,
    transB,
  }: MatmulArgs & { a: Float32Array; b: Float32Array }) {
    const tiles = Math.ceil(m / ROWS);
    const panels = Math.ceil(n / COLS);
    const nPad = panels * COLS;
    // float offsets of the three regions in wasm memory; SLACK: plain layouts' last lanes read past the end
    const aAt = 0;
    const bAt = aAt + tiles * ROWS * k + SLACK;
    const cAt = bAt + panels * COLS * k + SLACK;
    const heap = reserve(4 * (cAt + tiles * ROWS * nPad));
    const parallel = m * n * k >= THREAD_MIN_WORK ? pool.size + 1 : 1;
    const out = new Float32Array(batch * m * n);
    for (let t = 0; t < batch; t++) {
      // Aᵀ (stored k×m) and B (stored k×n) already have adjacent lanes: copied as they are (rows of C
      // and columns past m and n read garbage and are never copied out); A and Bᵀ are packed.
      // Aᵀ and B in place advance p·m and p·n floats per step: when that stride is a multiple of
      // 2 KiB every step lands in the same few L1 sets and they evict each other, so those are packed too.
      const aSrc = a.subarray(t * m * k, (t + 1) * m * k);
      const bSrc = b.subarray(t * k * n, (t + 1) * k * n);
      const aInPlace = transA && !aliased(m);
      const bInPlace = !transB && !aliased(n);
      if (aInPlace) heap.set(aSrc, aAt);
      else if (transA) packSteps(heap, aAt, aSrc, m, k, ROWS);
      else pack(heap, aAt, aSrc, m, k, ROWS);
      if (bInPlace) heap.set(bSrc, bAt);
      else if (transB) pack(heap, bAt, bSrc, n, k, COLS);
      else packSteps(heap, bAt, bSrc, n, k, COLS);
      const [aTile, aStep] = aInPlace ? [ROWS, m] : [k * ROWS, ROWS];
      const [bPanel, bStep] = bInPlace ? [COLS, n] : [k * COLS, COLS];
      // Cache blocking: K_BLOCK steps × M_BLOCK_TILES row tiles of A stay in L2 while panels of B
      // stream past them; later blocks of k add onto C.
      for (let p0 = 0; p0 < k || p0 === 0; p0 += K_BLOCK) {
        const depth = Math.min(K_BLOCK, k - p0);
        for (let r0 = 0; r0 < tiles; r0 += M_BLOCK_TILES) {
          const r1 = Math.min(tiles, r0 + M_BLOCK_TILES);
          const shares = split(r0, r1, panels, parallel).map(([ra, rb, qa, qb]) => [
            4 * (aAt + p0 * aStep),
            4 * (bAt + p0 * bStep),
            4 * cAt,
            depth,
            4 * aTile,
            4 * aStep,
            4 * bPanel,
            4 * bStep,
            4 * nPad,
            ra,
            rb,
            qa,
            qb,
            p0 > 0 ? 1 : 0,
          ]);
          if (shares.length === 1) gemm(...shares[0]);
          else pool.runShares(shares, (args) => gemm(...args));
        }
      }
      for (let i = 0; i < m; i++) out.set(heap.subarray(cAt + i * nPad, cAt + i * nPad + n), (t * m + i) * n);
    }
    return out;
  }

  return { matmul, threads: pool.size + 1, destroy: () => pool.destroy() };
}

function defaultThreads(): number {
  const fromEnv = Number(process.env.GRADLAB_THREADS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.min(availableParallelism(), 8);
}

/**
 * Packs A (or Bᵀ), stored line by line (src[line·k + p]), so that the `lanes` lines of a row tile (or
 * panel) sit side by side at each step of k:
 *
 *   packed[(tile·k + p)·lanes + lane] = src[(tile·lanes + lane)·k + p]      (0 past the last line)
 */
function pack(
  heap: Float32Array,
  at: number,
  src: Float32Array,
  lines: number,
  k: number,
  lanes: number,
): void {
  for (let tile = 0; tile * lanes < lines; tile++) {
    const first = tile * lanes;
    const width = Math.min(lanes, lines - first);
    for (let lane = 0; lane < lanes; lane++) {
      const dst = at + tile * k * lanes + lane;
      if (lane >= width) for (let p = 0; p < k; p++) heap[dst + p * lanes] = 0;
      else for (let p = 0, from = (first + lane) * k; p < k; p++) heap[dst + p * lanes] = src[from + p];
    }
  }
}

/** Whether a row stride of `floats` would map successive rows onto the same L1 cache sets. */
const aliased = (floats: number) => (floats * 4) % 2048 === 0;

/**
 * The same packed layout from a source stored step by step (src[p·lines + line]: Aᵀ or B). Walked in
 * blocks of k so that the cache lines one tile reads are still in L1 when the next tiles read theirs.
 */
function packSteps(
  heap: Float32Array,
  at: number,
  src: Float32Array,
  lines: number,
  k: number,
  lanes: number,
): void {
  for (let p0 = 0; p0 < k; p0 += PACK_BLOCK) {
    const p1 = Math.min(k, p0 + PACK_BLOCK);
    for (let tile = 0; tile * lanes < lines; tile++) {
      const first = tile * lanes;
      const width = Math.min(lanes, lines - first);
      for (let p = p0; p < p1; p++) {
        const dst = at + (tile * k + p) * lanes;
        for (let lane = 0; lane < width; lane++) heap[dst + lane] = src[p * lines + first + lane];
        for (let lane = width; lane < lanes; lane++) heap[dst + lane] = 0;
      }
    }
  }
}

/** Splits row tiles [r0, r1) × all panels into `parts` shares along the longer side: [r0, r1, q0, q1] each. */
function split(r0: number, r1: number, panels: number, parts: number): number[][] {
  if (parts === 1) return [[r0, r1, 0, panels]];
  const byRows = r1 - r0 >= panels;
  const length = byRows ? r1 - r0 : panels;
  const shares: number[][] = [];
  for (let s = 0; s < parts; s++) {
    const from = Math.floor((s * length) / parts);
    const to = Math.floor(((s + 1) * length) / parts);
    shares.push(byRows ? [r0 + from, r0 + to, 0, panels] : [r0, r1, from, to]);
  }
  return shares;
}
