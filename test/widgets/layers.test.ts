// Gradients and weights, data and results: the numbers each view shows are the model's and the data's.
import { test } from "node:test";
import assert from "node:assert/strict";
import { quantile } from "d3-array";
import { data, fit, manualSeed, nn, optim, randn, tensor } from "../../lib";
import type { TrainContext } from "../../lib/train/callbacks";
import {
  deadRelus,
  decisionBoundary,
  featureMaps,
  filters,
  gradientNorms,
  histograms,
  predictionGrid,
  weightHeatmap,
} from "../../widgets/index";
import { assertChartBundle, elements, f32, plotlyOf, svgsOf } from "./helpers";

const moonsModel = () => new nn.Sequential(new nn.Linear(2, 8), new nn.ReLU(), new nn.Linear(8, 2));

test("histograms(): per-epoch quantile bands of weights, gradients and activations; dead ReLUs over time", async () => {
  manualSeed(0);
  const moons = data.moons(120, { noise: 0.1 });
  const model = moonsModel();
  const h = histograms({ sample: moons.inputs });
  await fit(model, moons, {
    optimizer: new optim.SGD(model, { lr: 0.1 }),
    loss: "crossEntropy",
    epochs: 3,
    callbacks: [h],
    verbose: false,
  });
  const view = h.view();
  assertChartBundle(view);
  const titles = elements(svgsOf(view)[0], "text").map((t) => t.textContent);
  for (const name of ["0.weight (weights)", "2.bias (gradient)", "1 output", "dead ReLU units"])
    assert.ok(titles.includes(name), name);
  // 4 params × (weights + gradient) + 3 layer outputs, and the dead-ReLU panel
  assert.equal(elements(svgsOf(view)[0], "path", "band").length, 4 * (4 + 4 + 3));
  // the last median of 0.weight is d3's median of the trained weights
  const { data: traces } = plotlyOf(view);
  const median = traces[4]; // bands 0–3, then the median line of the first panel
  assert.deepEqual(median.x, [0, 1, 2, 3]); // before training, then each epoch
  const w = Array.from(model.namedParameters()[0][1].data);
  assert.equal((median.y as number[]).at(-1), f32([quantile(w, 0.5)!])[0]);
});

test("gradientNorms(): one curve per parameter, the values fit's gradNorms() gave", async () => {
  manualSeed(1);
  const model = moonsModel();
  // each batch's norms by x (epoch − 1 + batch / batches)
  const seen = new Map<number, Record<string, number>>();
  const norms = gradientNorms();
  await fit(model, data.moons(64), {
    optimizer: new optim.SGD(model, { lr: 0.1 }),
    loss: "crossEntropy",
    batchSize: 16,
    epochs: 2,
    callbacks: [
      norms,
      { onBatchEnd: (ctx) => void seen.set(ctx.epoch - 1 + ctx.batch / ctx.batches, ctx.gradNorms()) },
    ],
    verbose: false,
  });
  const { data: traces, layout } = plotlyOf(norms.view());
  assert.equal((layout.yaxis as { type: string }).type, "log");
  assert.deepEqual(
    traces.map((t) => t.name),
    ["0.weight", "0.bias", "2.weight", "2.bias"],
  );
  // the first batch always; later ones while measuring stays under 1% of the training time
  const xs = traces[0].x as number[];
  assert.equal(xs[0], 0.25);
  assert.deepEqual(traces[0].y, f32(xs.map((x) => seen.get(x)!["0.weight"])));
  // with the whole training time to spend, every batch
  const every = gradientNorms({ budget: 1 });
  const other = moonsModel();
  await fit(other, data.moons(64), {
    optimizer: new optim.SGD(other, { lr: 0.1 }),
    loss: "crossEntropy",
    batchSize: 16,
    epochs: 2,
    callbacks: [every],
    verbose: false,
  });
  assert.equal((plotlyOf(every.view()).data[0].x as number[]).length, 8);
});

