// The notebook the view tests run: one view per cell (graph, stepper, every plot, a dashboard through fit,
// the layer views), shared by test/browser (classic Notebook, nbconvert) and test/lite (the site's JupyterLab).

/** The notebook's cells, one view per cell. */
export const sources = {
  setup: `import { tensor, manualSeed, nn, optim, data, fit, predict, confusionMatrix, randn } from "gradlab";
import * as views from "gradlab/widgets";
import { graph, stepper, plot, dashboard } from "gradlab/widgets";
manualSeed(0);`,
  graph: `const w = tensor([[0.5, -1], [2, 1]], { requiresGrad: true, name: "w" });
const x = tensor([1, 2]);
const loss = w.matmul(x).relu().sum();
graph(loss)`,
  stepper: `stepper(loss)`,
  grad: `loss.backward({ retainGraph: true });
console.log("w.grad", JSON.stringify(Array.from(w.grad!.data)));`,
  line: `plot.line(Array.from({ length: 50 }, (_, i) => Math.sin(i / 5)), { title: "sin" })`,
  scatter: `const moons = data.moons(200, { noise: 0.1 });
plot.scatter(moons.inputs, { labels: moons.targets })`,
  hist: `plot.hist(randn([1000]), { bins: 30 })`,
  heatmap: `plot.heatmap(randn([8, 8]))`,
  images: `plot.images(randn([6, 1, 8, 8]), { captions: ["a", "b", "c", "d", "e", "f"] })`,
  // a dashboard passed explicitly: its final state is what the saved notebook keeps
  dashboard: `const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
const h = views.histograms({ sample: moons.inputs });
const norms = views.gradientNorms();
const history = await fit(model, moons, {
  optimizer: new optim.Adam(model, { lr: 0.02 }),
  loss: "crossEntropy",
  metrics: ["accuracy"],
  epochs: 4,
  callbacks: [dashboard(), h, norms],
});`,
  history: `history`,
  histograms: `h.view()`,
  norms: `norms.view()`,
  dead: `views.deadRelus(model, moons.inputs)`,
  weights: `views.weightHeatmap((model.layers[0] as nn.Linear).weight)`,
  filters: `const conv = new nn.Conv2d(3, 8, 5);
views.filters(conv.weight)`,
  featureMaps: `views.featureMaps(conv.forward(randn([1, 3, 16, 16])))`,
  boundary: `views.decisionBoundary(model, moons)`,
  predictions: `views.predictionGrid(randn([6, 8, 8]), randn([6, 3]), tensor([0, 1, 2, 0, 1, 2]), {
  labels: ["cat", "dog", "owl"],
})`,
  confusion: `confusionMatrix(predict(model, moons), moons.targets)`,
};
/** A cell of the views notebook. */
export type Name = keyof typeof sources;
/** The cells, in order. */
export const names = Object.keys(sources) as Name[];
/** `cell.X`: the index of the cell that shows X. */
export const cell = Object.fromEntries(names.map((n, i) => [n, i])) as Record<Name, number>;
/** The cells that show a view. */
export const viewNames = names.filter((n) => !["setup", "grad"].includes(n));

/** Epochs of the live notebook's training (liveCells). */
export const liveEpochs = 6;

/** fit() with its dashboard, stretched over a few seconds so that redraws can be seen. */
export const liveCells = [
  `import { manualSeed, nn, optim, data, fit } from "gradlab";
manualSeed(0);
const moons = data.moons(600, { noise: 0.15 });
const model = new nn.Sequential(new nn.Linear(2, 32), new nn.ReLU(), new nn.Linear(32, 2));`,
  // the sleep stretches a tiny model's training over a few seconds, long enough to see redraws
  `const history = await fit(model, moons, {
  optimizer: new optim.Adam(model, { lr: 0.01 }),
  loss: "crossEntropy",
  metrics: ["accuracy"],
  epochs: ${liveEpochs},
  batchSize: 16,
  callbacks: [{ onBatchEnd: () => new Promise((r) => setTimeout(r, 12)) }],
});`,
];

/** A stepper shown by one cell, moved by the next: the output above is redrawn, no new one added. */
export const stepperCells = [
  `import { tensor } from "gradlab";
import { stepper } from "gradlab/widgets";
const w = tensor([1, -2], { requiresGrad: true });
const s = stepper(w.mul(w).sum());
s`,
  `s.goto(4);`,
];
