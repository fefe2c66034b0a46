// plot: charts of your own data — what a student reaches for in an experiment. Every function takes
// tensors or plain arrays and returns a chart (interactive where scripts run, a static SVG elsewhere).
//   plot.line(losses, { title: "loss" })       plot.scatter(points, { labels })
//   plot.hist(model.parameters()[0])           plot.heatmap(weight)      plot.images(digits, { captions })
import { bin } from "d3-array";
import { Tensor } from "../lib/tensor";
import { ChartView } from "./chart/view";
import { type ColorScale, type Figure, type Trace, colorScales, palette } from "./chart/figure";
import { imageGridFigure, type ImageGridOptions, type Picture } from "./chart/images";
import { type Matrix, type Values, allNumbers, shapeOf, toMatrix, toNumbers } from "./input";

/** Options every {@link plot} chart takes. */
export interface PlotOptions {
  /** the title above the chart */
  title?: string;
  /** the x axis's label */
  xLabel?: string;
  /** the y axis's label */
  yLabel?: string;
  /** a log y axis */
  yLog?: boolean;
  /** width in pixels */
  width?: number;
  /** height in pixels */
  height?: number;
}

/** One curve: its y values, and optionally its x values and a name for the legend. */
export interface Series {
  /** the x values, as many as y (default 0, 1, 2, …) */
  x?: Values;
  /** the y values: a 1-D tensor or a number array */
  y: Values;
  /** the curve's name in the legend */
  name?: string;
}

const figureOf = (traces: Trace[], o: PlotOptions, extra: Partial<Figure["panels"][0]> = {}): Figure => ({
  panels: [{ title: o.title, xLabel: o.xLabel, yLabel: o.yLabel, yLog: o.yLog, traces, ...extra }],
  panelWidth: o.width,
  panelHeight: o.height,
});

const summary = (kind: string, o: PlotOptions, what: string) =>
  `${kind}${o.title ? ` "${o.title}"` : ""}: ${what}`;

/** The series in `ys`: a 1-D tensor or array, a 2-D tensor [curves, points], or a list of series. */
function toSeries(ys: Values | Series[]): Series[] {
  if (ys instanceof Tensor && ys.ndim === 2) return toMatrix(ys, "plot.line").map((y) => ({ y }));
  if (Array.isArray(ys) && typeof ys[0] === "object") return ys as Series[];
  return [{ y: ys as Values }];
}

/**
 * Line chart: `plot.line(ys)`, `plot.line([{ x, y, name }, …])`, or a 2-D tensor as one curve per row.
 * @example
 * plot.line(history.get("loss"), { title: "loss", xLabel: "epoch", yLog: true });
 * plot.line([
 *   { y: history.get("loss"), name: "train" },
 *   { y: history.get("valLoss"), name: "validation" },
 * ]);
 */
export function line(ys: Values | Series[], options: PlotOptions = {}): ChartView {
  const traces = toSeries(ys).map((s, k): Trace => {
    const y = toNumbers(s.y, "plot.line");
    const x = s.x ? toNumbers(s.x, "plot.line x") : y.map((_, i) => i);
    if (x.length !== y.length) throw new Error(`plot.line: ${x.length} x values for ${y.length} y values`);
    return { type: "line", x, y, name: s.name, color: palette[k % palette.length] };
  });
  const points = traces.map((t) => (t as { y: number[] }).y.length);
  return new ChartView(
    figureOf(traces, options),
    summary("line chart", options, `${points.join(", ")} points`),
  );
}

/** Options of `plot.scatter`: those of every chart, and a class per point. */
export interface ScatterOptions extends PlotOptions {
  /** a class per point (integers): each class gets its own colour */
  labels?: Values;
}

/**
 * Scatter plot: `plot.scatter(points)` with points of shape [N, 2], or `plot.scatter(xs, ys)`;
 * coloured by `labels`, one colour per class.
 * @example
 * const ds = data.moons(200, { noise: 0.1 });
 * plot.scatter(ds.inputs, { labels: ds.targets, title: "moons" });
 */