test("gradientNorms(): measuring takes under its budget of the training time", async () => {
  manualSeed(1);
  // a step that takes 1 ms and norms that take 1 ms: at most ~1% of batches measured
  let calls = 0;
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  const norms = gradientNorms();
  const ctx = { epoch: 1, batches: 200, gradNorms: () => (calls++, busy(1), { w: 1 }) };
  norms.onTrainBegin?.(ctx as unknown as TrainContext);
  for (let batch = 1; batch <= 200; batch++) {
    busy(1);
    norms.onBatchEnd?.({ ...ctx, batch } as unknown as TrainContext);
  }
  assert.ok(calls >= 1 && calls <= 4, `${calls} of 200 batches measured`);
});

test("gradientNorms(): pauses inside measurements (compiling, a garbage collection) do not end a short training's curve", () => {
  const busy = (ms: number) => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  // 200 batches of 0.5 ms; the first norms take 20 ms (as compiling their loops does), the tenth 5 ms (a
  // pause), the others 0.02. Counted, either pause is the budget of a 0.5–2 s training, and nothing after
  // it would be measured.
  let calls = 0;
  const norms = gradientNorms();
  const cost = () => (calls === 0 ? 20 : calls === 9 ? 5 : 0.02);
  const ctx = { epoch: 1, batches: 200, gradNorms: () => (busy(cost()), calls++, { w: 1 }) };
  norms.onTrainBegin?.(ctx as unknown as TrainContext);
  for (let batch = 1; batch <= 200; batch++) {
    busy(0.5);
    norms.onBatchEnd?.({ ...ctx, batch } as unknown as TrainContext);
  }
  const xs = plotlyOf(norms.view()).data[0].x as number[];
  assert.ok(calls > 10, `${calls} of 200 batches measured`);
  assert.ok(xs.at(-1)! > 0.9, `the curve ends at ${xs.at(-1)} of 1 epoch`);
});

test("deadRelus(): a unit whose input is negative for every sample counts as dead", () => {
  const model = moonsModel();
  const first = model.layers[0] as nn.Linear;
  // units 0–1 always negative, 2–7 always positive, on inputs in [0, 1]
  first.weight.data.fill(0);
  first.bias!.data.set([-1, -1, 1, 1, 1, 1, 1, 1]);
  const view = deadRelus(
    model,
    tensor([
      [0.2, 0.5],
      [0.9, 0.1],
      [0.4, 0.4],
    ]),
  );
  assertChartBundle(view);
  assert.deepEqual(plotlyOf(view).data[0].y, [0.25]);
  assert.equal(String(view), "ReLU 1: 25.0% dead");
  assert.equal(elements(svgsOf(view)[0], "rect", "bar").length, 1);
  assert.throws(() => deadRelus(new nn.Sequential(new nn.Linear(2, 2)), randn([3, 2])), /no nn\.ReLU layers/);
});

test("weightHeatmap(): the weight and its gradient, cell for cell", () => {
  manualSeed(2);
  const layer = new nn.Linear(5, 3);
  layer
    .forward(randn([4, 5]))
    .sum()
    .backward();
  const view = weightHeatmap(layer.weight);
  assertChartBundle(view);
  const { data: traces } = plotlyOf(view);
  assert.deepEqual((traces[0].z as number[][]).flat(), f32(layer.weight.data));
  assert.deepEqual((traces[1].z as number[][]).flat(), f32(layer.weight.grad!.data));
  assert.equal(elements(svgsOf(view)[0], "rect", "cell").length, 30);
  // rows and columns are counted: whole-number ticks only; each panel has its colour bar beside it
  const { layout } = plotlyOf(view);
  for (const axis of ["xaxis", "yaxis", "xaxis2", "yaxis2"]) {
    const ticks = (layout[axis] as { tickvals: number[] }).tickvals;
    assert.ok(ticks.length >= 2 && ticks.every(Number.isInteger), `${axis}: ${ticks}`);
  }
  const bars = traces.map((t) => (t.colorbar as { x: number }).x);
  assert.ok(bars[0] < bars[1], `colour bars at ${bars}`);
  // each title centred over its own panel in plotly where the SVG centres it (they ran together before)
  const svgTitles = elements(svgsOf(view)[0], "text").filter((t) => /\[3, 5\]$/.test(t.textContent!));
  const plotlyTitles = (layout.annotations as { text: string; x: number; xanchor: string }[]).filter((a) =>
    /\[3, 5\]$/.test(a.text),
  );
  assert.deepEqual(
    plotlyTitles.map((a) => [a.text, a.xanchor, Math.round(a.x * (layout.width as number))]),
    svgTitles.map((t) => [t.textContent, "center", Math.round(Number(t.getAttribute("x")))]),
  );
});

