// Batched float32 matmul on the hand-written SIMD micro-kernel: bring A and B into WebAssembly memory
// in layouts the kernel streams through (as they are where possible, packed where not), run it over
// all cores with cache blocking, copy C out flat.
import { availableParallelism } from "node:os";
import { poolOutputSize, type AdamArgs, type MatmulArgs, type Pool2dGeometry } from "../../kernels";
import { COLS, FUNCTIONS, microKernelModule, PEAK_FLOPS_PER_ITERATION, ROWS } from "./micro-kernel";
import { ADAM_CONSTANTS } from "./adam";
import { COPY, MOVE } from "./moves";
import { MAX_TASKS, ThreadPool } from "./threads";
import { wasm } from "./webassembly";
import { takeStorageUnfilled } from "../../../storage-pool";

/** `length` values of WebAssembly memory from `at`, copied into a result array (from the storage pool). */
export function copyOut<T extends Float32Array | Int32Array>(heap: T, at: number, length: number): T {
  const out = takeStorageUnfilled(heap instanceof Int32Array ? "int32" : "float32", length) as T;
  out.set(heap.subarray(at, at + length));
  return out;
}

const PAGE = 65536;
const MAX_PAGES = 32768; // 2 GiB of shared memory at most; reserved lazily by V8
/** Below this many multiply-adds a wake-up of the workers costs more than it saves. */
const THREAD_MIN_WORK = 1 << 20;
/** Steps of k per call: K_BLOCK·COLS floats of B (8 KiB) fit L1 ... */
const K_BLOCK = 256;
/** ... and K_BLOCK·ROWS·M_BLOCK_TILES floats of A (128 KiB) fit L2. */
const M_BLOCK_TILES = 32;
/**
 * ... but for a short k (≤ SHORT_K) 8 row tiles: each tile is written to C after a few steps, and a pass
 * of one panel writes a C line per row of its block (rows a whole C row apart: 50 KiB in conv (b)'s input
 * gradient). 32 lines instead of 128 measured 9% faster at k = 64 (the MLP's and conv (b)'s gradients,
 * one thread) and slower at long k (matmul 512, conv (b) forward).
 */
const SHORT_K_BLOCK_TILES = 8;
const SHORT_K = 128;
/** Floats of slack after A and B: the last row of a plain layout is read a whole panel wide. */
const SLACK = 64;
/** Tasks per thread in each job: more, smaller tasks let a running thread take over a descheduled one's. */
const TASKS_PER_THREAD = 4;
/** Steps of k per sweep of packSteps. */
const PACK_BLOCK = 128;

/**
 * The operands of one product in the kernel's packed layouts, written by the caller straight into
 * WebAssembly memory (conv2d's im2col writes its columns there, with no array in between):
 *
 *   A (m×k): heap[aAt + (i >> 2)·k·4 + p·4 + (i & 3)] = A[i][p]     row tiles of ROWS = 4 lanes
 *   B (k×n): heap[bAt + (j >> 3)·k·8 + p·8 + (j & 7)] = B[p][j]     panels of COLS = 8 lanes
 *     or, with `bRows`, row by row: heap[bAt + p·bStride + j] = B[p][j]   (bStride ≥ n, given to packB)
 *
 * Rows suit a B whose rows can be copied whole (dy's channels; im2col's runs of one input row); the
 * kernel then reads each step's 8 lanes in place, as matmul does with a plain B.
 *
 * Lanes past m and n may hold anything: they only reach rows and columns of C nobody reads. C comes
 * back in place: C[i][j] = heap[cAt + i·cStride + j], for `readC` to copy where it belongs.
 */
export interface PackedProduct {
  batch: number;
  m: number;
  k: number;
  n: number;
  bRows?: boolean;
  /** floats of scratch memory after C, for the callbacks (copies of inputs, move tables) at `scratchAt` */
  scratch?: number;
  packA(heap: Float32Array, aAt: number, t: number, scratchAt: number): void;
  packB(heap: Float32Array, bAt: number, t: number, bStride: number, scratchAt: number): void;
  readC(heap: Float32Array, cAt: number, cStride: number, t: number, scratchAt: number): void;
}

