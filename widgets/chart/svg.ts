// The static form of a figure: one SVG drawn on the kernel side with d3-scale and d3-shape, so the chart
// is in the saved notebook itself and shows with scripts off (nbconvert's HTML, untrusted notebooks).
import { area, line } from "d3-shape";
import { escapeXml } from "../view";
import { colorMap, finiteExtent, rgbBytes } from "./color";
import {
  type Figure,
  type HeatmapTrace,
  type Panel,
  type PanelBox,
  type Trace,
  layoutFigure,
  legendEntries,
  palette,
} from "./figure";
import { pngDataUri } from "./png";
import { type Axis, legendAtBottom, panelAxes } from "./scales";

/** Heatmaps with more cells than this are drawn as one PNG instead of one rectangle per cell. */
const maxCellRects = 2500;

const n1 = (v: number) => v.toFixed(1);
const text = (x: number, y: number, s: string, attrs = "") =>
  `<text x="${n1(x)}" y="${n1(y)}"${attrs}>${escapeXml(s)}</text>`;

export function figureSvg(figure: Figure): string {
  const { width, height, boxes } = layoutFigure(figure);
  const title = figure.title ? text(width / 2, 17, figure.title, ' text-anchor="middle" font-size="14"') : "";
  const panels = figure.panels.map((p, i) => panelSvg(p, boxes[i], i));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
    `font-family="sans-serif" font-size="11">${title}${panels.join("")}</svg>`
  );
}

function panelSvg(panel: Panel, box: PanelBox, index: number): string {
  const axes = panelAxes(panel, box);
  const clip = `gradlab-clip-${index}-${Math.random().toString(36).slice(2, 8)}`;
  const traces = panel.traces.map((t, k) => traceSvg(t, axes, k)).join("");
  const frames = (panel.frames ?? []).map(
    (f) =>
      `<rect x="${n1(axes.x.at(f.x0))}" y="${n1(Math.min(axes.y.at(f.y0), axes.y.at(f.y1)))}" width="${n1(Math.abs(axes.x.at(f.x1) - axes.x.at(f.x0)))}" ` +
      `height="${n1(Math.abs(axes.y.at(f.y1) - axes.y.at(f.y0)))}" fill="none" stroke="${f.color}" stroke-width="2"/>`,
  );
  const notes = (panel.annotations ?? []).map((a) =>
    text(
      axes.x.at(a.x),
      axes.y.at(a.y),
      a.text,
      ` text-anchor="middle" font-size="10" fill="${a.color ?? "#333"}"`,
    ),
  );
  return (
    `<g class="panel">` +
    (panel.title
      ? text(box.left + box.width / 2, box.top - 10, panel.title, ' text-anchor="middle" font-size="12"')
      : "") +
    (panel.hideAxes ? "" : axesSvg(panel, box, axes)) +
    `<clipPath id="${clip}"><rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}"/></clipPath>` +
    `<g clip-path="url(#${clip})">${traces}</g>${frames.join("")}${notes.join("")}${legendSvg(panel, box, legendAtBottom(panel, box, axes))}</g>`
  );
}

function axesSvg(panel: Panel, box: PanelBox, { x, y }: { x: Axis; y: Axis }): string {
  const bottom = box.top + box.height;
  const xTicks = x.ticks.map(
    (t) =>
      `<line x1="${n1(t.at)}" x2="${n1(t.at)}" y1="${bottom}" y2="${bottom + 4}" stroke="#888"/>` +
      text(t.at, bottom + 15, t.label, ' text-anchor="middle"'),
  );
  const yTicks = y.ticks.map(
    (t) =>
      `<line x1="${box.left - 4}" x2="${box.left + box.width}" y1="${n1(t.at)}" y2="${n1(t.at)}" stroke="#eee"/>` +
      text(box.left - 6, t.at + 4, t.label, ' text-anchor="end"'),
  );
  const labels =
    (panel.xLabel ? text(box.left + box.width / 2, bottom + 32, panel.xLabel, ' text-anchor="middle"') : "") +
    (panel.yLabel
      ? `<text transform="translate(${box.left - 44},${box.top + box.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(panel.yLabel)}</text>`
      : "");
  const frame = `<rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}" fill="none" stroke="#ccc"/>`;
  return yTicks.join("") + xTicks.join("") + frame + labels;
}