test("filters() and featureMaps(): one tile per filter or channel; shapes they cannot draw are named", () => {
  manualSeed(3);
  const conv = new nn.Conv2d(2, 4, 3);
  const view = filters(conv.weight);
  assertChartBundle(view);
  assert.equal((plotlyOf(view).layout.annotations as unknown[]).length, 8); // a caption per (out, in) pair
  assert.equal(elements(svgsOf(view)[0], "image").length, 1);
  assert.equal((plotlyOf(filters(new nn.Conv2d(3, 5, 3).weight)).layout.annotations as unknown[]).length, 5); // RGB filters: one tile each
  assert.throws(
    () => filters(randn([4, 3])),
    /expected a conv weight \[out, in, kh, kw\], got shape \[4, 3\]/,
  );
  assert.match(String(featureMaps(randn([1, 6, 5, 5]))), /^6 of 6 feature maps 5×5$/);
  assert.throws(() => featureMaps(randn([2, 6, 5, 5])), /got shape \[2, 6, 5, 5\]/);
});

test("decisionBoundary(): the grid shows the model's own predictions, the points the data", () => {
  manualSeed(4);
  const moons = data.moons(50, { noise: 0.1 });
  const model = moonsModel();
  const view = decisionBoundary(model, moons, { resolution: 20 });
  assertChartBundle(view);
  const [heat, ...points] = plotlyOf(view).data;
  const gx = heat.x as number[];
  const gy = heat.y as number[];
  const grid = tensor(gy.flatMap((y) => gx.map((x) => [x, y])));
  const logits = model.forward(grid);
  const expected = Array.from({ length: 400 }, (_, i) =>
    logits.data[2 * i + 1] > logits.data[2 * i] ? 1 : 0,
  );
  assert.deepEqual((heat.z as number[][]).flat(), expected);
  assert.equal(
    points.reduce((n, t) => n + (t.x as number[]).length, 0),
    50,
  );
  assert.equal(elements(svgsOf(view)[0], "circle", "point").length, 50);
  assert.throws(
    () => decisionBoundary(model, { inputs: randn([5, 3]), targets: [0, 1, 0, 1, 0] }),
    /inputs \[N, 2\], got shape \[5, 3\]/,
  );
});

test("predictionGrid(): captions say the prediction, wrong ones in red with the true class and a frame", () => {
  manualSeed(5);
  const scores = tensor([
    [2, 0],
    [0, 2],
    [2, 0],
    [0, 2],
  ]);
  const view = predictionGrid(randn([4, 6, 6]), scores, [0, 0, 0, 1], { labels: ["cat", "dog"] });
  assertChartBundle(view);
  const { layout } = plotlyOf(view);
  const captions = layout.annotations as { text: string; font: { color: string } }[];
  assert.deepEqual(
    captions.map((a) => [a.text, a.font.color]),
    [
      ["cat", "#2ca02c"],
      ["dog (cat)", "#d62728"],
      ["cat", "#2ca02c"],
      ["dog", "#2ca02c"],
    ],
  );
  assert.equal((layout.shapes as unknown[]).length, 1);
  assert.match(String(view), /^predictions: 3 of 4 right; showing 4 \(1 wrong, marked red\)$/);
  assert.throws(
    () => predictionGrid(randn([4, 6, 6]), scores, [0, 1]),
    /4 images, 4 predictions and 2 targets/,
  );
});
