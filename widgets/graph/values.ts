// How a tensor's numbers are shown on a node: a scalar as its number, a few values as a list, a matrix or
// vector as a small heatmap (the sign in colour: blue below zero, red above), anything else as min/mean/max.
import type { Tensor } from "../../lib/tensor";

/** Heatmaps are at most this many cells on a side; bigger tensors are averaged into blocks. */
const maxCells = 12;
/** Up to this many values are listed as numbers. */
const maxListed = 4;

/** A number in 4 significant digits, as a student reads it: 0.5, -1.234, 1.2e-5. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace("+", "");
  return String(Number(v.toPrecision(4)));
}

export const formatShape = (t: Tensor): string => `[${t.shape.join(", ")}]`;

/** min, mean and max of the values (NaN wins, so a NaN is never hidden by a summary). */
export function stats(t: Tensor): { min: number; mean: number; max: number } {
  let [min, max, total] = [Infinity, -Infinity, 0];
  for (const v of t.data) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    total += v;
  }
  return { min, mean: total / Math.max(1, t.size), max };
}

/** The values in one line of text: the number, the list, or min/mean/max. */
export function valueText(t: Tensor): string {
  if (t.size === 1) return formatNumber(t.data[0]);
  if (t.size <= maxListed) return `[${Array.from(t.data, formatNumber).join(", ")}]`;
  const { min, mean, max } = stats(t);
  return `min ${formatNumber(min)} · mean ${formatNumber(mean)} · max ${formatNumber(max)}`;
}

/** A heatmap grid for a vector or matrix (rows of block means), or null when the tensor isn't one. */
export function heatmapGrid(t: Tensor): number[][] | null {
  if (t.size <= maxListed || t.ndim < 1 || t.ndim > 2) return null;
  const [rows, cols] = t.ndim === 1 ? [1, t.shape[0]] : [t.shape[0], t.shape[1]];
  const [r, c] = [Math.min(rows, maxCells), Math.min(cols, maxCells)];
  return Array.from({ length: r }, (_, i) =>
    Array.from({ length: c }, (_, j) => blockMean(t, cols, span(i, r, rows), span(j, c, cols))),
  );
}

/** Which of `total` rows (or columns) the `i`-th of `cells` blocks covers. */
const span = (i: number, cells: number, total: number): [number, number] => [
  Math.floor((i * total) / cells),
  Math.floor(((i + 1) * total) / cells),
];

function blockMean(t: Tensor, cols: number, [r0, r1]: number[], [c0, c1]: number[]): number {
  let total = 0;
  for (let i = r0; i < r1; i++) for (let j = c0; j < c1; j++) total += t.data[i * cols + j];
  return total / ((r1 - r0) * (c1 - c0));
}

/** A diverging colour: white at 0, towards red for +scale and blue for −scale. */
export function divergingColor(v: number, scale: number): string {
  if (!Number.isFinite(v)) return "#ffd400"; // NaN and ±∞ stand out in yellow
  const s = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  const [r, g, b] = s >= 0 ? [178, 24, 43] : [33, 102, 172];
  const mix = (c: number) => Math.round(255 + (c - 255) * Math.abs(s));
  return `#${[r, g, b].map((c) => mix(c).toString(16).padStart(2, "0")).join("")}`;
}

/** The largest |value| in a grid: the heatmap's colour scale. */
export const gridScale = (grid: number[][]): number =>
  Math.max(0, ...grid.flat().filter(Number.isFinite).map(Math.abs));
