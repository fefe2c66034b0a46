// Batched float32 matmul on the hand-written SIMD micro-kernel: pack A and B into the layouts the
// kernel streams through (zero-padded to whole tiles), run it over all cores, copy C out flat.
import { availableParallelism } from "node:os";
import type { MatmulArgs } from "../../kernels";
import { COLS, microKernelModule, ROWS } from "./micro-kernel";
import { ThreadPool } from "./threads";
import { wasm } from "./webassembly";

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB of shared memory at most; reserved lazily by V8
/** Below this many multiply-adds a wake-up of the workers costs more than it saves. */
const THREAD_MIN_WORK = 1 << 20;

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
    transA = false,
    transB = false,
  }: MatmulArgs & { a: Float32Array; b: Float32Array }) {
    const tiles = Math.ceil(m / ROWS);
    const panels = Math.ceil(n / COLS);
    // float offsets of the three regions in wasm memory
    const aAt = 0;
    const bAt = tiles * ROWS * k;
    const cAt = bAt + panels * COLS * k;
    const nPad = panels * COLS;
    const heap = reserve(4 * (cAt + tiles * ROWS * nPad));
    const out = new Float32Array(batch * m * n);
    for (let t = 0; t < batch; t++) {
      packA(heap, aAt, a.subarray(t * m * k, (t + 1) * m * k), m, k, transA);
      packB(heap, bAt, b.subarray(t * k * n, (t + 1) * k * n), k, n, transB);
      const shares = split(tiles, panels, pool.size + 1, m * n * k >= THREAD_MIN_WORK).map(
        ([r0, r1, q0, q1]) => [4 * aAt, 4 * bAt, 4 * cAt, k, 4 * nPad, r0, r1, q0, q1],
      );
      if (shares.length === 1) gemm(...shares[0]);
      else pool.runShares(shares, (args) => gemm(...args));
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

/** Row tile r holds rows r·ROWS … + ROWS−1 interleaved: step p's ROWS values are adjacent. */
function packA(heap: Float32Array, at: number, a: Float32Array, m: number, k: number, trans: boolean): void {
  if (m % ROWS) heap.fill(0, at, at + Math.ceil(m / ROWS) * ROWS * k);
  for (let i = 0; i < m; i++) {
    const base = at + Math.floor(i / ROWS) * ROWS * k + (i % ROWS);
    if (trans) for (let p = 0; p < k; p++) heap[base + p * ROWS] = a[p * m + i];
    else for (let p = 0, src = i * k; p < k; p++) heap[base + p * ROWS] = a[src + p];
  }
}

/** Panel q holds columns q·COLS … + COLS−1: step p's COLS values are adjacent. */
function packB(heap: Float32Array, at: number, b: Float32Array, k: number, n: number, trans: boolean): void {
  if (n % COLS) heap.fill(0, at, at + Math.ceil(n / COLS) * COLS * k);
  if (trans) {
    // B is stored n×k: row j of storage is column j of B
    for (let j = 0; j < n; j++) {
      const base = at + Math.floor(j / COLS) * COLS * k + (j % COLS);
      for (let p = 0, src = j * k; p < k; p++) heap[base + p * COLS] = b[src + p];
    }
    return;
  }
  for (let p = 0; p < k; p++) {
    const src = p * n;
    for (let q = 0; q * COLS < n; q++) {
      const dst = at + (q * k + p) * COLS;
      const width = Math.min(COLS, n - q * COLS);
      for (let j = 0; j < width; j++) heap[dst + j] = b[src + q * COLS + j];
    }
  }
}

/** Splits the tile grid into `parts` contiguous shares along its longer side: [r0, r1, q0, q1] each. */
function split(tiles: number, panels: number, parts: number, parallel: boolean): number[][] {
  if (!parallel || parts === 1) return [[0, tiles, 0, panels]];
  const byRows = tiles >= panels;
  const length = byRows ? tiles : panels;
  const shares: number[][] = [];
  for (let s = 0; s < parts; s++) {
    const from = Math.floor((s * length) / parts);
    const to = Math.floor(((s + 1) * length) / parts);
    shares.push(byRows ? [from, to, 0, panels] : [0, tiles, from, to]);
  }
  return shares;
}
