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
  setup: `import { tensor, manualSeed, nn, optim, data, fit, predict, confusionMatrix } from "gradlab";
import { graph, stepper, plot } from "gradlab/widgets";
manualSeed(0);`,
  graph: `const w = tensor([[0.5, -1], [2, 1]], { requiresGrad: true, name: "w" });
const x = tensor([1, 2]);
const loss = w.matmul(x).relu().sum();
graph(loss)`,
  stepper: `stepper(loss)`,
  grad: `loss.backward({ retainGraph: true });
console.log("w.grad", JSON.stringify(Array.from(w.grad!.data)));`,
  line: `plot.line(Array.from({ length: 50 }, (_, i) => Math.sin(i / 5)), { title: "sin" })`,
  history: `const moons = data.moons(200, { noise: 0.1 });
const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
const history = await fit(model, moons, {
  optimizer: new optim.Adam(model, { lr: 0.02 }),
  loss: "crossEntropy",
  metrics: ["accuracy"],
  epochs: 4,
  verbose: false,
});
history`,
  confusion: `confusionMatrix(predict(model, moons), moons.targets)`,
};
type Name = keyof typeof sources;
const names = Object.keys(sources) as Name[];
const cell = Object.fromEntries(names.map((n, i) => [n, i])) as Record<Name, number>;

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
    await screenshot(page, "graph", `.jp-CodeCell >> nth=${cell.graph}`);
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
    await screenshot(page, "stepper", `.jp-CodeCell >> nth=${cell.stepper}`);
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
    await screenshot(page, "history", `.jp-CodeCell >> nth=${cell.history}`);
    await screenshot(page, "confusion", `.jp-CodeCell >> nth=${cell.confusion}`);
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
    for (const name of names.filter((n) => !["setup", "grad"].includes(n))) {
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
