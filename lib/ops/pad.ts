// Padding, as torch.nn.functional.pad. Each output element either copies some input element or is the
// fill value; which one depends on the mode. So pad is a `takeAt`, and its gradient scatters back:
// with "reflect", "replicate" and "circular" an input element can be copied several times, and its
// gradient is the sum over its copies.
import { ShapeError, formatShape, stridesOf } from "../shape";
import type { Tensor } from "../tensor";
import { positionsByDim, takeAt } from "./indexing";

/** What fills the border: a constant, the mirror image, the edge value repeated, or the other side (wrap). */
export type PadMode = "constant" | "reflect" | "replicate" | "circular";

/** Options of {@link pad}. */
export interface PadOptions {
  /** "constant" fills with `value`; "reflect" mirrors without repeating the edge; "replicate" repeats the edge; "circular" wraps */
  mode?: PadMode;
  /** the fill for "constant" (default 0) */
  value?: number;
}

/** Where output coordinate `i` (already shifted by the padding before) reads from in a dim of size n; −1 = fill. */
const sources: Record<PadMode, (i: number, n: number) => number> = {
  constant: (i, n) => (i >= 0 && i < n ? i : -1),
  replicate: (i, n) => Math.min(Math.max(i, 0), n - 1),
  reflect: (i, n) => {
    const period = 2 * (n - 1);
    const m = (((i % period) + period) % period) as number;
    return n === 1 ? 0 : m < n ? m : period - m;
  },
  circular: (i, n) => ((i % n) + n) % n,
};

/**
 * Pads the last dims of x. `pads` lists (before, after) pairs from the LAST dim backwards, as F.pad does:
 *   pad(x, [1, 1])          // last dim: one on each side
 *   pad(x, [0, 2, 1, 1])    // last dim: 2 after; the dim before it: 1 on each side
 * Negative pads crop (constant mode).   ∂/∂x: each output's gradient goes back to the element it copied
 */
export function pad(x: Tensor, pads: readonly number[], options: PadOptions = {}): Tensor {
  const mode = options.mode ?? "constant";
  if (pads.length % 2 !== 0 || pads.length / 2 > x.ndim || !pads.every(Number.isInteger)) {
    throw new ShapeError(
      `pad: pads [${pads}] must be (before, after) integer pairs for at most the ${x.ndim} dims of ${formatShape(x.shape)}, ` +
        `last dim first — e.g. [1, 1] pads the last dim, [1, 1, 2, 2] the last two`,
    );
  }
  // before[d] and after[d] per dim, read from the end of `pads`' pairs
  const before = x.shape.map((_, d) => pads[2 * (x.ndim - 1 - d)] ?? 0);
  const after = x.shape.map((_, d) => pads[2 * (x.ndim - 1 - d) + 1] ?? 0);
  const shape = x.shape.map((n, d) => n + before[d] + after[d]);
  x.shape.forEach((n, d) => checkPad(mode, x, d, n, before[d], after[d], shape[d]));
  const strides = stridesOf(x.shape);
  const source = sources[mode];
  const positions = positionsByDim(
    shape.map((n, d) =>
      Array.from({ length: n }, (_, c) => {
        const i = source(c - before[d], x.shape[d]);
        return i < 0 ? -1 : i * strides[d];
      }),
    ),
  );
  return takeAt(x, positions, shape, options.value ?? 0);
}

/** PyTorch's limits: reflect needs pads < size (the edge is not repeated), circular pads ≤ size. */
function checkPad(mode: PadMode, x: Tensor, d: number, n: number, lo: number, hi: number, out: number): void {
  const shown = `pad: dim ${d} of ${formatShape(x.shape)}`;
  if (out < 0) throw new ShapeError(`${shown} would shrink to ${out} elements after padding (${lo}, ${hi})`);
  if (mode === "constant" || (lo === 0 && hi === 0)) return;
  if (lo < 0 || hi < 0) throw new ShapeError(`${shown}: negative pads only crop in "constant" mode`);
  if (n === 0) throw new ShapeError(`${shown} is empty: mode "${mode}" has nothing to copy`);
  if (mode === "reflect" && (lo >= n || hi >= n)) {
    throw new ShapeError(
      `${shown}: "reflect" padding (${lo}, ${hi}) must be smaller than the dim's size ${n}`,
    );
  }
  if (mode === "circular" && (lo > n || hi > n)) {
    throw new ShapeError(`${shown}: "circular" padding (${lo}, ${hi}) must be at most the dim's size ${n}`);
  }
}
