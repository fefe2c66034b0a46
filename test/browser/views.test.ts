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
import { envWithKernelspec } from "../../cli/run";
import { startJupyterServer } from "../../kernel/server";
import { gradlab } from "../helpers/cli";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";
import { notebookOf } from "./notebook";
import { checkGraph, checkPlotlyPoints, clickThroughStepper } from "./view-checks";
import { cell, names, sources, viewNames, type Name } from "./views-notebook";

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
    await checkGraph(outputOf(page, "graph"));
  });

  test("the stepper advances on click and ends at the gradient autograd computed", async () => {
    const last = await clickThroughStepper(outputOf(page, "stepper"));
    const printed = executed.cells[cell.grad].outputs!.map(textOf).join("");
    const grad = JSON.parse(printed.match(/w\.grad (.*)/)![1]) as number[];
    assert.ok(last.includes(`[${grad.join(", ")}]`), last);
    const root = outputOf(page, "stepper").locator(".gradlab-view");
    await root.locator('button[title^="first step"]').click();
    await root.locator('button[title^="next step"]').click();
    await screenshot(page, "stepper-step-2", `.jp-CodeCell >> nth=${cell.stepper} >> .gradlab-view`);
  });

  test("plotly charts carry the data's points", async () => {
    await checkPlotlyPoints((name) => outputOf(page, name));
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
    // and no static picture is left where scripts run: each became its SVG (or plotly's chart)
    assert.equal(await page.locator(".gradlab-view img.gradlab-svg").count(), 0);
  });

  test("no script failed", () => {
    assert.deepEqual(
      errors.filter((e) => !offlineNoise(e)),
      [],
    );
  });
});

describe("with scripts off", () => {
  test("every view shows its static picture (its SVG as an image)", async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 1200, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(htmlUrl);
    assert.equal(await page.locator(".js-plotly-plot").count(), 0);
    for (const name of viewNames) {
      const picture = outputOf(page, name).locator(".gradlab-view img.gradlab-svg").first();
      const box = await picture.boundingBox();
      assert.ok(box && box.width > 100 && box.height > 50, `${name}: static picture ${JSON.stringify(box)}`);
      // drawn: the browser decoded the SVG (a broken one has no natural size)
      const width = await picture.evaluate(
        (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
      );
      assert.ok(width > 100, `${name}: the picture's SVG decoded, ${width} px wide`);
    }
    // the stepper's every step, as a numbered table under the graph
    const rows = await outputOf(page, "stepper").locator(".gradlab-stepper-steps tr[data-step]").count();
    assert.equal(rows, 9);
    await screenshot(page, "static-page");
    await context.close();
  });
});

describe("opened untrusted in the classic Notebook", () => {
  test("a notebook run elsewhere (gradlab run) shows every view's picture, and runs none of its scripts", async () => {
    // the executed views notebook, as a student receives it: classic Notebook has no signature for it
    const server = await startJupyterServer({ dir, env: envWithKernelspec() });
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    try {
      const { page } = await openPage(context, `${server.url}notebooks/views.ipynb?token=${server.token}`);
      await page.locator("#notification_trusted").filter({ hasText: "Not Trusted" }).waitFor();
      const pictures = page.locator(".output_area .gradlab-view img.gradlab-svg");
      await pictures.first().waitFor();
      assert.ok((await pictures.count()) >= viewNames.length, `${await pictures.count()} pictures`);
      const widths = await pictures.evaluateAll((imgs) =>
        imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      );
      assert.ok(
        widths.every((w) => w > 100),
        `every picture drawn: ${widths.join(", ")} px`,
      );
      assert.equal(
        await page.locator(".output_area .gradlab-view svg").count(),
        0,
        "no script made an SVG live",
      );
      assert.equal(await page.locator(".js-plotly-plot").count(), 0);
      await screenshot(page, "classic-untrusted-graph", `.code_cell >> nth=${cell.graph}`);
    } finally {
      await context.close();
      await server.stop();
    }
  });
});
