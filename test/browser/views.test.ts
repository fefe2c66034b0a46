// Every view in a real browser: a notebook that uses them is executed by the kernel (`gradlab run`, a real
// Jupyter server) and exported with nbconvert to HTML, as a teacher would publish it. With scripts on, the
// graph's nodes are there, the stepper advances on click with the gradient autograd computed, and the
// plotly charts carry the data's points; with scripts off, every view still shows its static SVG.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import type { Notebook, Output } from "../../kernel/notebook";
import { gradlab } from "../helpers/cli";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";
import { notebookOf } from "./notebook";

/** The notebook, one view per cell; `cell.X` is the index of the cell that shows X. */
const sources = {
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
type Name = keyof typeof sources;
const names = Object.keys(sources) as Name[];
const cell = Object.fromEntries(names.map((n, i) => [n, i])) as Record<Name, number>;
/** the cells that show a view */
const viewNames = names.filter((n) => !["setup", "grad"].includes(n));

let dir: string;
let executed: Notebook;
let htmlUrl: string;
let browser: Browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "gradlab-views-"));
  const path = join(dir, "views.ipynb");
  writeFileSync(path, JSON.stringify(notebookOf(names.map((n) => sources[n]))));
  const run = gradlab(["run", path]);
  assert.equal(run.status, 0, `gradlab run failed:\n${run.stdout}\n${run.stderr}`);
  executed = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  const convert = spawnSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", path], {
    encoding: "utf8",
  });
  assert.equal(convert.status, 0, convert.stderr);
  htmlUrl = pathToFileURL(join(dir, "views.html")).href;
  browser = await launchBrowser();
});

after(async () => browser?.close());

const textOf = (o: Output) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""));
/** The output area of one cell in nbconvert's page. */
const outputOf = (page: Page, name: Name): Locator => page.locator(".jp-CodeCell").nth(cell[name]);

/** nbconvert's page asks a CDN for require.js and MathJax: no network here, and none needed. */
const offlineNoise = (e: string) => /net::ERR_|Failed to load resource|require\.js|MathJax/i.test(e);

test("the notebook ran without an error", () => {
  const errors = executed.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
  assert.deepEqual(errors, []);
});

describe("with scripts on", () => {
  let page: Page;
  let errors: string[];

  before(async () => {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    ({ page, errors } = await openPage(context, htmlUrl));
    await page.waitForSelector(".js-plotly-plot", { timeout: 30_000 });
  });

  test("the graph shows every op and tensor, with the values", async () => {
    const view = outputOf(page, "graph").locator(".gradlab-view svg");
    // w, x, matmul, its result, the reshape of a matrix-vector product, relu, sum: ops and tensors alike
    assert.ok((await view.locator("g.node").count()) >= 9, "graph nodes");
    const text = await view.textContent();
    assert.match(text!, /matmul/);
    assert.match(text!, /relu/);
    assert.match(text!, /\bw\b/);
  });

  test("the stepper advances on click and ends at the gradient autograd computed", async () => {
    const root = outputOf(page, "stepper").locator(".gradlab-view");
    const steps = JSON.parse(
      (await outputOf(page, "stepper").locator('script[type="application/json"]').textContent())!,
    ) as {
      steps: { html: string }[];
    };
    const panel = root.locator(".gradlab-stepper-panel");
    assert.equal(await root.getAttribute("data-step"), "1");
    for (let k = 1; k < steps.steps.length; k++) {
      await root.locator('button[title^="next step"]').click();
      assert.equal(await root.getAttribute("data-step"), String(k + 1));
      assert.equal(await panel.innerHTML(), steps.steps[k].html, `step ${k + 1}'s panel`);
    }
    const printed = executed.cells[cell.grad].outputs!.map(textOf).join("");
    const grad = JSON.parse(printed.match(/w\.grad (.*)/)![1]) as number[];
    const last = (await panel.textContent())!;
    assert.ok(last.includes(`[${grad.join(", ")}]`), last);
    await root.locator('button[title^="first step"]').click();
    await root.locator('button[title^="next step"]').click();
    await screenshot(page, "stepper-step-2", `.jp-CodeCell >> nth=${cell.stepper} >> .gradlab-view`);
  });

  test("plotly charts carry the data's points", async () => {
    const ys = await outputOf(page, "line")
      .locator(".js-plotly-plot")
      .evaluate((el) => (el as unknown as { data: { y: number[] }[] }).data[0].y);
    assert.equal(ys.length, 50);
    ys.forEach((y, i) => assert.ok(Math.abs(y - Math.sin(i / 5)) < 1e-6, `point ${i}`));
    const losses = await outputOf(page, "history")
      .locator(".js-plotly-plot")
      .evaluate((el) =>
        (el as unknown as { data: { name?: string; y: number[] }[] }).data.map((t) => t.y.length),
      );
    assert.ok(losses.includes(4), `one point per epoch: ${JSON.stringify(losses)}`);
    const points = await outputOf(page, "scatter")
      .locator(".js-plotly-plot")
      .evaluate((el) =>
        (el as unknown as { data: { x: number[] }[] }).data.reduce((n, t) => n + t.x.length, 0),
      );
    assert.equal(points, 200);
  });

  test("every view becomes interactive, and looks right (screenshots in .artifacts/)", async () => {
    for (const name of viewNames) {
      const view = outputOf(page, name).locator(".gradlab-view").last();
      assert.equal(await view.count(), 1, name);
      await screenshot(page, `view-${name}`, `.jp-CodeCell >> nth=${cell[name]} >> .gradlab-view >> nth=-1`);
    }
    // every chart view (all but the graph and the stepper) was swapped for a plotly chart
    const charts = viewNames.filter((n) => !["graph", "stepper"].includes(n));
    // plotly.js reached the page once, in the first chart's cell, not with every chart
    assert.equal(await page.locator(".gradlab-plotly-loader").count(), 1);
    assert.equal(await outputOf(page, "line").locator(".gradlab-plotly-loader").count(), 1);
    for (const name of charts)
      assert.ok((await outputOf(page, name).locator(".js-plotly-plot").count()) >= 1, `${name}: plotly`);
  });

  test("no script failed", () => {
    assert.deepEqual(
      errors.filter((e) => !offlineNoise(e)),
      [],
    );
  });
});

describe("with scripts off", () => {
  test("every view shows its static SVG", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(htmlUrl);
    assert.equal(await page.locator(".js-plotly-plot").count(), 0);
    for (const name of viewNames) {
      const svg = outputOf(page, name).locator(".gradlab-view svg").first();
      const box = await svg.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `${name}: static SVG ${JSON.stringify(box)}`);
    }
    // the stepper's every step, as a numbered table under the graph
    const rows = await outputOf(page, "stepper").locator(".gradlab-stepper-steps tr[data-step]").count();
    assert.equal(rows, 9);
    await screenshot(page, "static-page");
    await context.close();
  });
});
