// Whether two tensors are the same bit for bit: how graph mode checks that a rewrite (a fused loop, a
// function traced op by op) computes exactly what it replaces, NaN payloads and signed zeros included.
import { sameShape } from "../shape";
import type { Tensor } from "../tensor";

/** The same dtype, shape and bytes. */
export function sameBits(a: Tensor, b: Tensor): boolean {
  const bytes = (t: Tensor) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const [x, y] = [bytes(a), bytes(b)];
  return a.dtype === b.dtype && sameShape(a.shape, b.shape) && x.every((v, i) => v === y[i]);
}
