// Views of what a model learned: its decision boundary on 2-D toy data (the class it predicts at every
// point of a grid, with the data on top), and a grid of its predictions with the wrong ones marked.
import { noGrad } from "../lib/autograd";
import type { Module } from "../lib/nn/module";
import { Tensor } from "../lib/tensor";
import { predictedClasses } from "../lib/train/metrics";
import { type ColorScale, type Trace, palette } from "./chart/figure";
import { imageGridFigure } from "./chart/images";
import { ChartView } from "./chart/view";
import { shapeOf, toNumbers, type Values } from "./input";
import { toPictures } from "./plot";

/** Points and their classes: a TensorDataset (inputs [N, 2], targets [N]) or the two tensors. */
export interface LabelledPoints {
  /** the points, shape [N, 2] */
  inputs: Tensor;
  /** each point's class: integers, shape [N] */
  targets: Values;
}

/** Options of {@link decisionBoundary}. */
export interface DecisionBoundaryOptions {
  /** grid cells per side (default 100) */
  resolution?: number;
  /** margin around the data, as a share of its range (default 0.1) */
  padding?: number;
  /** the chart's title (default: "decision boundary" and the share of points classified right) */
  title?: string;
}

/** Class k's colour across its band of a heatmap whose z runs from −0.5 to classes − 0.5. */
const classColors = (classes: number): ColorScale =>
  Array.from({ length: classes }, (_, k): [number, string][] => [
    [k / classes, palette[k % palette.length]],
    [(k + 1) / classes, palette[k % palette.length]],
  ]).flat();

/**
 * The model's predicted class over a grid covering the data (shaded), and the data's points on top, for
 * 2-D inputs: points [N, 2], targets [N]. The model runs in eval mode, without recording gradients.
 * @example
 * const ds = data.moons(200, { noise: 0.1 });
 * const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
 * await fit(model, ds, { optimizer: new optim.Adam(model, { lr: 0.01 }), loss: "crossEntropy", epochs: 50 });
 * decisionBoundary(model, ds);
 */
export function decisionBoundary(
  model: Module,
  data: LabelledPoints,
  options: DecisionBoundaryOptions = {},
): ChartView {
  const { inputs } = data;
  if (inputs.ndim !== 2 || inputs.shape[1] !== 2)
    throw new Error(`decisionBoundary: expected 2-D points, inputs [N, 2], got shape ${shapeOf(inputs)}`);
  const targets = toNumbers(data.targets, "decisionBoundary targets");
  const n = inputs.shape[0];
  if (targets.length !== n) throw new Error(`decisionBoundary: ${targets.length} targets for ${n} points`);
  const xs = Array.from({ length: n }, (_, i) => Number(inputs.data[2 * i]));
  const ys = Array.from({ length: n }, (_, i) => Number(inputs.data[2 * i + 1]));
  const res = options.resolution ?? 100;
  const axis = (v: number[]) => {
    const [lo, hi] = [Math.min(...v), Math.max(...v)];
    const pad = (hi - lo || 1) * (options.padding ?? 0.1);
    return Array.from({ length: res }, (_, i) => lo - pad + ((hi - lo + 2 * pad) * (i + 0.5)) / res);
  };
  const [gx, gy] = [axis(xs), axis(ys)];
  const grid = new Float32Array(res * res * 2);
  gy.forEach((y, r) => gx.forEach((x, c) => grid.set([x, y], 2 * (r * res + c))));
  const predicted = predict(model, new Tensor(grid, [res * res, 2]));
  const onPoints = predict(model, inputs);
  const classes = Math.max(...targets, ...predicted) + 1;
  const right = targets.filter((t, i) => t === onPoints[i]).length;
  const z = gy.map((_, r) => Array.from(predicted.subarray(r * res, (r + 1) * res)));
  const points: Trace[] = [...new Set(targets)]
    .sort((a, b) => a - b)
    .map((k) => {
      const idx = targets.flatMap((t, i) => (t === k ? [i] : []));
      const color = palette[k % palette.length];
      return {
        type: "scatter",
        x: idx.map((i) => xs[i]),
        y: idx.map((i) => ys[i]),
        name: `class ${k}`,
        color,
      };
    });
  const title =
    options.title ?? `decision boundary · ${((100 * right) / n).toFixed(1)}% of ${n} points right`;
  const heat: Trace = {
    type: "heatmap",
    z,
    x: gx,
    y: gy,
    colors: classColors(classes),
    zmin: -0.5,
    zmax: classes - 0.5,
    opacity: 0.3,
  };
  return new ChartView(
    { panelWidth: 420, panelHeight: 380, panels: [{ title, traces: [heat, ...points] }] },
    `decision boundary of ${classes} classes on a ${res}×${res} grid; ${right} of ${n} points classified right`,
  );
}

/** The class the model predicts for each row of x, in eval mode and without recording gradients. */
function predict(model: Module, x: Tensor): Int32Array {
  const wasTraining = model.training;
  model.eval();
  try {
    return predictedClasses(noGrad(() => model.forward(x)));
  } finally {
    model.train(wasTraining);
  }
}

/** Options of {@link predictionGrid}. */
export interface PredictionGridOptions {
  /** class names (default: the class numbers) */
  labels?: string[];
  /** show at most this many images (default 40) */
  max?: number;
  /** images per row (default: up to 10) */
  columns?: number;
  /** "wrong": only the mistakes (default "all") */
  show?: "all" | "wrong";
  /** the chart's title (default: how many of the predictions are right) */
  title?: string;
}

/**
 * Images with the predicted class under each: green when right, red (and framed) when wrong, "pred (true)".
 * Images [N, H, W], [N, 1, H, W] or [N, 3, H, W]; predictions [N, C] scores; targets [N] classes.
 * @example
 * const [x, y] = test.batch([...Array(40).keys()]);
 * predictionGrid(x, predict(model, x), y, { show: "wrong" });
 */
export function predictionGrid(
  images: Tensor,
  predictions: Tensor,
  targets: Values,
  options: PredictionGridOptions = {},
): ChartView {
  const pictures = toPictures(images, "predictionGrid");
  const predicted = predictedClasses(predictions);
  const truth = toNumbers(targets, "predictionGrid targets");
  if (predicted.length !== pictures.length || truth.length !== pictures.length)
    throw new Error(
      `predictionGrid: ${pictures.length} images, ${predicted.length} predictions and ${truth.length} targets; they must match`,
    );
  const name = (k: number) => options.labels?.[k] ?? String(k);
  const wrong = (i: number) => predicted[i] !== truth[i];
  const shown = pictures
    .map((_, i) => i)
    .filter((i) => options.show !== "wrong" || wrong(i))
    .slice(0, options.max ?? 40);
  const right = truth.filter((t, i) => t === predicted[i]).length;
  const title = options.title ?? `predictions: ${right} of ${truth.length} right`;
  const figure = imageGridFigure(
    shown.map((i) => pictures[i]),
    {
      title,
      columns: options.columns,
      captions: shown.map((i) =>
        wrong(i) ? `${name(predicted[i])} (${name(truth[i])})` : name(predicted[i]),
      ),
      captionColors: shown.map((i) => (wrong(i) ? "#d62728" : "#2ca02c")),
      frameColors: shown.map((i) => (wrong(i) ? "#d62728" : undefined)),
    },
  );
  const wrongShown = shown.filter(wrong).length;
  return new ChartView(figure, `${title}; showing ${shown.length} (${wrongShown} wrong, marked red)`);
}
