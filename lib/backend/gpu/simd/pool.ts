// Max-pooling as WebAssembly, on the kernel's threads: the window's maximum and its flat input index,
// chosen without a branch (compare, then select), because in JavaScript the comparison is a branch
// that activations mispredict (see activation.ts). Same rules as reference/pool2d.ts: windows are
// clipped to the input (padding counts as −∞), the first maximum wins, NaN wins over numbers.
//
//   maxPool(geometry, x, y, argmax, p0, p1)       planes [p0, p1) of x into y and argmax (byte addresses);
//                                                  geometry: h w oh ow kh kw sh sw ph pw as int32s
//   maxPoolGrad(geometry, dy, argmax, dx, p0, p1)  planes [p0, p1) of dx: zeroed, then dy[out] added
//                                                  into dx[argmax[out]] for each of their outputs, in order
import { f32, forLoop, i32, op, type WasmFunction } from "./wasm-bytes";

/** int32s of the geometry block */
export const POOL_GEOMETRY = 10;

/**
 * One axis of a window, clipped to the input: start = o·stride − pad, lo = max(0, start),
 * hi = min(size, start + k) (locals, as compare-and-select: no branch).
 */
const span = (o: number, stride: number, pad: number, k: number, size: number, lo: number, hi: number) => [
  ...[op.get(o), op.get(stride), op.mul, op.get(pad), op.sub, op.tee(lo)], // start, kept for hi
  ...[op.get(k), op.add, op.set(hi)],
  ...[op.get(lo), op.i32(0), op.get(lo), op.i32(0), op.gtS, op.select, op.set(lo)],
  ...[op.get(hi), op.get(size), op.get(hi), op.get(size), op.ltS, op.select, op.set(hi)],
];

export const maxPoolFunction: WasmFunction = (() => {
  const [geometry, x, y, argmax, p0, p1] = [0, 1, 2, 3, 4, 5];
  const [h, w, oh, ow, kh, kw, sh, sw, ph, pw] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const [plane, oy, ox, ih0, ih1, iw0, iw1, ih, iw, xi, at, out, take] = Array.from(
    { length: 13 },
    (_, i) => 16 + i,
  );
  const [v, best] = [29, 30];
  const element = [
    // xi = (plane·h + ih)·w + iw; v = x[xi]
    ...[
      op.get(plane),
      op.get(h),
      op.mul,
      op.get(ih),
      op.add,
      op.get(w),
      op.mul,
      op.get(iw),
      op.add,
      op.set(xi),
    ],
    ...[op.get(x), op.get(xi), op.i32(4), op.mul, op.add, op.f32Load(0), op.set(v)],
    // take = at < 0 | v > best | (v ≠ v & best = best), then best, at = take ? v, xi : best, at
    ...[op.get(v), op.get(best)],
    ...[op.get(at), op.i32(0), op.ltS, op.get(v), op.get(best), op.f32Gt, op.or],
    ...[op.get(v), op.get(v), op.f32Ne, op.get(best), op.get(best), op.f32Eq, op.and, op.or],
    op.tee(take), // used twice
    ...[op.select, op.set(best)],
    ...[op.get(xi), op.get(at), op.get(take), op.select, op.set(at)],
  ];
  const window = [
    ...span(ox, sw, pw, kw, w, iw0, iw1),
    ...[op.f32Const(-Infinity), op.set(best), op.i32(-1), op.set(at)],
    ...forLoop(ih, op.get(ih0), op.get(ih1), forLoop(iw, op.get(iw0), op.get(iw1), element)),
    ...[op.get(y), op.get(out), op.i32(4), op.mul, op.add, op.get(best), op.f32Store(0)],
    ...[op.get(argmax), op.get(out), op.i32(4), op.mul, op.add, op.get(at), op.i32Store(0)],
    ...[op.get(out), op.i32(1), op.add, op.set(out)],
  ];
  const row = [...span(oy, sh, ph, kh, h, ih0, ih1), ...forLoop(ox, op.i32(0), op.get(ow), window)];
  const body = [
    ...[h, w, oh, ow, kh, kw, sh, sw, ph, pw].flatMap((l, i) => [
      op.get(geometry),
      op.i32Load(4 * i),
      op.set(l),
    ]),
    ...[op.get(p0), op.get(oh), op.mul, op.get(ow), op.mul, op.set(out)],
    ...forLoop(plane, op.get(p0), op.get(p1), forLoop(oy, op.i32(0), op.get(oh), row)),
  ];
  return {
    name: "maxPool",
    params: 6,
    locals: [
      [23, i32],
      [2, f32],
    ],
    body,
  };
})();

/**
 * The gradient as a scatter: only each window's winner saw its dy. Windows overlap when the stride is
 * under the kernel, so one input may win several windows and sum their dy: a thread's share is whole
 * planes (no other thread writes them), and within a plane the outputs add in increasing order, as the
 * reference's loop does, so each sum rounds the same way, bit for bit. argmax is the flat index in x
 * (as maxPool writes it); −1 (a window of padding only) adds nothing.
 */
export const maxPoolGradFunction: WasmFunction = (() => {
  const [geometry, dy, argmax, dx, p0, p1] = [0, 1, 2, 3, 4, 5];
  const [inputs, outputs, plane, out, end, at] = [6, 7, 8, 9, 10, 11];
  /** base + 4·index */
  const address = (base: number, index: number) => [op.get(base), op.get(index), op.i32(4), op.mul, op.add];
  /** geometry[a]·geometry[b] */
  const product = (a: number, b: number) => [
    op.get(geometry),
    op.i32Load(4 * a),
    op.get(geometry),
    op.i32Load(4 * b),
    op.mul,
  ];
  return {
    name: "maxPoolGrad",
    params: 6,
    locals: [[6, i32]],
    body: [
      ...[...product(0, 1), op.set(inputs), ...product(2, 3), op.set(outputs)], // h·w, oh·ow per plane
      // a plane at a time, so that the scatter finds the plane it just zeroed still in L1
      ...forLoop(plane, op.get(p0), op.get(p1), [
        // dx's plane = 0 (WebAssembly memory holds whatever the last call left there)
        ...[op.get(dx), op.get(plane), op.get(inputs), op.mul, op.i32(4), op.mul, op.add],
        ...[op.i32(0), op.get(inputs), op.i32(4), op.mul, op.memoryFill],
        // for each of its outputs: at = argmax[out]; if (at ≥ 0) dx[at] += dy[out]
        ...[op.get(plane), op.get(outputs), op.mul, op.tee(out), op.get(outputs), op.add, op.set(end)],
        ...forLoop(out, op.get(out), op.get(end), [
          ...[...address(argmax, out), op.i32Load(0), op.set(at)],
          ...[op.get(at), op.i32(0), op.ltS, op.eqz, op.if_],
          ...[...address(dx, at), ...address(dx, at), op.f32Load(0)],
          ...[...address(dy, out), op.f32Load(0), op.f32Add, op.f32Store(0)],
          op.end,
        ]),
      ]),
    ],
  };
})();
