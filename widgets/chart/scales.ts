// The axes of one panel, with d3-scale: what range of data each trace covers, and where a value lands in
// pixels. Numbers get a linear (or log) scale with d3's "nice" ticks; category names get a band scale.
import { scaleBand, scaleLinear, scaleLog } from "d3-scale";
import type { Panel, PanelBox, Trace } from "./figure";

export interface Axis {
  /** the pixel position of a value (a category's centre for names) */
  at(value: number | string): number;
  /** pixels per category, or per unit for numbers */
  step: number;
  ticks: { at: number; label: string }[];
  /** the data range a numeric axis shows (after d3's "nice" rounding); absent for category names */
  domain?: [number, number];
  /** the values the numeric ticks stand at */
  tickValues?: number[];
}

const isNames = (values: readonly unknown[]): values is string[] => typeof values[0] === "string";

/** The spacing of evenly spaced centres (1 for a single cell). */
const spacing = (centres: number[]) =>
  centres.length > 1 ? (centres.at(-1)! - centres[0]) / (centres.length - 1) : 1;

/** The numbers a trace spans on one axis (its cells' edges, its bars' bases). */
function extentOf(trace: Trace, axis: "x" | "y"): number[] {
  switch (trace.type) {
    case "line":
    case "scatter":
      return trace[axis];
    case "band":
      return axis === "x" ? trace.x : [...trace.lower, ...trace.upper];
    case "bar":
      if (axis === "y") return [0, ...trace.y];
      if (isNames(trace.x)) return [];
      return trace.x.flatMap((x) => [x - (trace.width ?? 1) / 2, x + (trace.width ?? 1) / 2]);
    case "heatmap": {
      const count = axis === "x" ? (trace.z[0]?.length ?? 0) : trace.z.length;
      const centres = trace[axis] ?? Array.from({ length: count }, (_, i) => i);
      if (isNames(centres)) return [];
      const half = spacing(centres) / 2;
      return [centres[0] - half, centres.at(-1)! + half];
    }
    case "image":
      return axis === "x" ? [0, trace.width] : [0, trace.height];
  }
}

/** Category names on an axis, if its traces use names there. */
function namesOf(traces: Trace[], axis: "x" | "y"): string[] | undefined {
  for (const t of traces) {
    const values = t.type === "heatmap" || t.type === "bar" ? t[axis as "x"] : undefined;
    if (values && isNames(values)) return values;
  }
  return undefined;
}

function numericAxis(
  values: number[],
  range: [number, number],
  log: boolean,
  exact: boolean,
  integers = false,
): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let [lo, hi] = finite.length ? [Math.min(...finite), Math.max(...finite)] : [0, 1];
  // a constant (a fixed learning rate) sits mid-panel with its own scale
  const pad = Math.abs(lo) / 2 || 0.5;
  if (lo === hi) [lo, hi] = log ? [lo / 2, hi * 2] : [lo - pad, hi + pad];
  const scale = (log ? scaleLog() : scaleLinear()).domain([lo, hi]).range(range);
  if (!exact) scale.nice();
  const format = scale.tickFormat(log ? 4 : 5);
  // rows and columns of cells are counted in whole numbers: no tick at 0.5
  const tickValues = scale.ticks(log ? 4 : 5).filter((t) => !integers || Number.isInteger(t));
  const [d0, d1] = scale.domain();
  return {
    at: (v) => scale(v as number),
    domain: [d0, d1],
    step: Math.abs(range[1] - range[0]) / (hi - lo),
    tickValues,
    ticks: tickValues.map((t) => ({ at: scale(t), label: format(t) })),
  };
}

function bandAxis(names: string[], range: [number, number]): Axis {
  const scale = scaleBand().domain(names).range(range);
  const every = Math.ceil(names.length / 20); // at most 20 labels
  return {
    at: (v) => scale(String(v))! + scale.bandwidth() / 2,
    step: scale.bandwidth(),
    ticks: names
      .filter((_, i) => i % every === 0)
      .map((n) => ({ at: scale(n)! + scale.bandwidth() / 2, label: n })),
  };
}

/** The x and y axes of a panel drawn in `box`. */
export function panelAxes(panel: Panel, box: PanelBox): { x: Axis; y: Axis } {
  let xRange: [number, number] = [box.left, box.left + box.width];
  let yRange: [number, number] = [box.top + box.height, box.top];
  // cells and pictures fill exactly their extent; curves get nice round limits
  const exact = panel.traces.some((t) => t.type === "heatmap" || t.type === "image");
  const cells = panel.traces.some((t) => t.type === "heatmap" && t.x === undefined && t.y === undefined);
  const span = (axis: "x" | "y") => panel.traces.flatMap((t) => extentOf(t, axis));
  if (panel.equalAspect) [xRange, yRange] = equalAspect(span("x"), span("y"), xRange, yRange);
  if (panel.yReversed) yRange = [yRange[1], yRange[0]];
  const xNames = namesOf(panel.traces, "x");
  const yNames = namesOf(panel.traces, "y");
  return {
    x: xNames ? bandAxis(xNames, xRange) : numericAxis(span("x"), xRange, false, exact, cells),
    y: yNames ? bandAxis(yNames, yRange) : numericAxis(span("y"), yRange, panel.yLog ?? false, exact, cells),
  };
}

/** Shrinks one range so a unit of x and a unit of y take the same pixels, centred in the box. */
function equalAspect(
  xs: number[],
  ys: number[],
  xRange: [number, number],
  yRange: [number, number],
): [[number, number], [number, number]] {
  const size = (v: number[]) => Math.max(...v) - Math.min(...v) || 1;
  const [w, h] = [xRange[1] - xRange[0], yRange[0] - yRange[1]];
  const perUnit = Math.min(w / size(xs), h / size(ys));
  const [nw, nh] = [perUnit * size(xs), perUnit * size(ys)];
  const [dx, dy] = [(w - nw) / 2, (h - nh) / 2];
  return [
    [xRange[0] + dx, xRange[1] - dx],
    [yRange[0] - dy, yRange[1] + dy],
  ];
}

/**
 * Where a panel's legend covers the least data: its top-right corner, unless more of the curves' points
 * fall there than in the bottom-right one (a rising accuracy curve ends top right; a falling loss, bottom
 * right); a legend beside the panel starts at its top. Both renderers ask this, so the static SVG and
 * plotly put it in the same place.
 */
export function legendAtBottom(panel: Panel, box: PanelBox, axes: { x: Axis; y: Axis }): boolean {
  if (box.legendBeside) return false; // beside the panel it covers nothing: it starts at the top
  const [right, middle] = [box.left + box.width / 2, box.top + box.height / 2];
  let [top, bottom] = [0, 0];
  for (const t of panel.traces) {
    if (t.type !== "line" && t.type !== "scatter") continue;
    t.x.forEach((x, i) => {
      if (axes.x.at(x) < right || !Number.isFinite(t.y[i])) return;
      if (axes.y.at(t.y[i]) < middle) top++;
      else bottom++;
    });
  }
  return top > bottom;
}
