// The figure model every chart view builds: panels of traces, in the terms both renderers share. One
// figure is drawn twice from the same numbers — as a static SVG (svg.ts, d3) that shows with scripts off,
// and as plotly.js JSON (plotly.ts) that the browser makes interactive.

/** A colour scale: stops from 0 to 1, as plotly writes them: [[0, "#fff"], [1, "#08519c"]]. */
export type ColorScale = [number, string][];

export const colorScales = {
  /** counts, shares, probabilities: pale to dark blue */
  blues: [
    [0, "#f7fbff"],
    [1, "#08519c"],
  ],
  /** pixel intensities: black to white */
  greys: [
    [0, "#000000"],
    [1, "#ffffff"],
  ],
  /** signed values such as weights and gradients: blue below zero, white at zero, red above */
  redBlue: [
    [0, "#2166ac"],
    [0.5, "#f7f7f7"],
    [1, "#b2182b"],
  ],
} satisfies Record<string, ColorScale>;

/** The category colours (d3's and plotly's default palette): class k is palette[k % 10]. */
export const palette = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

export interface LineTrace {
  type: "line";
  x: number[];
  y: number[];
  name?: string;
  color?: string;
  width?: number;
  dash?: boolean;
  opacity?: number;
}

export interface ScatterTrace {
  type: "scatter";
  x: number[];
  y: number[];
  name?: string;
  /** one colour, or one per point */
  color?: string | string[];
  size?: number;
}

/** Bars centred on x (numbers, or category names) with the given width (in x units for numbers). */
export interface BarTrace {
  type: "bar";
  x: number[] | string[];
  y: number[];
  width?: number;
  name?: string;
  color?: string;
}

/** A filled band between two curves: a quantile range over time. */
export interface BandTrace {
  type: "band";
  x: number[];
  lower: number[];
  upper: number[];
  name?: string;
  color?: string;
  opacity?: number;
}

/** A grid of values, z[row][column]; cell centres at x (columns) and y (rows): numbers or category names. */
export interface HeatmapTrace {
  type: "heatmap";
  z: number[][];
  x?: number[] | string[];
  y?: number[] | string[];
  colors: ColorScale;
  zmin?: number;
  zmax?: number;
  /** text written in each cell (e.g. the counts of a confusion matrix) */
  text?: string[][];
  /** see-through, so points drawn over it stay readable */
  opacity?: number;
  /** show the colour bar (off for categories) */
  colorbar?: boolean;
}

/** A picture (a PNG data URI) covering x 0..width and y 0..height in pixels, row 0 at the top. */
export interface ImageTrace {
  type: "image";
  source: string;
  width: number;
  height: number;
}

export type Trace = LineTrace | ScatterTrace | BarTrace | BandTrace | HeatmapTrace | ImageTrace;

/** Text placed in data coordinates, e.g. an image caption. */
export interface Annotation {
  x: number;
  y: number;
  text: string;
  color?: string;
}

/** A rectangle outline in data coordinates, e.g. the frame that marks a wrong prediction. */
export interface Frame {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  color: string;
}

export interface Panel {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  traces: Trace[];
  /** a log y axis (gradient norms span orders of magnitude) */
  yLog?: boolean;
  /** row 0 at the top, as matrices and images are read */
  yReversed?: boolean;
  /** one x unit as long as one y unit (images, 2-D data) */
  equalAspect?: boolean;
  /** no ticks or axis lines (image grids) */
  hideAxes?: boolean;
  annotations?: Annotation[];
  frames?: Frame[];
}

export interface Figure {
  title?: string;
  panels: Panel[];
  /** panels per row (default: up to 2) */
  columns?: number;
  /** size of one panel in pixels (default 340 × 230) */
  panelWidth?: number;
  panelHeight?: number;
}

/** Where each panel sits: its box in pixels, shared by both renderers so they lay out alike. */
export interface PanelBox {
  left: number;
  top: number;
  width: number;
  height: number;
  /** set when the legend stands beside the panel, right of it, rather than over its curves */
  legendBeside?: boolean;
}

export const margin = { left: 56, right: 16, top: 28, bottom: 40 };
const titleHeight = 24;

/** What a legend lists: each named trace's name and colour (its own, or the palette's for its index). */
export function legendEntries(panel: Panel): { name: string; color: string }[] {
  return panel.traces.flatMap((t, k) => {
    if (!("name" in t) || !t.name) return [];
    const own = "color" in t && typeof t.color === "string" && t.color;
    return [{ name: t.name, color: own || palette[k % palette.length] }];
  });
}

/** Up to this many entries a legend fits in a corner of its panel; more (a gradient norm per parameter) would hide the curves. */
const legendEntriesInside = 3;

/** The room a legend beside its panel takes (swatch, gap and a 10-pixel font's names), or 0 if it fits inside. */
function legendBesideWidth(panel: Panel): number {
  const names = legendEntries(panel).map((e) => e.name.length);
  return names.length > legendEntriesInside ? 24 + 6 * Math.max(...names) : 0;
}

/** The figure's size and each panel's plotting area (inside its margins). */
export function layoutFigure(figure: Figure): { width: number; height: number; boxes: PanelBox[] } {
  const n = figure.panels.length;
  const columns = Math.max(1, Math.min(n, figure.columns ?? 2));
  const rows = Math.ceil(n / columns);
  const [pw, ph] = [figure.panelWidth ?? 340, figure.panelHeight ?? 230];
  const top0 = figure.title ? titleHeight : 0;
  // a column is widened by the widest legend that stands beside one of its panels
  const beside = figure.panels.map(legendBesideWidth);
  const columnWidths = Array.from(
    { length: columns },
    (_, c) => pw + Math.max(0, ...beside.filter((_, i) => i % columns === c)),
  );
  const columnLefts = columnWidths.map((_, c) => columnWidths.slice(0, c).reduce((a, b) => a + b, 0));
  const boxes = figure.panels.map((_, i) => ({
    left: columnLefts[i % columns] + margin.left,
    top: top0 + Math.floor(i / columns) * ph + margin.top,
    width: pw - margin.left - margin.right,
    height: ph - margin.top - margin.bottom,
    ...(beside[i] > 0 && { legendBeside: true }),
  }));
  const width = columnWidths.reduce((a, b) => a + b, 0);
  return { width, height: top0 + rows * ph, boxes };
}
