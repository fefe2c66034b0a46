// Just enough of the WebAssembly binary format to write one SIMD function by hand, with no toolchain:
// LEB128 numbers, sections, and the handful of opcodes the matmul micro-kernel uses.

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string) => [...uleb(s.length), ...Buffer.from(s, "utf8")];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

export const i32 = 0x7f;
export const v128 = 0x7b;
export const f32 = 0x7d;

/** Instructions as byte arrays; `op.x(...)` reads like the text format. */
export const op = {
  get: (i: number) => [0x20, ...uleb(i)],
  set: (i: number) => [0x21, ...uleb(i)],
  i32: (n: number) => [0x41, ...sleb(n)],
  add: [0x6a],
  sub: [0x6b],
  mul: [0x6c],
  geU: [0x4f],
  gtU: [0x4b],
  eqz: [0x45],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  if_: [0x04, 0x40],
  /** if … else … end leaving one f32 */
  if_f32: [0x04, 0x7d],
  /** if … else … end leaving one v128 */
  if_v128: [0x04, 0x7b],
  eq: [0x46],
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  f32Add: [0x92],
  f32Gt: [0x5e],
  f32Ne: [0x5c],
  f32Eq: [0x5b],
  f32Const: (x: number) => [0x43, ...new Uint8Array(Float32Array.of(x).buffer)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  ltS: [0x48],
  gtS: [0x4a],
  and: [0x71],
  or: [0x72],
  select: [0x1b],
  tee: (i: number) => [0x22, ...uleb(i)],
  else_: [0x05],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  /** memory.fill(address, byte, count) (bulk memory: 0xfc prefix) */
  memoryFill: [0xfc, ...uleb(11), 0x00],
  // SIMD: prefix 0xfd, then the opcode as LEB128, then a memarg (log2 alignment, offset) where needed
  load: (offset: number) => [0xfd, 0x00, 4, ...uleb(offset)],
  store: (offset: number) => [0xfd, 0x0b, 4, ...uleb(offset)],
  /** v128.load / v128.store promising only 4-byte alignment (strided moves start anywhere) */
  loadUnaligned: (offset: number) => [0xfd, 0x00, 2, ...uleb(offset)],
  storeUnaligned: (offset: number) => [0xfd, 0x0b, 2, ...uleb(offset)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  loadSplat32: (offset: number) => [0xfd, 0x09, 2, ...uleb(offset)],
  zero: [0xfd, 0x0c, ...new Array(16).fill(0)],
  /** v128.const with the same float in all four lanes */
  f32x4Const: (x: number) => [0xfd, 0x0c, ...new Uint8Array(Float32Array.of(x, x, x, x).buffer)],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
  f32x4Div: [0xfd, ...uleb(0xe7)],
  f32x4Sqrt: [0xfd, ...uleb(0xe3)],
  f32x4Max: [0xfd, ...uleb(0xe9)],
  f32x4Gt: [0xfd, ...uleb(0x44)],
  v128And: [0xfd, ...uleb(0x4e)],
};

/** while (vectors) { body; pointers += 16; vectors-- } over the pointer params `pointers` (16-byte steps). */
export function vectorLoop(pointers: number[], vectors: number, body: number[][]): number[][] {
  return [
    op.block,
    op.loop,
    op.get(vectors),
    op.eqz,
    op.brIf(1),
    ...body,
    ...pointers.flatMap((p) => [op.get(p), op.i32(16), op.add, op.set(p)]),
    op.get(vectors),
    op.i32(1),
    op.sub,
    op.set(vectors),
    op.br(0),
    op.end,
    op.end,
  ];
}

/** for (index = start; index < bound; index++) body — `start` and `bound` are instruction sequences. */
export function forLoop(index: number, start: number[], bound: number[], body: number[][]): number[][] {
  return [
    start,
    op.set(index),
    op.block,
    op.loop,
    op.get(index),
    bound,
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
}

export interface WasmFunction {
  name: string;
  params: number;
  /** [count, type] runs of locals after the i32 params */
  locals: [number, number][];
  body: number[][];
}

/**
 * A module importing one memory as env.memory (shared between threads, or not: a page without cross-origin
 * isolation has no shared memory) and exporting `fns`, all taking i32 params.
 */
export function wasmModule(fns: WasmFunction[], maxPages: number, shared: boolean): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(new Array(f.params).fill([i32])), 0]);
  // limits: 0x01 = a maximum follows, 0x03 = and shared
  const limits = shared ? 0x03 : 0x01;
  const memory = [...utf8("env"), ...utf8("memory"), 0x02, limits, ...uleb(1), ...uleb(maxPages)];
  const bodies = fns.map((f) => {
    const code = [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.body.flat(), 0x0b];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([memory])),
    ...section(3, vec(fns.map((_, i) => uleb(i)))),
    ...section(7, vec(fns.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