export function scatter(
  xy: Values,
  ysOrOptions?: Values | ScatterOptions,
  maybeOptions: ScatterOptions = {},
): ChartView {
  const pairs = xy instanceof Tensor && xy.ndim === 2;
  const options = (pairs ? (ysOrOptions ?? {}) : maybeOptions) as ScatterOptions;
  let x: number[], y: number[];
  if (pairs) {
    if (xy.shape[1] !== 2) throw new Error(`plot.scatter: expected points [N, 2], got shape ${shapeOf(xy)}`);
    const rows = toMatrix(xy, "plot.scatter");
    [x, y] = [rows.map((r) => r[0]), rows.map((r) => r[1])];
  } else {
    if (ysOrOptions === undefined || !(ysOrOptions instanceof Tensor || Array.isArray(ysOrOptions)))
      throw new Error("plot.scatter: pass points [N, 2], or x values and y values");
    [x, y] = [toNumbers(xy, "plot.scatter x"), toNumbers(ysOrOptions as Values, "plot.scatter y")];
  }
  if (x.length !== y.length) throw new Error(`plot.scatter: ${x.length} x values for ${y.length} y values`);
  const labels = options.labels ? toNumbers(options.labels, "plot.scatter labels") : undefined;
  if (labels && labels.length !== x.length)
    throw new Error(`plot.scatter: ${labels.length} labels for ${x.length} points`);
  const traces: Trace[] = labels
    ? [...new Set(labels)]
        .sort((a, b) => a - b)
        .map((c) => {
          const idx = labels.flatMap((l, i) => (l === c ? [i] : []));
          return {
            type: "scatter",
            x: idx.map((i) => x[i]),
            y: idx.map((i) => y[i]),
            name: `class ${c}`,
            color: palette[c % palette.length],
          };
        })
    : [{ type: "scatter", x, y }];
  return new ChartView(figureOf(traces, options), summary("scatter plot", options, `${x.length} points`));
}

/** Options of `plot.hist`: those of every chart, and the number of bins. */
export interface HistOptions extends PlotOptions {
  /** about how many bins (d3 picks round bin edges near this count; default 30) */
  bins?: number;
}

/**
 * Histogram of every value in a tensor (any shape) or array; non-finite values are left out.
 * @example
 * plot.hist(model.parameters()[0], { title: "first layer's weights", bins: 50 });
 */
export function hist(values: Values, options: HistOptions = {}): ChartView {
  const data = allNumbers(values).filter(Number.isFinite);
  if (!data.length) throw new Error("plot.hist: no finite values to count");
  const bins = bin().thresholds(options.bins ?? 30)(data);
  const trace: Trace = {
    type: "bar",
    x: bins.map((b) => (b.x0! + b.x1!) / 2),
    y: bins.map((b) => b.length),
    width: bins[0].x1! - bins[0].x0! || 1,
  };
  const o = { yLabel: "count", ...options };
  return new ChartView(
    figureOf([trace], o),
    summary("histogram", o, `${data.length} values in ${bins.length} bins`),
  );
}

/** Options of `plot.heatmap`: those of every chart, the colours, and names for rows and columns. */
export interface HeatmapOptions extends PlotOptions {
  /** "diverging" (blue–white–red around 0: weights, gradients; the default when values have both signs)
   * or "sequential" (pale to dark) */
  colors?: "diverging" | "sequential" | ColorScale;
  /** write each value in its cell (default: when there are at most 100 cells) */
  showValues?: boolean;
  /** names of the columns, left to right */
  xLabels?: string[];
  /** names of the rows, top to bottom */
  yLabels?: string[];
  /** the columns' x coordinates, left to right (numbers): with `y`, the map sits on numeric axes with y
   * growing upwards, as a function z(x, y) is drawn */
  x?: number[];
  /** the rows' y coordinates (numbers), row 0 first: see `x` */
  y?: number[];
  /** curves drawn over the map in its x/y coordinates (needs `x` and `y`): paths across a loss surface,
   * in `plot.line`'s colours (pick map `colors` they stand out from, e.g. greys) */
  lines?: Series[];
}

/**
 * A matrix (2-D tensor or number[][]) as coloured cells, row 0 at the top.
 * @example
 * plot.heatmap(layer.weight, { title: "weights", xLabel: "input", yLabel: "unit" });
 */
export function heatmap(matrix: Matrix, options: HeatmapOptions = {}): ChartView {
  const numeric = options.x !== undefined && options.y !== undefined;
  if (options.lines && !numeric)
    throw new Error("plot.heatmap: lines need the map's coordinates: pass x (columns) and y (rows) too");
  const lines = (options.lines ?? []).map((s, k): Trace => {
    const y = toNumbers(s.y, "plot.heatmap lines");
    const x = s.x ? toNumbers(s.x, "plot.heatmap lines x") : y.map((_, i) => i);
    if (x.length !== y.length)
      throw new Error(`plot.heatmap: a line has ${x.length} x values for ${y.length} y values`);
    return { type: "line", x, y, name: s.name, color: palette[k % palette.length], width: 2 };
  });
  return new ChartView(
    figureOf([heatmapTrace(matrix, options), ...lines], options, { yReversed: !numeric }),
    heatmapText(matrix, options),
  );
}

