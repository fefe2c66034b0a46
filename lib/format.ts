// How a tensor prints: like PyTorch (aligned values, "..." for large tensors) plus shape, dtype and grad status.
import { isFloat } from "./dtype";
import { stridesOf } from "./shape";
import type { Tensor } from "./tensor";

/** Above this many elements only the first and last `edge` entries of each dim are shown. */
const threshold = 1000;
const edge = 3;

/** Prints each value to one width, so columns line up (PyTorch's _Formatter). */
interface NumberFormat {
  format: (v: number) => string;
  width: number;
}

/**
 * Picks one number format for the whole tensor from the values shown, as PyTorch does: integers
 * as "3.", fixed "0.1429" with 4 decimals, or scientific "1.0000e-05" when the magnitudes span more
 * than 1000× or leave [1e-4, 1e8]. The width is that of the widest nonzero finite value.
 */
function numberFormat(dtype: Tensor["dtype"], values: number[]): NumberFormat {
  if (dtype === "bool") return fixedWidth(values, (v) => (v ? "true" : "false"));
  if (!isFloat(dtype)) return fixedWidth(values, (v) => String(v));
  const nonzero = values.filter((v) => Number.isFinite(v) && v !== 0);
  const magnitudes = nonzero.map(Math.abs);
  const [max, min] = [Math.max(...magnitudes), Math.min(...magnitudes)];
  const integers = nonzero.every(Number.isInteger);
  const sci = nonzero.length > 0 && (max / min > 1000 || max > 1e8 || (!integers && min < 1e-4));
  const core = sci ? scientific : integers ? (v: number) => `${v.toFixed(0)}.` : (v: number) => v.toFixed(4);
  const width = Math.max(0, ...nonzero.map((v) => core(v).length));
  const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
  return { format: (v) => (Number.isFinite(v) ? core(v) : special(v)).padStart(width), width };
}

/** Python's "{:.4e}": 1.0000e-05 (JavaScript writes 1.0000e-5). */
const scientific = (v: number) => v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");

function fixedWidth(values: number[], f: (v: number) => string): NumberFormat {
  const width = Math.max(0, ...values.map((v) => f(v).length));
  return { format: (v) => f(v).padStart(width), width };
}

/** PyTorch's line width: a row of numbers wraps onto the next line past 80 characters. */
const lineWidth = 80;

/** The values as nested brackets; continuation rows are indented for text that starts at column `indent`
 * (after "tensor(" in `String(t)`, 0 on their own). */
function formatValues(t: Tensor, indent = 0): string {
  const summarize = t.size > threshold;
  const strides = stridesOf(t.shape);
  const shown = (n: number) =>
    summarize && n > 2 * edge ? [...range(0, edge), -1, ...range(n - edge, n)] : range(0, n);
  const values: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === t.ndim) values.push(t.data[offset]);
    else for (const i of shown(t.shape[dim])) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const { format, width } = numberFormat(t.dtype, values);
  let next = 0;
  const vector = (n: number, indent: number): string => {
    const cells = shown(n).map((i) => (i < 0 ? " ..." : format(values[next++])));
    const perLine = Math.max(1, Math.floor((lineWidth - indent) / (width + 2)));
    const lines = range(0, Math.ceil(cells.length / perLine)).map((l) =>
      cells.slice(l * perLine, (l + 1) * perLine).join(", "),
    );
    return `[${lines.join(",\n" + " ".repeat(indent + 1))}]`;
  };
  const render = (dim: number, indent: number): string => {
    if (t.ndim === 0) return format(values[0]);
    if (dim === t.ndim - 1) return vector(t.shape[dim], indent);
    const parts = shown(t.shape[dim]).map((i) => (i < 0 ? "..." : render(dim + 1, indent + 1)));
    return `[${parts.join("," + "\n".repeat(t.ndim - dim - 1) + " ".repeat(indent + 1))}]`;
  };
  return render(0, indent);
}

/**
 * A duration as people write it: "0.6s", "42.0s", "2m05s", "1h03m" — seconds never reach 60 and the
 * minutes after hours keep two digits.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  if (seconds < 59.95) return `${seconds.toFixed(1)}s`;
  const total = Math.round(seconds);
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}h${two(m)}m` : `${m}m${two(s)}s`;
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
  return `tensor(${formatValues(t, "tensor(".length)}, shape=[${t.shape.join(", ")}], dtype=${t.dtype}${gradStatus(t)}${name})`;
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
  const { format: fmt } = numberFormat(t.dtype, Array.from(t.data));
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
