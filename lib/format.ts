// How a tensor prints: like PyTorch (aligned values, "..." for large tensors) plus shape, dtype and grad status.
import { isFloat } from "./dtype";
import type { Tensor } from "./tensor";

/** Above this many elements only the first and last `edge` entries of each dim are shown. */
const threshold = 1000;
const edge = 3;

/** Picks one number format for the whole tensor, as PyTorch does, so columns line up. */
function numberFormatter(t: Tensor): (v: number) => string {
  if (t.dtype === "bool") return (v) => (v ? "true" : "false");
  if (!isFloat(t.dtype)) return (v) => String(v);
  const finite = Array.from(t.data).filter(Number.isFinite);
  const nonzero = finite.map(Math.abs).filter((v) => v > 0);
  const max = nonzero.length ? Math.max(...nonzero) : 0;
  const min = nonzero.length ? Math.min(...nonzero) : 0;
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  const wrap = (f: (v: number) => string) => (v: number) => (Number.isFinite(v) ? f(v) : special(v));
  if (finite.every(Number.isInteger) && max < 1e8) return wrap((v) => `${v}.`);
  if (max >= 1e8 || min < 1e-4 || max / min > 1e4) return wrap((v) => v.toExponential(4));
  return wrap((v) => v.toFixed(4));
}

function formatValues(t: Tensor): string {
  const fmt = numberFormatter(t);
  const summarize = t.size > threshold;
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const shown = (n: number) =>
    summarize && n > 2 * edge ? [...range(0, edge), -1, ...range(n - edge, n)] : range(0, n);
  const cells: string[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === t.ndim) cells.push(fmt(t.data[offset]));
    else for (const i of shown(t.shape[dim])) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const width = Math.max(0, ...cells.map((c) => c.length));
  let next = 0;
  const render = (dim: number, indent: string): string => {
    if (dim === t.ndim) return cells[next++].padStart(width);
    const parts = shown(t.shape[dim]).map((i) => (i < 0 ? "..." : render(dim + 1, indent + " ")));
    const sep = dim === t.ndim - 1 ? ", " : "," + "\n".repeat(t.ndim - dim - 1) + indent + " ";
    return `[${parts.join(sep)}]`;
  };
  return render(0, "       ");
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, i) => start + i);
}

function gradStatus(t: Tensor): string {
  if (t.gradFn) return `, gradFn=<${t.gradFn.op}>`;
  return t.requiresGrad ? ", requiresGrad=true" : "";
}

export function formatTensor(t: Tensor): string {
  const name = t.name ? `, name="${t.name}"` : "";
  return `tensor(${formatValues(t)}, shape=[${t.shape.join(", ")}], dtype=${t.dtype}${gradStatus(t)}${name})`;
}

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A table for scalars, vectors and matrices; a compact summary for higher ranks or large tensors. */
export function htmlTensor(t: Tensor): string {
  const title = `${t.name ? escape(t.name) + " " : ""}[${t.shape.join("×")}] ${t.dtype}${escape(gradStatus(t))}`;
  const caption = `<div style="font:12px monospace;color:#666">${title}</div>`;
  if (t.ndim > 2 || t.size > 400) {
    const values = Array.from(t.data);
    const stats = values.length
      ? `min ${Math.min(...values).toPrecision(4)} · max ${Math.max(...values).toPrecision(4)} · ` +
        `mean ${(values.reduce((a, b) => a + b, 0) / values.length).toPrecision(4)}`
      : "empty";
    return `${caption}<pre style="font-size:12px">${escape(formatValues(t))}</pre><div style="font:12px monospace">${stats}</div>`;
  }
  const fmt = numberFormatter(t);
  const [rows, cols] = t.ndim === 2 ? t.shape : [1, t.size];
  const tds = (r: number) =>
    range(0, cols)
      .map((c) => `<td style="text-align:right;font-family:monospace">${fmt(t.data[r * cols + c])}</td>`)
      .join("");
  const body = range(0, rows)
    .map((r) => `<tr>${tds(r)}</tr>`)
    .join("");
  return `${caption}<table style="border-collapse:collapse">${body}</table>`;
}