export interface SimdMatmul {
  matmul(args: MatmulArgs & { a: Float32Array; b: Float32Array }): Float32Array;
  /** A product whose operands the caller packs into WebAssembly memory and whose result it reads there. */
  packed(product: PackedProduct): void;
  /**
   * Runs the moves (moves.ts) of `table` (MOVE int32s each), written to WebAssembly memory at float
   * offset `at`, on every thread when `parallel`; a thread's share starts only at a multiple of `chunk`
   * moves (moves that add into the same place must share a thread).
   */
  moves(table: Int32Array, at: number, chunk: number, parallel: boolean): void;
  /** max-pooling with argmax, in WebAssembly on every thread (see pool.ts) */
  maxPool2d(x: Float32Array, g: Pool2dGeometry): { y: Float32Array; argmax: Int32Array };
  /** its gradient: dy added into dx at argmax, in WebAssembly on every thread (see pool.ts) */
  maxPool2dGrad(dy: Float32Array, argmax: Int32Array, g: Pool2dGeometry): Float32Array;
  /** max(x, 0), in WebAssembly SIMD (see activation.ts) */
  relu(x: Float32Array): Float32Array;
  /** dy where x > 0, else 0 */
  reluGrad(dy: Float32Array, x: Float32Array): Float32Array;
  /** Adam's update of p, m and v in place, in WebAssembly SIMD on every thread (see adam.ts) */
  adam(args: AdamArgs): void;
  /** The register-only multiply-add loop on every thread for about `ms`: GFLOP/s (the bench's wasm-peak). */
  peak(ms?: number): number;
  threads: number;
  destroy(): void;
}

/** Where a product's operands sit in WebAssembly memory and how the kernel steps through them (floats). */
interface Layout {
  aAt: number;
  aTile: number;
  aStep: number;
  bAt: number;
  bPanel: number;
  bStep: number;
  cAt: number;
  nPad: number;
}

/** Float offsets of A, B and C for an m×k by k×n product: A and B with SLACK after them. */
function regions(m: number, k: number, n: number) {
  const tiles = Math.ceil(m / ROWS);
  const panels = Math.ceil(n / COLS);
  const aAt = 0;
  const bAt = aAt + tiles * ROWS * k + SLACK;
  const cAt = bAt + panels * COLS * k + SLACK;
  return { tiles, panels, nPad: panels * COLS, aAt, bAt, cAt, end: cAt + tiles * ROWS * panels * COLS };
}

/** A task's first word: the index of its function among the module's exports. */
const task = (name: (typeof FUNCTIONS)[number]) => FUNCTIONS.indexOf(name);
const [GEMM, PEAK, MOVES, ADAM] = [task("gemm"), task("peak"), task("moves"), task("adam")];
const [RELU, RELU_GRAD, MAX_POOL, MAX_POOL_GRAD] = [
  task("relu"),
  task("reluGrad"),
  task("maxPool"),
  task("maxPoolGrad"),
];
/** Elementwise passes shorter than this stay on one thread. */
const ELEMENTWISE_THREAD_MIN = 1 << 16;

/**
 * `threads` counts the caller: 1 = no workers. Threads share the kernel's memory; one thread alone runs on
 * a memory of its own, unshared, so the kernel also runs where there is no shared memory at all (a page
 * served without cross-origin isolation, where SharedArrayBuffer is missing): on one thread there.
 */
