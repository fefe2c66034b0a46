// Shapes: sizes, strides, broadcasting, and errors that show both shapes and how they line up.

export type Shape = readonly number[];

/** Raised for any shape mismatch; the message names the op, both shapes and a likely fix. */
export class ShapeError extends Error {
  override name = "ShapeError";
}

export const formatShape = (shape: Shape): string => `[${shape.join(",")}]`;

export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** Row-major strides: how far to step in flat storage for +1 along each dim. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  for (let i = shape.length - 1, s = 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export const sameShape = (a: Shape, b: Shape): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i]);

/** Shows how two shapes line up from the right, as broadcasting reads them. */
function alignment(a: Shape, b: Shape): string {
  const n = Math.max(a.length, b.length);
  const pad = (s: Shape) => [...Array<string>(n - s.length).fill("·"), ...s.map(String)];
  const [pa, pb] = [pad(a), pad(b)];
  const width = Math.max(...pa.map((x) => x.length), ...pb.map((x) => x.length));
  const row = (cells: string[]) => cells.map((c) => c.padStart(width)).join(" ");
  const marks = pa.map((x, i) =>
    x !== pb[i] && x !== "1" && pb[i] !== "1" && x !== "·" && pb[i] !== "·" ? "^" : " ",
  );
  return `  ${row(pa)}\n  ${row(pb)}\n  ${row(marks)}`;
}

/**
 * NumPy/PyTorch broadcasting: align from the right; each pair of dims must be equal or one of them 1.
 * Throws a ShapeError naming `op`, both shapes and the dims that clash.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot broadcast: ` +
          `dim ${i - n} is ${da} vs ${db} (each pair must be equal or one of them 1).\n` +
          `Aligned from the right:\n${alignment(a, b)}\n` +
          `Fix: reshape or unsqueeze one side so the clashing dims match, e.g. b.unsqueeze(${i - n}).`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Turns a possibly negative dim into 0…rank−1, with an error naming the op. */
export function normalizeDim(op: string, dim: number, rank: number): number {
  const d = dim < 0 ? dim + rank : dim;
  if (!Number.isInteger(d) || d < 0 || d >= Math.max(rank, 1)) {
    throw new ShapeError(
      `${op}: dim ${dim} is out of range for a tensor of rank ${rank} (use −${rank}…${rank - 1})`,
    );
  }
  return d;
}

/** Normalises a dim argument (one, several or all) into a sorted list of dims. */
export function normalizeDims(
  op: string,
  dims: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (dims === undefined) return [...Array(rank).keys()];
  const list = typeof dims === "number" ? [dims] : dims;
  return [...new Set(list.map((d) => normalizeDim(op, d, rank)))].sort((x, y) => x - y);
}
