// Elementwise closeness with a message naming the case, the shapes and the worst element.
import assert from "node:assert/strict";
import type { FlatTensor } from "./torch";

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** float32 results agree with PyTorch to about 1e-5 relative. */
export const float32Tolerance = { rtol: 1e-5, atol: 1e-6 };

/** `actual` agrees with `expected` element by element within atol + rtol·|expected| (NaN matches NaN). */
export function assertCloseValues(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  { rtol = 1e-5, atol = 1e-6 }: Tolerance = {},
): void {
  assert.equal(
    actual.length,
    expected.length,
    `${what}: ${actual.length} values, expected ${expected.length}`,
  );
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const [a, e] = [actual[i], expected[i]];
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
      `${what}: element ${worst} is ${actual[worst]}, expected ${expected[worst]} (of ${expected.length})`,
    );
  }
}

/** A tensor agrees with PyTorch's answer: the same shape, and values within tolerance. */
export function assertClose(
  actual: { shape: readonly number[]; data: ArrayLike<number> },
  expected: FlatTensor,
  what: string,
  tolerance: Tolerance = {},
): void {
  assert.deepEqual(
    [...actual.shape],
    expected.shape,
    `${what}: shape [${actual.shape}] ≠ PyTorch's [${expected.shape}]`,
  );
  assertCloseValues(actual.data, expected.data, what, tolerance);
}

/**
 * Kernels sum long rows in float32, in their own order, so an element near zero may carry the rounding of
 * the larger terms summed into it: the absolute tolerance is float32 rounding (a few ulps) of the largest
 * expected value, e.g. 7e-5 for the mnist-sized weight gradient whose values reach 36, 2e-6 for values ≤ 1.
 */
export function assertKernelClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  tolerance?: Tolerance,
): void {
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  assertCloseValues(actual, expected, what, tolerance ?? { rtol: 1e-5, atol: 2e-6 * scale });
}
