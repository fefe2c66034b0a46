// Views of what is inside a model: a weight matrix and its gradient as heatmaps, conv filters and
// feature maps as image grids, and the share of dead ReLU units per layer.
import type { Module } from "../lib/nn/module";
import { Tensor } from "../lib/tensor";
import { deadReluFractions } from "./activations";
import type { Figure } from "./chart/figure";
import { imageGridFigure } from "./chart/images";
import { ChartView } from "./chart/view";
import { shapeOf } from "./input";
import { heatmapTrace, toPictures } from "./plot";

/** A parameter as a matrix: 2-D as it is, a conv weight [O, I, kh, kw] as [O, I·kh·kw], 1-D as one row. */
function asMatrix(t: Tensor, what: string): Tensor {
  if (t.ndim === 2) return t;
  if (t.ndim === 1) return new Tensor(t.data, [1, t.shape[0]]);
  if (t.ndim > 2) return new Tensor(t.data, [t.shape[0], t.size / t.shape[0]]);
  throw new Error(`${what}: expected a parameter with at least 1 dim, got shape ${shapeOf(t)}`);
}

/**
 * A weight as a heatmap (blue negative, red positive, white 0) and, once backward ran, its gradient beside
 * it. A 2-D weight is drawn as it is, a conv weight [O, I, kh, kw] as [O, I·kh·kw], a bias as one row.
 * @example
 * const layer = new nn.Linear(4, 3);
 * layer.forward(randn([8, 4])).sum().backward();
 * weightHeatmap(layer.weight); // the 3×4 weight and its gradient
 */
export function weightHeatmap(
  weight: Tensor,
  options: {
    /** the chart's title (default: the weight's name, or "weight") */
    title?: string;
  } = {},
): ChartView {
  const name = options.title ?? weight.name ?? "weight";
  const matrices: [string, Tensor][] = [[name, weight]];
  if (weight.grad) matrices.push([`gradient of ${name}`, weight.grad]);
  const m = asMatrix(weight, "weightHeatmap");
  const [rows, cols] = m.shape;
  // cells as square as the matrix allows: a wide one (10 × 128) gets taller cells, not a 30-pixel strip
  const fit = (n: number, pixels: number) => Math.max(2, Math.min(24, Math.floor(pixels / n)));
  const [cellW, cellH] = [fit(cols, 420), fit(rows, 300)];
  const width = Math.min(640, cols * cellW); // past that, cells are thinner than a pixel: an image
  const height = Math.min(480, rows * Math.min(cellH, Math.max(cellW, 12)));
  const figure: Figure = {
    columns: width > 320 ? 1 : 2, // a wide weight and its gradient one above the other
    panelWidth: Math.max(230, width + 110), // room for the title over a narrow matrix
    panelHeight: height + 80,
    panels: matrices.map(([title, t]) => ({
      title: `${title} ${shapeOf(t)}`,
      yReversed: true,
      traces: [heatmapTrace(asMatrix(t, "weightHeatmap"), { colors: "diverging" })],
    })),
  };
  const text = matrices.map(([title, t]) => `${title} ${shapeOf(t)}: ${summary(t)}`).join("\n");
  return new ChartView(figure, text);
}

const summary = (t: Tensor) => {
  const v = Array.from(t.data, Number);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return `min ${Math.min(...v).toPrecision(3)}, mean ${mean.toPrecision(3)}, max ${Math.max(...v).toPrecision(3)}`;
};

/**
 * A conv layer's filters, weight [out, in, kh, kw], as images: one per filter for RGB input (in = 3), else
 * one per (out, in) pair, rows by output channel. Each stretched to its own range.
 * @example
 * filters(conv.weight, { max: 32 });
 */
export function filters(
  weight: Tensor,
  options: {
    /** show at most this many images (default 64) */
    max?: number;
    /** the chart's title (default: "filters" and the weight's shape) */
    title?: string;
  } = {},
): ChartView {
  if (weight.ndim !== 4)
    throw new Error(`filters: expected a conv weight [out, in, kh, kw], got shape ${shapeOf(weight)}`);
  const [out, inC, kh, kw] = weight.shape;
  const rgb = inC === 3;
  const tiles = rgb ? weight : new Tensor(weight.data, [out * inC, kh, kw]);
  const max = options.max ?? 64;
  const pictures = toPictures(tiles, "filters").slice(0, max);
  const captions = pictures.map((_, k) => (rgb || inC === 1 ? `${k}` : `${Math.floor(k / inC)}·${k % inC}`));
  return new ChartView(
    imageGridFigure(pictures, {
      title: options.title ?? `filters ${shapeOf(weight)}`,
      captions,
      columns: rgb ? 8 : inC === 1 ? 8 : Math.min(inC, 16),
      normalize: "each",
    }),
    `${pictures.length} of ${out * (rgb ? 1 : inC)} filters ${kh}×${kw}`,
  );
}

/**
 * The channels of one conv activation, [1, C, H, W] or [C, H, W], as images (each to its own range).
 * @example
 * const [x] = test.batch([0]); // one image, [1, 1, 28, 28]
 * featureMaps(conv.forward(x)); // its C channels
 */
export function featureMaps(
  activation: Tensor,
  options: {
    /** show at most this many channels (default 64) */
    max?: number;
    /** the chart's title (default: "feature maps" and the activation's shape) */
    title?: string;
  } = {},
): ChartView {
  const s = activation.shape;
  if (!(s.length === 3 || (s.length === 4 && s[0] === 1)))
    throw new Error(
      `featureMaps: expected one sample's activation [1, C, H, W] or [C, H, W], got shape ${shapeOf(activation)}`,
    );
  const [c, h, w] = s.slice(-3);
  const pictures = toPictures(new Tensor(activation.data, [c, h, w]), "featureMaps").slice(
    0,
    options.max ?? 64,
  );
  return new ChartView(
    imageGridFigure(pictures, {
      title: options.title ?? `feature maps ${shapeOf(activation)}`,
      captions: pictures.map((_, k) => String(k)),
      columns: 8,
      normalize: "each",
    }),
    `${pictures.length} of ${c} feature maps ${h}×${w}`,
  );
}

/** The share of dead units (0 for every sample of `x`) in each ReLU layer: a unit that never fires never learns. */
export function deadRelus(model: Module, x: Tensor): ChartView {
  const fractions = deadReluFractions(model, x);
  if (!fractions.length) throw new Error("deadRelus: the model has no nn.ReLU layers");
  const figure: Figure = {
    panels: [
      {
        title: `dead ReLU units (0 for all ${x.shape[0]} samples)`,
        xLabel: "layer",
        yLabel: "share dead",
        traces: [{ type: "bar", x: fractions.map(([n]) => `ReLU ${n}`), y: fractions.map(([, f]) => f) }],
      },
    ],
  };
  const text = fractions.map(([n, f]) => `ReLU ${n}: ${(100 * f).toFixed(1)}% dead`).join("\n");
  return new ChartView(figure, text);
}