function traceSvg(trace: Trace, { x, y }: { x: Axis; y: Axis }, k: number): string {
  const color =
    ("color" in trace && typeof trace.color === "string" && trace.color) || palette[k % palette.length];
  switch (trace.type) {
    case "line": {
      const path = line<number>()
        .defined((i) => Number.isFinite(trace.y[i]))
        .x((i) => x.at(trace.x[i]))
        .y((i) => y.at(trace.y[i]))(trace.x.map((_, i) => i));
      const dash = trace.dash ? ' stroke-dasharray="5 3"' : "";
      return `<path class="trace line" d="${path}" fill="none" stroke="${color}" stroke-width="${trace.width ?? 1.8}" stroke-opacity="${trace.opacity ?? 1}"${dash}/>`;
    }
    case "band": {
      const path = area<number>()
        .x((i) => x.at(trace.x[i]))
        .y0((i) => y.at(trace.lower[i]))
        .y1((i) => y.at(trace.upper[i]))(trace.x.map((_, i) => i));
      return `<path class="trace band" d="${path}" fill="${color}" fill-opacity="${trace.opacity ?? 0.3}" stroke="none"/>`;
    }
    case "scatter":
      return trace.x
        .map((xi, i) => {
          const fill = Array.isArray(trace.color) ? trace.color[i] : color;
          return `<circle class="point" cx="${n1(x.at(xi))}" cy="${n1(y.at(trace.y[i]))}" r="${trace.size ?? 3}" fill="${fill}" stroke="#fff" stroke-width="0.5"/>`;
        })
        .join("");
    case "bar":
      return trace.x
        .map((xi, i) => {
          const w = typeof xi === "string" ? x.step * 0.8 : x.step * (trace.width ?? 1);
          const [y0, y1] = [y.at(0), y.at(trace.y[i])];
          return `<rect class="bar" x="${n1(x.at(xi) - w / 2)}" y="${n1(Math.min(y0, y1))}" width="${n1(Math.max(w, 0.5))}" height="${n1(Math.abs(y1 - y0))}" fill="${color}"/>`;
        })
        .join("");
    case "heatmap":
      return heatmapSvg(trace, x, y);
    case "image": {
      const [x0, x1, y0, y1] = [x.at(0), x.at(trace.width), y.at(0), y.at(trace.height)];
      return `<image href="${trace.source}" x="${n1(Math.min(x0, x1))}" y="${n1(Math.min(y0, y1))}" width="${n1(Math.abs(x1 - x0))}" height="${n1(Math.abs(y1 - y0))}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`;
    }
  }
}

/** One rectangle per cell (with its text, if any) — or, for large grids, one PNG of the cells. */
function heatmapSvg(trace: HeatmapTrace, x: Axis, y: Axis): string {
  const [lo, hi] = finiteExtent(trace.z);
  const [zmin, zmax] = [trace.zmin ?? lo, trace.zmax ?? hi];
  const color = colorMap(trace.colors, zmin, zmax);
  const rows = trace.z.length;
  const cols = trace.z[0]?.length ?? 0;
  const cx = (j: number) => x.at(trace.x?.[j] ?? j);
  const cy = (i: number) => y.at(trace.y?.[i] ?? i);
  const [w, h] = [
    Math.abs(cx(Math.min(1, cols - 1)) - cx(0)) || x.step,
    Math.abs(cy(Math.min(1, rows - 1)) - cy(0)) || y.step,
  ];
  const opacity = trace.opacity === undefined ? "" : ` opacity="${trace.opacity}"`;
  if (rows * cols > maxCellRects) {
    const rgb = new Uint8Array(rows * cols * 3);
    // PNG rows run top to bottom: pick the grid row that lands at each pixel row
    const topFirst = cy(0) < cy(rows - 1);
    trace.z.forEach((row, i) =>
      row.forEach((v, j) => rgb.set(rgbBytes(color(v)), ((topFirst ? i : rows - 1 - i) * cols + j) * 3)),
    );
    const left = Math.min(cx(0), cx(cols - 1)) - w / 2;
    const top = Math.min(cy(0), cy(rows - 1)) - h / 2;
    return `<image href="${pngDataUri(cols, rows, rgb)}" x="${n1(left)}" y="${n1(top)}" width="${n1(w * cols)}" height="${n1(h * rows)}" preserveAspectRatio="none" style="image-rendering:pixelated"${opacity}/>`;
  }
  const cells = trace.z.flatMap((row, i) =>
    row.map((v, j) => {
      const rect = `<rect class="cell" x="${n1(cx(j) - w / 2)}" y="${n1(cy(i) - h / 2)}" width="${n1(w + 0.3)}" height="${n1(h + 0.3)}" fill="${color(v)}"/>`;
      const label = trace.text?.[i]?.[j];
      const [r, g, b] = rgbBytes(color(v));
      const dark = 0.299 * r + 0.587 * g + 0.114 * b < 140; // white text on dark cells
      return label
        ? rect +
            text(
              cx(j),
              cy(i) + 4,
              label,
              ` text-anchor="middle" font-size="10" fill="${dark ? "#fff" : "#222"}"`,
            )
        : rect;
    }),
  );
  return `<g class="trace heatmap"${opacity}>${cells.join("")}</g>`;
}

/** The named traces' colours and names: in the panel's top-right corner (or bottom-right), or beside it. */
function legendSvg(panel: Panel, box: PanelBox, atBottom: boolean): string {
  const named = legendEntries(panel);
  const first = atBottom ? box.top + box.height - 6 - 13 * (named.length - 1) : box.top + 12;
  // inside: swatches at the right edge, names ending left of them; beside: swatches first, names after
  const swatch = box.legendBeside ? box.left + box.width + 14 : box.left + box.width - 6;
  const [labelX, anchor] = box.legendBeside ? [swatch + 8, "start"] : [swatch - 8, "end"];
  return named
    .map(({ name, color }, row) => {
      const y = first + 13 * row;
      return `<rect x="${swatch - 4}" y="${y - 7}" width="8" height="8" fill="${color}"/>${text(labelX, y, name, ` text-anchor="${anchor}" font-size="10"`)}`;
    })
    .join("");
}
