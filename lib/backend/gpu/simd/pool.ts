// Max-pooling as WebAssembly, on the kernel's threads: the window's maximum and its flat input index,
// chosen without a branch (compare, then select), because in JavaScript the comparison is a branch
// that activations mispredict (see activation.ts). Same rules as reference/pool2d.ts: windows are
// clipped to the input (padding counts as −∞), the first maximum wins, NaN wins over numbers.
//
//   maxPool(geometry, x, y, argmax, p0, p1)   planes [p0, p1) of x into y and argmax (byte addresses);
//                                              geometry: h w oh ow kh kw sh sw ph pw as int32s
import { f32, forLoop, i32, op, type WasmFunction } from "./wasm-bytes";

/** int32s of the geometry block */
export const POOL_GEOMETRY = 10;

export const maxPoolFunction: WasmFunction = (() => {
  const [geometry, x, y, argmax, p0, p1] = [0, 1, 2, 3, 4, 5];
  const [h, w, oh, ow, kh, kw, sh, sw, ph, pw] = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const [plane, oy, ox, ih0, ih1, iw0, iw1, ih, iw, xi, at, out, top, left] = Array.from(
    { length: 14 },
    (_, i) => 16 + i,
  );
  const [v, best] = [30, 31];
  /** local = max(0, local) */
  const clampLow = (l: number) => [op.get(l), op.i32(0), op.get(l), op.i32(0), op.gtS, op.select, op.set(l)];
  /** local = min(bound, local) */
  const clampHigh = (l: number, bound: number) => [
    op.get(l),
    op.get(bound),
    op.get(l),
    op.get(bound),
    op.ltS,
    op.select,
    op.set(l),
  ];
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
    op.tee(left), // `left` is free here: the take flag, used twice
    ...[op.select, op.set(best)],
    ...[op.get(xi), op.get(at), op.get(left), op.select, op.set(at)],
  ];
  const window = [
    ...[op.get(ox), op.get(sw), op.mul, op.get(pw), op.sub, op.set(left)],
    ...[
      op.get(left),
      op.set(iw0),
      ...clampLow(iw0),
      op.get(left),
      op.get(kw),
      op.add,
      op.set(iw1),
      ...clampHigh(iw1, w),
    ],
    ...[op.f32Const(-Infinity), op.set(best), op.i32(-1), op.set(at)],
    ...forLoop(ih, op.get(ih0), op.get(ih1), forLoop(iw, op.get(iw0), op.get(iw1), element)),
    ...[op.get(y), op.get(out), op.i32(4), op.mul, op.add, op.get(best), op.f32Store(0)],
    ...[op.get(argmax), op.get(out), op.i32(4), op.mul, op.add, op.get(at), op.i32Store(0)],
    ...[op.get(out), op.i32(1), op.add, op.set(out)],
  ];
  const row = [
    ...[op.get(oy), op.get(sh), op.mul, op.get(ph), op.sub, op.set(top)],
    ...[
      op.get(top),
      op.set(ih0),
      ...clampLow(ih0),
      op.get(top),
      op.get(kh),
      op.add,
      op.set(ih1),
      ...clampHigh(ih1, h),
    ],
    ...forLoop(ox, op.i32(0), op.get(ow), window),
  ];
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
      [24, i32],
      [2, f32],
    ],
    body,
  };
})();
