// The interactive form of a figure: plotly.js JSON ({ data, layout }). Panels become subplots placed where
// the static SVG puts them (the same layoutFigure boxes), so the page does not jump when plotly takes over.
import { finiteExtent } from "./color";
import { type Figure, type Panel, type PanelBox, type Trace, layoutFigure, palette } from "./figure";
import { type Axis, legendAtBottom, panelAxes } from "./scales";

export interface PlotlyFigure {
  data: Record<string, unknown>[];
  layout: Record<string, unknown>;
}

/** 7 significant digits: a float32 value exactly, in fewer bytes than a float64's 17. */
const compact = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(7)) : null);
const numbers = (values: number[]) => values.map(compact);

export function figurePlotly(figure: Figure): PlotlyFigure {
  const { width, height, boxes } = layoutFigure(figure);
  const data = figure.panels.flatMap((panel, i) =>
    panel.traces.map((t, k): TraceJson => ({
      ...traceJson(t, k),
      xaxis: `x${i + 1}`,
      yaxis: `y${i + 1}`,
      legend: i === 0 ? "legend" : `legend${i + 1}`,
    })),
  );
  // each panel its own legend where the static SVG puts it
  const legends = figure.panels.map((p, i) =>
    legendJson(boxes[i], width, height, legendAtBottom(p, boxes[i], panelAxes(p, boxes[i]))),
  );
  // and its own colour bar, beside it (plotly would stack every heatmap's bar at the figure's right edge)
  for (const t of data) {
    const box = boxes[Number(String(t.xaxis).slice(1)) - 1];
    if (t.type === "heatmap" && t.showscale) Object.assign(t, { colorbar: colorbarJson(box, width, height) });
  }
  const layout: Record<string, unknown> = {
    width,
    height,
    margin: { l: 0, r: 0, t: 0, b: 0 },
    title: figure.title ? { text: figure.title, y: 1 - 12 / height, yanchor: "middle" } : undefined,
    showlegend: data.some((t) => t.showlegend),
    ...Object.fromEntries(legends.map((l, i) => [i === 0 ? "legend" : `legend${i + 1}`, l])),
    hovermode: "closest",
    annotations: figure.panels.flatMap((p, i) => annotations(p, i, boxes[i], width, height)),
    shapes: figure.panels.flatMap((p, i) =>
      (p.frames ?? []).map((f) => ({
        type: "rect",
        xref: `x${i + 1}`,
        yref: `y${i + 1}`,
        ...f,
        color: undefined,
        line: { color: f.color, width: 2 },
      })),
    ),
  };
  figure.panels.forEach((p, i) => Object.assign(layout, axesJson(p, i, boxes[i], width, height)));
  return { data, layout };
}

/** A panel's legend: inside its box's top-right (or bottom-right) corner, or beside the box (plotly's positions are fractions of the figure). */
function legendJson(box: PanelBox, width: number, height: number, atBottom: boolean) {
  return {
    x: (box.left + box.width + (box.legendBeside ? 8 : 0)) / width,
    xanchor: box.legendBeside ? "left" : "right",
    y: 1 - (atBottom ? box.top + box.height : box.top) / height,
    yanchor: atBottom ? "bottom" : "top",
    bgcolor: "rgba(255,255,255,0.6)",
    font: { size: 10 },
  };
}

/** A colour bar just right of a panel, as tall as it. */
function colorbarJson(box: PanelBox, width: number, height: number) {
  return {
    x: (box.left + box.width + 6) / width,
    xanchor: "left",
    y: 1 - (box.top + box.height / 2) / height,
    len: box.height / height,
    thickness: 10,
    tickfont: { size: 9 },
  };
}

/** What plotly shows on an axis: the static SVG's numeric range (log axes take it in powers of ten), or
 * the names in their order (plotly would read names like "0"…"9" as numbers), top to bottom if reversed. */
function rangeOf(axis: Axis, log = false, reversed = false) {
  if (!axis.domain) return { type: "category", autorange: reversed ? "reversed" : true };
  const range = log ? axis.domain.map(Math.log10) : axis.domain;
  return { type: log ? "log" : undefined, range: reversed ? [range[1], range[0]] : range };
}

/** Rows and columns of cells are counted: their axes show the static SVG's whole-number ticks, not 0.5s. */
function cellTicks(panel: Panel, axis: Axis) {
  const cells = panel.traces.some((t) => t.type === "heatmap");
  return cells && axis.tickValues ? { tickmode: "array", tickvals: axis.tickValues } : {};
}

