// The widgets' browser tests (test/browser) rerun in the site's JupyterLab: the views notebook runs in the
// browser kernel, and its views become interactive as in classic Notebook (the graph's nodes, the stepper
// advancing on click to the gradient autograd computed, plotly charts with the data's points, plotly.js
// loaded once); fit()'s dashboard and a stepper redraw in place. A notebook that arrives from elsewhere is
// untrusted: JupyterLab runs none of its scripts and its sanitizer drops <svg>, but each view's picture
// (its SVG sent as an <img>) stays.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { BrowserContext, Locator, Page } from "playwright-core";
import type { Output } from "../../kernel/notebook";
import { notebookOf } from "../browser/notebook";
import {
  cell,
  liveCells,
  liveEpochs,
  names,
  sources,
  stepperCells,
  viewNames,
  type Name,
} from "../browser/views-notebook";
import { openPage, screenshot } from "../helpers/browser";
import { checkGraph, checkPlotlyPoints, clickThroughStepper } from "../browser/view-checks";
import { servedSite } from "./helpers";
import { cellsOf, openNotebook, runAll, saveAndClose } from "./lab";

const site = servedSite();

async function openLab(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const { page, errors } = await openPage(context, site.server.url + "lab/index.html");
  await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 30_000 });
  await page.waitForSelector(".jp-LabShell .jp-DirListing", { timeout: 30_000 });
  return { context, page, errors };
}

const textOf = (o: Output) => (Array.isArray(o.text) ? o.text.join("") : String(o.text ?? ""));
/** Pages ask for nothing outside the site; a missing favicon-like resource is not a script failure. */
const noise = (e: string) => /Failed to load resource/.test(e);

describe("the views notebook in the site's JupyterLab", () => {
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  let notebook: Locator;
  let cells: Awaited<ReturnType<typeof cellsOf>>;
  const outputOf = (name: Name) => notebook.locator(".jp-Cell").nth(cell[name]).locator(".jp-OutputArea");

  before(async () => {
    ({ context, page, errors } = await openLab());
    notebook = await openNotebook(page, "views.ipynb", notebookOf(names.map((n) => sources[n])));
    await runAll(page);
    cells = await cellsOf(page);
  });
  after(async () => context?.close());

  test("the notebook ran in the browser kernel without an error", () => {
    assert.equal(cells.length, names.length);
    const outputs = cells.flatMap((c) => c.outputs ?? []);
    assert.deepEqual(
      outputs.filter((o) => o.output_type === "error"),
      [],
    );
    assert.ok(outputs.length >= viewNames.length, `${outputs.length} outputs`);
  });

  test("the graph shows every op and tensor, with the values", async () => {
    await outputOf("graph").locator(".gradlab-view svg g.node").first().waitFor({ timeout: 10_000 });
    await checkGraph(outputOf("graph"));
  });

  test("the stepper advances on click and ends at the gradient autograd computed", async () => {
    const last = await clickThroughStepper(outputOf("stepper"));
    const printed = (cells[cell.grad].outputs ?? []).map(textOf).join("");
    const grad = JSON.parse(printed.match(/w\.grad (.*)/)![1]) as number[];
    assert.equal(grad.length, 4);
    assert.ok(last.includes(`[${grad.join(", ")}]`), last);
  });

  test("plotly charts carry the data's points", async () => {
    await outputOf("line").locator(".js-plotly-plot").waitFor({ timeout: 20_000 });
    await checkPlotlyPoints(outputOf);
  });

  test("every view becomes interactive, plotly.js reached the page once (screenshots in .artifacts/)", async () => {
    const charts = viewNames.filter((n) => !["graph", "stepper"].includes(n));
    for (const name of charts)
      await outputOf(name).locator(".js-plotly-plot").first().waitFor({ timeout: 20_000 });
    for (const name of viewNames)
      assert.equal(await outputOf(name).locator(".gradlab-view").count(), 1, name);
    assert.equal(await page.locator(".gradlab-plotly-loader").count(), 1);
    assert.equal(await outputOf("line").locator(".gradlab-plotly-loader").count(), 1);
    assert.equal(await page.evaluate("typeof window.Plotly?.newPlot"), "function");
    await outputOf("history").scrollIntoViewIfNeeded();
    await screenshot(page, "lite-views-history", `.jp-Cell >> nth=${cell.history}`);
    // docs/images/lite.png: fit()'s cell with its history chart below, in the site's JupyterLab
    await notebook
      .locator(".jp-Cell")
      .nth(cell.dashboard)
      .evaluate((el) =>
        (el as unknown as { scrollIntoView(o: object): void }).scrollIntoView({ block: "start" }),
      );
    await screenshot(page, "lite-widgets");
  });

  test("no script failed", () => {
    assert.deepEqual(
      errors.filter((e) => !noise(e)),
      [],
    );
  });

  test("reopened untrusted, no script runs and every view still shows its picture", async () => {
    await saveAndClose(page);
    // as a notebook run elsewhere (gradlab run, a student's download) arrives: without JupyterLab's trust mark
    const received = cells.map((c) => ({
      ...c,
      metadata: { ...(c.metadata as Record<string, unknown>), trusted: undefined },
    }));
    notebook = await openNotebook(page, "views-received.ipynb", { ...notebookOf([]), cells: received });
    assert.equal(
      await page.evaluate("window.jupyterapp.shell.currentWidget.content.model.cells.get(1).trusted"),
      false,
    );
    await outputOf("line").locator(".gradlab-view").waitFor({ timeout: 10_000 });
    assert.equal(await notebook.locator(".js-plotly-plot").count(), 0);
    assert.equal(await notebook.locator(".jp-OutputArea script").count(), 0);
    // JupyterLab's sanitizer drops <svg> from untrusted HTML, keeping only its text; a view's static SVG
    // travels as an <img> of itself, which it keeps: every view still shows its picture, and no text soup
    for (const name of viewNames) {
      const view = outputOf(name).locator(".gradlab-view").last();
      assert.equal(await view.locator("svg").count(), 0, `${name}: sanitized, no live SVG`);
      const picture = view.locator("img.gradlab-svg").first();
      const width = await picture.evaluate(
        (img) => (img as unknown as { naturalWidth: number }).naturalWidth,
      );
      assert.ok(width > 100, `${name}: its picture, ${width} px wide`);
    }
    assert.equal((await outputOf("line").locator(".gradlab-view").textContent())!.trim(), "");
    await screenshot(page, "lite-untrusted-graph", `.jp-Cell >> nth=${cell.graph}`);
  });
});