export function createSimdMatmul(threads = defaultThreads()): SimdMatmul {
  const canShare = typeof SharedArrayBuffer === "function";
  threads = canShare ? Math.max(1, Math.floor(threads)) : 1;
  const shared = threads > 1;
  const bytes = microKernelModule(MAX_PAGES, shared);
  const memory = new wasm.Memory({ initial: 1, maximum: MAX_PAGES, shared });
  const { exports } = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  const pool = new ThreadPool(bytes, memory, Math.max(0, threads - 1), [...FUNCTIONS], exports);
  // one view of the memory, remade only when it grows
  let heap = new Float32Array(memory.buffer);

  function reserve(floats: number): Float32Array {
    const missing = 4 * floats - memory.buffer.byteLength;
    if (missing > 0) memory.grow(Math.ceil(missing / PAGE));
    if (heap.buffer !== memory.buffer || heap.length !== memory.buffer.byteLength / 4)
      heap = new Float32Array(memory.buffer);
    return heap;
  }

  /**
   * Runs the kernel over one product laid out as `l`. Cache blocking: K_BLOCK steps × M_BLOCK_TILES row
   * tiles of A stay in L2 while panels of B stream past them; later blocks of k add onto C. Each block
   * of row tiles is cut into tasks (strips of C) that the threads claim, and each task runs every block
   * of k over its strip (see gemm in micro-kernel.ts), so the whole product is one job: one wake-up of
   * the workers and one wait for the last strip, where it was a job per block of k and of rows (8 at
   * 512, ~200 for a conv2d weight gradient with k = 50,176).
   */
  function run(l: Layout, m: number, k: number, n: number): void {
    const tiles = Math.ceil(m / ROWS);
    const panels = Math.ceil(n / COLS);
    const parallel = m * n * k >= THREAD_MIN_WORK ? pool.size + 1 : 1;
    const tasks: number[][] = [];
    const blockTiles = k <= SHORT_K ? SHORT_K_BLOCK_TILES : M_BLOCK_TILES;
    for (let r0 = 0; r0 < tiles; r0 += blockTiles) {
      const r1 = Math.min(tiles, r0 + blockTiles);
      for (const [ra, rb, qa, qb] of split(r0, r1, panels, parallel === 1 ? 1 : parallel * TASKS_PER_THREAD))
        tasks.push([
          GEMM,
          4 * l.aAt,
          4 * l.bAt,
          4 * l.cAt,
          K_BLOCK,
          4 * l.aTile,
          4 * l.aStep,
          4 * l.bPanel,
          4 * l.bStep,
          4 * l.nPad,
          ra,
          rb,
          qa,
          qb,
          k,
        ]);
    }
    // blocks of rows in order, so the threads mostly share one block of A at a time; a product with
    // more strips than a job holds (a tall A) runs as several jobs
    for (let t0 = 0; t0 < tasks.length; t0 += MAX_TASKS) pool.run(tasks.slice(t0, t0 + MAX_TASKS));
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
    // Aᵀ (stored k×m) and B (stored k×n) already have adjacent lanes: read in place, copied row by row
    // (rows of C and columns past m and n read garbage and are never copied out). A row stride of an
    // even number of 32-byte pieces would land the steps in a few L1 sets, so those rows are padded.
    // A and Bᵀ are copied as they are past C and packed there by moves on every thread: packed in
    // JavaScript on the calling thread, they took ~1.2 ms of matmul 512's ~6 ms on 2 threads.
    const tiles = Math.ceil(m / ROWS);
    const panels = Math.ceil(n / COLS);
    const aStride = transA ? unaliased(m) : 0;
    const bStride = transB ? 0 : unaliased(n);
    const aAt = 0;
    const bAt = aAt + (transA ? k * aStride : tiles * ROWS * k) + SLACK;
    const cAt = bAt + (transB ? panels * COLS * k : k * bStride) + SLACK;
    const nPad = panels * COLS;
    // then the copies of A and Bᵀ to pack, and the moves that pack them
    const rawA = cAt + tiles * ROWS * nPad;
    const rawB = rawA + (transA ? 0 : m * k);
    const tableAt = rawB + (transB ? n * k : 0);
    const moveCount = (transA ? 0 : tiles) + (transB ? panels : 0);
    const heap = reserve(tableAt + moveCount * MOVE);
    const parallel = m * n * k >= THREAD_MIN_WORK;
    const out = takeStorageUnfilled("float32", batch * m * n) as Float32Array; // every row is written
    const [aTile, aStep] = transA ? [ROWS, aStride] : [k * ROWS, ROWS];
    const [bPanel, bStep] = transB ? [k * COLS, COLS] : [COLS, bStride];
    for (let t = 0; t < batch; t++) {
      const aSrc = a.subarray(t * m * k, (t + 1) * m * k);
      const bSrc = b.subarray(t * k * n, (t + 1) * k * n);
      let moved = tableAt;
      if (transA) copyRows(heap, aAt, aStride, aSrc, m);
      else {
        heap.set(aSrc, rawA);
        moved = packMoves(heap, moved, aAt, rawA, m, k, ROWS);
      }
      if (!transB) copyRows(heap, bAt, bStride, bSrc, n);
      else {
        heap.set(bSrc, rawB);
        moved = packMoves(heap, moved, bAt, rawB, n, k, COLS);
      }
      runMoves(tableAt, (moved - tableAt) / MOVE, 1, parallel);
      run({ aAt, aTile, aStep, bAt, bPanel, bStep, cAt, nPad }, m, k, n);
      for (let i = 0; i < m; i++) out.set(heap.subarray(cAt + i * nPad, cAt + i * nPad + n), (t * m + i) * n);
    }
    return out;
  }

  function packed(p: PackedProduct): void {
    const r = regions(p.m, p.k, p.n);
    // rows of B padded to whole panels, an odd number of 32-byte pieces apart (see aliased)
    const bStride = aliased(r.nPad) ? r.nPad + COLS : r.nPad;
    const extra = p.bRows ? p.k * (bStride - r.nPad) : 0;
    const scratchAt = r.end + extra;
    const heap = reserve(scratchAt + (p.scratch ?? 0));
    r.cAt += extra;
    for (let t = 0; t < p.batch; t++) {
      p.packA(heap, r.aAt, t, scratchAt);
      p.packB(heap, r.bAt, t, bStride, scratchAt);
      const [bPanel, bStep] = p.bRows ? [COLS, bStride] : [p.k * COLS, COLS];
      const layout = { ...r, aTile: p.k * ROWS, aStep: ROWS, bPanel, bStep };
      run(layout, p.m, p.k, p.n);
      p.readC(heap, r.cAt, r.nPad, t, scratchAt);
    }
  }

  /**
   * One elementwise function over `inputs` (same length): each copied into WebAssembly memory, the
   * function run on every thread over its share of vectors, the result copied out into a new array.
   */
  function elementwise(fn: number, inputs: Float32Array[]): Float32Array {
    const n = inputs[0].length;
    const vectors = Math.ceil(n / 4);
    const span = vectors * 4; // floats per region: whole vectors, 16-byte aligned
    const heap = reserve((inputs.length + 1) * span);
    inputs.forEach((a, i) => heap.set(a, i * span));
    const out = inputs.length * span;
    overVectors(fn, [...inputs.map((_, i) => i * span), out], vectors, []);
    return copyOut(heap, out, n);
  }

  /**
   * Runs `fn` over `vectors` 4-float vectors of each region (float offsets), on every thread when there
   * are enough: a task is (fn, each region's address at its share, its share's vector count, ...rest).
   */
  function overVectors(fn: number, regions: number[], vectors: number, rest: number[]): void {
    const parts = 4 * vectors >= ELEMENTWISE_THREAD_MIN ? (pool.size + 1) * TASKS_PER_THREAD : 1;
    const tasks: number[][] = [];
    for (let s = 0; s < parts; s++) {
      const [v0, v1] = [Math.floor((s * vectors) / parts), Math.floor(((s + 1) * vectors) / parts)];
      tasks.push([fn, ...regions.map((r) => 4 * (r + 4 * v0)), v1 - v0, ...rest]);
    }
    pool.run(tasks);
  }

  /** p, g, m and v copied in after the constants, updated on every thread; p, m and v copied back. */
  function adam(args: AdamArgs): void {
    const { p, g, m, v } = args;
    const n = p.length;
    const vectors = Math.ceil(n / 4);
    const span = vectors * 4;
    const at = [0, 1, 2, 3].map((i) => ADAM_CONSTANTS.length + i * span); // 32 bytes on: 16-byte aligned
    const heap = reserve(at[3] + span);
    const values = { ...args, oneMinusBeta1: 1 - args.beta1, oneMinusBeta2: 1 - args.beta2 };
    heap.set(
      ADAM_CONSTANTS.map((name) => values[name]),
      0,
    );
    [p, g, m, v].forEach((a, i) => {
      heap.set(a, at[i]);
      heap.fill(0, at[i] + n, at[i] + span); // the tail's lanes: zeros, not subnormals from a last run
    });
    overVectors(ADAM, at, vectors, [0]);
    p.set(heap.subarray(at[0], at[0] + n));
    m.set(heap.subarray(at[2], at[2] + n));
    v.set(heap.subarray(at[3], at[3] + n));
  }

  function moves(table: Int32Array, at: number, chunk: number, parallel: boolean): void {
    new Int32Array(heap.buffer, 0, heap.length).set(table, at);
    runMoves(at, table.length / MOVE, chunk, parallel);
  }

  /** Runs the `count` moves of the table at float offset `at` (see moves). */
  function runMoves(at: number, count: number, chunk: number, parallel: boolean): void {
    if (count === 0) return;
    const chunks = Math.ceil(count / chunk);
    const parts = parallel ? Math.min(chunks, (pool.size + 1) * TASKS_PER_THREAD) : 1;
    const tasks: number[][] = [];
    for (let s = 0; s < parts; s++) {
      const first = Math.floor((s * chunks) / parts) * chunk;
      const last = Math.min(count, Math.floor(((s + 1) * chunks) / parts) * chunk);
      tasks.push([MOVES, 4 * at, first, last]);
    }
    pool.run(tasks);
  }

  /**
   * Pooling in WebAssembly (pool.ts): the geometry block at the start of memory, then `inputs` copied
   * in and room for regions of the `outputs` lengths after them (all 16-byte aligned); `fn` runs over
   * the planes, a thread's share whole planes. Gives the regions' float offsets, inputs first.
   */
  function pool2d(
    fn: number,
    g: Pool2dGeometry,
    inputs: (Float32Array | Int32Array)[],
    outputs: number[],
  ): number[] {
    const [n, c, h, w] = g.xShape;
    const [oh, ow] = poolOutputSize(g);
    const at = [16];
    for (const length of [...inputs.map((a) => a.length), ...outputs])
      at.push(at[at.length - 1] + Math.ceil(length / 4) * 4);
    reserve(at.pop()!);
    const ints = new Int32Array(heap.buffer, 0, heap.length);
    ints.set([h, w, oh, ow, ...g.kernel, ...g.stride, ...g.padding], 0);
    inputs.forEach((a, i) => (a instanceof Int32Array ? ints : heap).set(a, at[i]));
    const planes = n * c;
    const parts =
      planes * h * w >= ELEMENTWISE_THREAD_MIN ? Math.min(planes, (pool.size + 1) * TASKS_PER_THREAD) : 1;
    const tasks: number[][] = [];
    for (let s = 0; s < parts; s++) {
      const [p0, p1] = [Math.floor((s * planes) / parts), Math.floor(((s + 1) * planes) / parts)];
      tasks.push([fn, 0, ...at.map((a) => 4 * a), p0, p1]);
    }
    pool.run(tasks);
    return at;
  }

  function maxPool2d(x: Float32Array, g: Pool2dGeometry): { y: Float32Array; argmax: Int32Array } {
    const outputs = g.xShape[0] * g.xShape[1] * poolOutputSize(g).reduce((a, b) => a * b);
    const [, yAt, argAt] = pool2d(MAX_POOL, g, [x], [outputs, outputs]);
    const ints = new Int32Array(heap.buffer, 0, heap.length);
    return { y: copyOut(heap, yAt, outputs), argmax: copyOut(ints, argAt, outputs) };
  }

  function maxPool2dGrad(dy: Float32Array, argmax: Int32Array, g: Pool2dGeometry): Float32Array {
    const inputs = g.xShape.reduce((a, b) => a * b);
    const [, , dxAt] = pool2d(MAX_POOL_GRAD, g, [dy, argmax], [inputs]);
    return copyOut(heap, dxAt, inputs);
  }

  function peak(ms = 200): number {
    reserve(64);
    const iterations = 1 << 16;
    const tasksPerRound = (pool.size + 1) * TASKS_PER_THREAD;
    const round = () =>
      pool.run(Array.from({ length: tasksPerRound }, (_, i) => [PEAK, iterations, 16 * (i % 4)]));
    round(); // warm-up: the optimising tier
    let rounds = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms || rounds === 0) {
      round();
      rounds++;
    }
    const seconds = (performance.now() - t0) / 1000;
    return (rounds * tasksPerRound * iterations * PEAK_FLOPS_PER_ITERATION) / seconds / 1e9;
  }

  return {
    matmul,
    packed,
    moves,
    maxPool2d,
    maxPool2dGrad,
    relu: (x) => elementwise(RELU, [x]),
    reluGrad: (dy, x) => elementwise(RELU_GRAD, [dy, x]),
    adam,
    peak,
    threads: pool.size + 1,
    destroy: () => pool.destroy(),
  };
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
export function pack(
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

/**
 * Whether a row stride of `floats` would crowd successive rows into a few L1 cache sets. A panel reads
 * one 32-byte piece (COLS floats) of each of k rows; a stride of an even number of pieces lands them on
 * a fraction of L1's 64 sets (784 cache lines, conv (b)'s columns: 4 sets; 512 floats: 2), where they
 * evict each other long before L1 is full. An odd number of pieces visits every set: matmul 128 and 256
 * 5–10% faster on one thread, conv (b)'s forward and input-gradient products 3–8% (512 unchanged).
 */
const aliased = (floats: number) => floats % (2 * COLS) === 0;

/** A row stride of at least `floats` that is not aliased (a panel wider when it would be). */
const unaliased = (floats: number) => (aliased(floats) ? floats + COLS : floats);

/** The `lines`-long rows of `src` into WebAssembly memory at `at`, `stride` floats apart. */
function copyRows(heap: Float32Array, at: number, stride: number, src: Float32Array, lines: number): void {
  if (stride === lines) heap.set(src, at);
  else
    for (let row = 0; row * lines < src.length; row++)
      heap.set(src.subarray(row * lines, (row + 1) * lines), at + row * stride);
}

/**
 * Writes to `heap` at `tableAt` the moves (moves.ts) that give the layout of `pack` at `at`, from the
 * same lines copied as they are at `rawAt`: one move per tile (or panel), its lanes' steps side by side.
 * Lanes past the last line are zeroed here (they only reach C's unread rows and columns, but stale
 * memory could hold subnormals, which slow the kernel). Returns where the next move goes.
 */
function packMoves(
  heap: Float32Array,
  tableAt: number,
  at: number,
  rawAt: number,
  lines: number,
  k: number,
  lanes: number,
): number {
  const ints = new Int32Array(heap.buffer, 4 * tableAt);
  for (let tile = 0, t = 0; tile * lanes < lines; tile++, t += MOVE) {
    const width = Math.min(lanes, lines - tile * lanes);
    const dst = at + tile * k * lanes;
    // dst[lane + p·lanes] = src[lane·k + p] for lane < width, p < k (byte offsets and strides)
    ints.set(
      [4 * dst, 4 * (rawAt + tile * lanes * k), COPY, 0, width, 4, 4 * k, 1, 0, 0, k, 4 * lanes, 4],
      t,
    );
    for (let lane = width; lane < lanes; lane++) for (let p = 0; p < k; p++) heap[dst + p * lanes + lane] = 0;
  }
  return tableAt + Math.ceil(lines / lanes) * MOVE;
}

/**
 * The same packed layout from a source stored step by step (src[p·lines + line]: Aᵀ or B). Walked in
 * blocks of k so that the cache lines one tile reads are still in L1 when the next tiles read theirs.
 */
export function packSteps(
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
  parts = Math.min(parts, length);
  const shares: number[][] = [];
  for (let s = 0; s < parts; s++) {
    const from = Math.floor((s * length) / parts);
    const to = Math.floor(((s + 1) * length) / parts);
    shares.push(byRows ? [r0 + from, r0 + to, 0, panels] : [r0, r1, from, to]);
  }
  return shares;
}