/** The panel's x and y axes, placed on the panel's box (plotly's domains are fractions of the figure). */
function axesJson(panel: Panel, i: number, box: PanelBox, width: number, height: number) {
  const n = i + 1;
  const axes = panelAxes(panel, box);
  const name = (axis: "x" | "y") => (n === 1 ? `${axis}axis` : `${axis}axis${n}`);
  const hidden = panel.hideAxes ? { visible: false } : {};
  return {
    [name("x")]: {
      domain: [box.left / width, (box.left + box.width) / width],
      anchor: `y${n}`,
      title: panel.xLabel ? { text: panel.xLabel, standoff: 4 } : undefined,
      ...rangeOf(axes.x),
      ...cellTicks(panel, axes.x),
      zeroline: false,
      ...hidden,
    },
    [name("y")]: {
      domain: [1 - (box.top + box.height) / height, 1 - box.top / height],
      anchor: `x${n}`,
      title: panel.yLabel ? { text: panel.yLabel, standoff: 4 } : undefined,
      ...rangeOf(axes.y, panel.yLog, panel.yReversed),
      ...cellTicks(panel, axes.y),
      dtick: panel.yLog ? 1 : undefined, // powers of ten only, as the static SVG labels them
      scaleanchor: panel.equalAspect ? `x${n}` : undefined,
      zeroline: false,
      ...hidden,
    },
  };
}

/** The panel's title (above its box, in figure fractions) and its captions (in data coordinates). */
function annotations(panel: Panel, i: number, box: PanelBox, width: number, height: number) {
  const title = panel.title
    ? [
        {
          text: panel.title,
          xref: "paper",
          yref: "paper",
          x: (box.left + box.width / 2) / width,
          y: 1 - (box.top - 6) / height,
          // centred on the panel and standing on the line just above it, as in the SVG (plotly's "auto"
          // anchors a title left of x in the figure's left third, right of it in the right third, and
          // hangs it from y near the top: neighbouring titles ran together, and over the top row)
          xanchor: "center",
          yanchor: "bottom",
          showarrow: false,
          font: { size: 12 },
        },
      ]
    : [];
  const notes = (panel.annotations ?? []).map((a) => ({
    text: a.text,
    x: a.x,
    y: a.y,
    xref: `x${i + 1}`,
    yref: `y${i + 1}`,
    showarrow: false,
    font: { size: 10, color: a.color ?? "#333" },
  }));
  return [...title, ...notes];
}

type TraceJson = Record<string, unknown> & { showlegend?: boolean };

function traceJson(trace: Trace, k: number): TraceJson {
  const color =
    ("color" in trace && typeof trace.color === "string" && trace.color) || palette[k % palette.length];
  const named = {
    name: "name" in trace ? trace.name : undefined,
    showlegend: "name" in trace && !!trace.name,
  };
  switch (trace.type) {
    case "line":
      return {
        type: "scatter",
        mode: "lines",
        x: numbers(trace.x),
        y: numbers(trace.y),
        line: { color, width: trace.width ?? 1.8, dash: trace.dash ? "dash" : "solid" },
        opacity: trace.opacity ?? 1,
        ...named,
      };
    case "scatter":
      return {
        type: "scatter",
        mode: "markers",
        x: numbers(trace.x),
        y: numbers(trace.y),
        marker: { color: trace.color ?? color, size: 2 * (trace.size ?? 3) },
        ...named,
      };
    case "bar":
      return {
        type: "bar",
        x: typeof trace.x[0] === "string" ? trace.x : numbers(trace.x as number[]),
        y: numbers(trace.y),
        width: typeof trace.x[0] === "string" ? undefined : trace.width,
        marker: { color },
        ...named,
      };
    case "band":
      // plotly fills between a closed polygon's edges: the upper curve, then the lower one backwards
      return {
        type: "scatter",
        mode: "lines",
        x: numbers([...trace.x, ...[...trace.x].reverse()]),
        y: numbers([...trace.upper, ...[...trace.lower].reverse()]),
        fill: "toself",
        fillcolor: color,
        opacity: trace.opacity ?? 0.3,
        line: { width: 0 },
        hoverinfo: "x+y",
        ...named,
      };
    case "heatmap": {
      const [lo, hi] = finiteExtent(trace.z);
      return {
        type: "heatmap",
        z: trace.z.map(numbers),
        x: trace.x,
        y: trace.y,
        zmin: trace.zmin ?? lo,
        zmax: trace.zmax ?? hi,
        // the same colours as the SVG: plotly's own scale from the same stops
        colorscale: trace.colors,
        showscale: trace.colorbar ?? false,
        opacity: trace.opacity ?? 1,
        text: trace.text,
        texttemplate: trace.text ? "%{text}" : undefined,
        hoverongaps: false,
      };
    }
    case "image":
      return { type: "image", source: trace.source, x0: 0.5, y0: 0.5, hoverinfo: "skip" };
  }
}
