// Shapes: sizes, strides, broadcasting, and errors that show both shapes and how they line up.

/** A tensor's size in each dimension, outermost first: [] is a scalar, [3] a vector, [2, 3] a matrix. */
export type Shape = readonly number[];

/** Raised for any shape mismatch; the message names the op, both shapes and a likely fix. */
export class ShapeError extends Error {
  /** always "ShapeError" */
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

/** Whether two shapes broadcast, and to what. */
function tryBroadcast(a: Shape, b: Shape): number[] | null {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/**
 * NumPy/PyTorch broadcasting: align from the right; each pair of dims must be equal or one of them 1.
 * Throws a ShapeError naming `op`, both shapes, how they line up, and a fix when one exists.
 * `names` are what the message calls the operands (as in `a.add(b)`).
 */
export function broadcastShapes(
  op: string,
  a: Shape,
  b: Shape,
  names: [string, string] = ["a", "b"],
): number[] {
  const out = tryBroadcast(a, b);
  if (out) return out;
  const n = Math.max(a.length, b.length);
  const clash = [...Array(n).keys()].find((i) => {
    const [da, db] = [a[a.length - n + i] ?? 1, b[b.length - n + i] ?? 1];
    return da !== db && da !== 1 && db !== 1;
  })!;
  const [da, db] = [a[a.length - n + clash], b[b.length - n + clash]];
  throw new ShapeError(
    `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot broadcast: ` +
      `dim ${clash - n} is ${da} vs ${db} (each pair must be equal or one of them 1).\n` +
      `Aligned from the right:\n${alignment(a, b)}\n` +
      broadcastFix(a, b, names),
  );
}

/**
 * A change to one operand that makes the two broadcast, as a sentence: inserting size-1 dims
 * (unsqueeze, or reshape for several), or swapping the last two dims. The smaller operand is tried
 * first: it is usually the one meant to be repeated (a bias, a per-row scale).
 */
function broadcastFix(a: Shape, b: Shape, names: [string, string]): string {
  const order: [Shape, Shape, string][] =
    b.length <= a.length
      ? [
          [b, a, names[1]],
          [a, b, names[0]],
        ]
      : [
          [a, b, names[0]],
          [b, a, names[1]],
        ];
  for (const [x, other, name] of order) {
    const fitted = fitInto(x, other);
    if (fitted) {
      const result = formatShape(tryBroadcast(fitted.shape, other)!);
      return `Fix: ${name}.${fitted.call} has shape ${formatShape(fitted.shape)}, which broadcasts with ${formatShape(other)} to ${result}.`;
    }
  }
  for (const [x, other, name] of order) {
    if (x.length < 2) continue;
    const swapped = [...x.slice(0, -2), x[x.length - 1], x[x.length - 2]];
    if (tryBroadcast(swapped, other))
      return `Fix: ${name}.transpose() has shape ${formatShape(swapped)}, which broadcasts with ${formatShape(other)}.`;
  }
  return "No unsqueeze, reshape or transpose of one side lines these up: check which dim each size belongs to.";
}

/**
 * Places x's dims, in order, at positions of `target` where the sizes match (or x's is 1), filling the
 * other positions with 1: e.g. [3] into [3,4] gives [3,1]. Returns the new shape and the call making it.
 */
function fitInto(x: Shape, target: Shape): { shape: number[]; call: string } | null {
  const positions = place(x, target, x.length - 1, target.length - 1);
  if (!positions) return null;
  const first = positions[0] ?? target.length;
  const shape = target.slice(first).map((_, j) => {
    const i = positions.indexOf(first + j);
    return i >= 0 ? x[i] : 1;
  });
  if (shape.length === x.length + 1) {
    const d = shape.findIndex((_, j) => !positions.includes(first + j));
    return { shape, call: `unsqueeze(${d - shape.length})` };
  }
  return { shape, call: `reshape([${shape.join(", ")}])` };
}

/** Matches x[0..i] to target[0..j] right to left, each x dim to an equal target dim (or 1). */
function place(x: Shape, target: Shape, i: number, j: number): number[] | null {
  if (i < 0) return [];
  for (let k = j; k >= i; k--) {
    if (x[i] !== target[k] && x[i] !== 1) continue;
    const rest = place(x, target, i - 1, k - 1);
    if (rest) return [...rest, k];
  }
  return null;
}

/** Turns a possibly negative dim into 0…rank−1, with an error naming the op. */
export function normalizeDim(op: string, dim: number, rank: number): number {
  const r = Math.max(rank, 1); // a 0-d tensor takes dim 0 or −1, as in PyTorch
  const d = dim < 0 ? dim + r : dim;
  if (!Number.isInteger(d) || d < 0 || d >= r) {
    throw new ShapeError(
      `${op}: dim ${dim} is out of range for a tensor of rank ${rank} (use −${r}…${r - 1})`,
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
