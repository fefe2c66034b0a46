// The labels on the nodes, as Graphviz HTML-like labels: a tensor's name, shape, values and gradient
// (a heatmap for vectors and matrices: coloured table cells), an op's name and arguments.
import type { Tensor } from "../../lib/tensor";
import { escapeXml } from "../view";
import { divergingColor, formatShape, gridScale, heatmapGrid, valueText } from "./values";

/** A small heatmap: one coloured cell per value (or per block of values). */
function heatmap(t: Tensor): string {
  const grid = heatmapGrid(t);
  if (!grid) return "";
  const scale = gridScale(grid);
  const size = grid[0].length > 8 ? 6 : 9;
  const rows = grid.map(
    (row) =>
      "<TR>" +
      row
        .map(
          (v) =>
            `<TD BGCOLOR="${divergingColor(v, scale)}" WIDTH="${size}" HEIGHT="${size}" FIXEDSIZE="TRUE"></TD>`,
        )
        .join("") +
      "</TR>",
  );
  // FIXEDSIZE: without it Graphviz stretches the table to the node's width and the cells drift apart
  const [width, height] = [grid[0].length * size + 2, grid.length * size + 2];
  return `<TABLE FIXEDSIZE="TRUE" WIDTH="${width}" HEIGHT="${height}" BORDER="1" COLOR="#bbbbbb" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">${rows.join("")}</TABLE>`;
}

/** The values of `t` as rows of the node's table: a heatmap if it is a vector or matrix, then the text. */
function valueRows(t: Tensor, prefix: string, color: string): string {
  const map = heatmap(t);
  const text = `<TR><TD><FONT COLOR="${color}">${prefix}${escapeXml(valueText(t))}</FONT></TD></TR>`;
  return (map ? `<TR><TD>${map}</TD></TR>` : "") + text;
}

export const gradColor = "#a14d00";

/** A tensor node: name and shape, its values, and its gradient when there is one. */
export function tensorLabel(index: number, t: Tensor, name: string | undefined, grad: Tensor | null): string {
  // #index ties the node to the text form and the stepper's steps; a scalar's shape [] says nothing
  const title = name ? ` <B>${escapeXml(name)}</B>` : "";
  const shape = t.ndim ? ` <FONT COLOR="#555555">${formatShape(t)}</FONT>` : "";
  const head = `<TR><TD><FONT POINT-SIZE="8" COLOR="#888888">#${index}</FONT>${title}${shape}</TD></TR>`;
  const values = valueRows(t, "", "#000000");
  const gradient = grad ? valueRows(grad, "grad ", gradColor) : "";
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${head}${values}${gradient}</TABLE>>`;
}

/** An op node: its name and the arguments worth showing (dim, shape, …). */
export function opLabel(op: string, attrs: Record<string, unknown> | undefined): string {
  const args = Object.entries(attrs ?? {})
    .filter(([, v]) => v !== undefined && v !== false) // e.g. matmul's transA=false says nothing
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  const small = args ? `<BR/><FONT POINT-SIZE="9">${escapeXml(args)}</FONT>` : "";
  return `<<B>${escapeXml(op)}</B>${small}>`;
}

/** A collapsed module's box: its name, what leaves it, its parameters and how many ops it hides. */
export function moduleLabel(title: string, outputs: Tensor[], params: string[], ops: number): string {
  const rows = [
    `<TR><TD><B>${escapeXml(title)}</B></TD></TR>`,
    ...outputs.map((t) => `<TR><TD><FONT COLOR="#555555">→ ${formatShape(t)}</FONT></TD></TR>`),
    ...params.map((p) => `<TR><TD><FONT POINT-SIZE="9">${escapeXml(p)}</FONT></TD></TR>`),
    `<TR><TD><FONT POINT-SIZE="9" COLOR="#555555">${ops} op${ops === 1 ? "" : "s"}</FONT></TD></TR>`,
  ];
  return `<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">${rows.join("")}</TABLE>>`;
}
