// Elementwise closeness with a message naming the case, the shapes and the worst element.
import assert from "node:assert/strict";
import type { FlatTensor } from "./torch";

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** float32 results agree with PyTorch to about 1e-5 relative. */
export const float32Tolerance = { rtol: 1e-5, atol: 1e-6 };

export function assertClose(
  actual: { shape: readonly number[]; data: ArrayLike<number> },
  expected: FlatTensor,
  what: string,
  { rtol = 1e-5, atol = 1e-6 }: Tolerance = {},
): void {
  assert.deepEqual(
    [...actual.shape],
    expected.shape,
    `${what}: shape [${actual.shape}] ≠ PyTorch's [${expected.shape}]`,
  );
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const [a, e] = [actual.data[i], expected.data[i]];
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    if (a === e) continue; // equal infinities
    const excess = Math.abs(a - e) - (atol + rtol * Math.abs(e));
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
    }
  }
  if (worst >= 0) {
    assert.fail(
      `${what}: element ${worst} is ${actual.data[worst]}, PyTorch says ${expected.data[worst]} (of ${expected.data.length})`,
    );
  }
}