describe("displays updating in place in the site's JupyterLab", () => {
  test("fit()'s dashboard redraws while training and stays one output; s.goto(4) redraws the stepper above", async () => {
    const { context, page, errors } = await openLab();
    const notebook = await openNotebook(page, "live.ipynb", notebookOf([...liveCells, ...stepperCells]));
    // every state of the dashboard's status line the page shows while the cells run
    await page.evaluate(`
    window.seen = [];
    const root = document.querySelector(${JSON.stringify(`#${await notebook.getAttribute("id")}`)});
    new MutationObserver(() => {
      const data = root.querySelectorAll(".jp-Cell")[1]?.querySelector(".gradlab-view + script")?.textContent ?? "";
      const title = data.match(/epoch \\d+\\/\\d+ · batch[^"]*|finished \\d+ epochs[^"]*/)?.[0];
      if (title && window.seen.at(-1) !== title) window.seen.push(title);
    }).observe(root, { subtree: true, childList: true, characterData: true });`);
    await runAll(page);
    const seen = (await page.evaluate("window.seen")) as string[];
    const running = seen.filter((t) => /^epoch \d+\/\d+/.test(t));
    assert.ok(running.length >= 3, `redraws seen while training: ${JSON.stringify(seen)}`);
    assert.match(seen.at(-1)!, new RegExp(`^finished ${liveEpochs} epochs`));
    const fitCell = notebook.locator(".jp-Cell").nth(1);
    assert.equal(await fitCell.locator(".gradlab-view").count(), 1);
    await fitCell.locator(".gradlab-view .js-plotly-plot").first().waitFor({ timeout: 20_000 });
    const saved = await cellsOf(page);
    const dashboards = (saved[1].outputs ?? []).filter((o) =>
      String((o.data as Record<string, unknown> | undefined)?.["text/html"] ?? "").includes(
        'class="gradlab-view"',
      ),
    );
    assert.equal(dashboards.length, 1);

    const stepperView = notebook.locator(".jp-Cell").nth(2).locator(".gradlab-view");
    await page.waitForFunction(
      `document.querySelector(${JSON.stringify(`#${await notebook.getAttribute("id")}`)}).querySelectorAll(".jp-Cell")[2].querySelector(".gradlab-view")?.getAttribute("data-step") === "4"`,
      null,
      { timeout: 10_000 },
    );
    assert.equal(await stepperView.count(), 1);
    assert.match((await stepperView.locator(".gradlab-stepper-panel").textContent())!, /Step 4 of/);
    assert.equal(await notebook.locator(".jp-Cell").nth(3).locator(".jp-OutputArea-child").count(), 0);
    assert.deepEqual(
      errors.filter((e) => !noise(e)),
      [],
    );
    await context.close();
  });
});