export function heatmapTrace(matrix: Matrix, options: HeatmapOptions = {}): Trace {
  const z = toMatrix(matrix, "plot.heatmap");
  const flat = z.flat().filter(Number.isFinite);
  const signed = flat.some((v) => v < 0) && flat.some((v) => v > 0);
  const diverging = options.colors === "diverging" || (options.colors === undefined && signed);
  const bound = Math.max(...flat.map(Math.abs), 1e-12);
  const showValues = options.showValues ?? z.length * (z[0]?.length ?? 0) <= 100;
  return {
    type: "heatmap",
    z,
    x: options.x ?? options.xLabels,
    y: options.y ?? options.yLabels,
    colors: Array.isArray(options.colors)
      ? options.colors
      : diverging
        ? colorScales.redBlue
        : colorScales.blues,
    // diverging colours are centred on zero, so white always means 0
    zmin: diverging ? -bound : undefined,
    zmax: diverging ? bound : undefined,
    text: showValues ? z.map((row) => row.map((v) => String(Number(v.toPrecision(3))))) : undefined,
    colorbar: true,
  };
}

const heatmapText = (matrix: Matrix, o: PlotOptions) => {
  const z = toMatrix(matrix, "plot.heatmap");
  const flat = z.flat();
  return summary(
    "heatmap",
    o,
    `${z.length}×${z[0]?.length ?? 0}, min ${Math.min(...flat).toPrecision(4)}, max ${Math.max(...flat).toPrecision(4)}`,
  );
};

/** Options of `plot.images`: title, captions and their colours, frames, columns, grey scale, and how many to show. */
export interface ImagesOptions extends ImageGridOptions {
  /** show at most this many images (default 100) */
  max?: number;
}

/** The images of a tensor [N, H, W], [N, 1, H, W], [N, 3, H, W] (colour) or one image [H, W]. */
export function toPictures(images: Tensor, what: string): Picture[] {
  const s = images.shape;
  const [n, channels, h, w] =
    s.length === 2 ? [1, 1, s[0], s[1]] : s.length === 3 ? [s[0], 1, s[1], s[2]] : s.length === 4 ? s : [];
  if (n === undefined || (channels !== 1 && channels !== 3))
    throw new Error(
      `${what}: expected images [N, H, W], [N, 1, H, W], [N, 3, H, W] or one image [H, W], got shape ${shapeOf(images)}`,
    );
  const size = channels * h * w;
  return Array.from({ length: n }, (_, k) => ({
    pixels: images.data.subarray(k * size, (k + 1) * size),
    height: h,
    width: w,
    channels: channels as 1 | 3,
  }));
}

/**
 * A grid of images, with optional captions: a tensor of shape [N, H, W], [N, 1, H, W], [N, 3, H, W]
 * (colour) or one image [H, W].
 * @example
 * const { test } = data.mnist();
 * const [x, y] = test.batch([0, 1, 2, 3, 4, 5, 6, 7]);
 * plot.images(x, { captions: Array.from(y.data, String) });
 */
export function images(tensor: Tensor, options: ImagesOptions = {}): ChartView {
  const pictures = toPictures(tensor, "plot.images").slice(0, options.max ?? 100);
  if (!pictures.length) throw new Error(`plot.images: no images in a tensor of shape ${shapeOf(tensor)}`);
  const { height, width } = pictures[0];
  return new ChartView(
    imageGridFigure(pictures, options),
    `${pictures.length} images ${height}×${width}${options.captions ? `: ${options.captions.slice(0, 10).join(" ")}` : ""}`,
  );
}

/**
 * Charts of your own data: `import { plot } from "gradlab/widgets"`. Each takes tensors or plain arrays
 * and returns a chart: interactive where scripts run, a static SVG elsewhere, a line of text in Node.
 * @example
 * plot.line(losses, { title: "loss" });
 * plot.scatter(points, { labels });
 * plot.hist(model.parameters()[0]);
 * plot.heatmap(weight);
 * plot.images(digits, { captions });
 */
export const plot = {
  /** Line chart of one or more curves: `plot.line(ys)`, `plot.line([{ x, y, name }, …])`, or a 2-D tensor as one curve per row. */
  line,
  /** Scatter plot of points [N, 2] (or `xs, ys`), one colour per class in `labels`. */
  scatter,
  /** Histogram of every value in a tensor (any shape) or array. */
  hist,
  /** A matrix (2-D tensor or number[][]) as coloured cells, row 0 at the top. */
  heatmap,
  /** A grid of images: shape [N, H, W], [N, 1, H, W], [N, 3, H, W] or one image [H, W]. */
  images,
};
