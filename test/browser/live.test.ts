// Live, in the classic Notebook UI started by the test: fit() in a notebook shows the dashboard by itself,
// the dashboard redraws in place several times before the cell ends, and the saved notebook keeps one
// output for it (its final state).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { envWithKernelspec } from "../../cli/run";
import { startJupyterServer, type JupyterServer } from "../../kernel/server";
import type { Notebook, Output } from "../../kernel/notebook";
import { launchBrowser, openPage, screenshot } from "../helpers/browser";
import { notebookOf, runAll, save, waitForKernel, waitUntilAllRan } from "./notebook";
import { liveCells, liveEpochs, stepperCells } from "./views-notebook";

const epochs = liveEpochs;
const cells = liveCells;

let server: JupyterServer;
let browser: Browser;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "gradlab-live-"));
  writeFileSync(join(dir, "live.ipynb"), JSON.stringify(notebookOf(cells)));
  writeFileSync(join(dir, "stepper.ipynb"), JSON.stringify(notebookOf(stepperCells)));
  server = await startJupyterServer({ dir, env: envWithKernelspec() });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const htmlOf = (o: Output) => {
  const html = (o.data as Record<string, unknown> | undefined)?.["text/html"];
  return Array.isArray(html) ? html.join("") : String(html ?? "");
};

test("fit() in the classic Notebook: the dashboard updates in place while training, and is saved once", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const { page, errors } = await openPage(context, `${server.url}notebooks/live.ipynb?token=${server.token}`);
  await waitForKernel(page);
  // every state of the dashboard's status line the page shows while the cells run
  // (browser code as text: the tests' TypeScript has no DOM types)
  await page.evaluate(`
    window.seen = [];
    new MutationObserver(() => {
      // the view's data travels beside it (the static SVG is swapped for plotly's once plotly is there)
      const data = document.querySelector(".gradlab-view + script")?.textContent ?? "";
      const title = data.match(/epoch \\d+\\/\\d+ · batch[^"]*|finished \\d+ epochs[^"]*/)?.[0];
      if (title && window.seen.at(-1) !== title) window.seen.push(title);
    }).observe(document.querySelector("#notebook"), { subtree: true, childList: true });`);
  await runAll(page);
  await waitUntilAllRan(page);
  const seen = (await page.evaluate("window.seen")) as string[];
  const running = seen.filter((t) => /^epoch \d+\/\d+/.test(t));
  assert.ok(running.length >= 3, `redraws seen while training: ${JSON.stringify(seen)}`);
  assert.match(seen.at(-1)!, new RegExp(`^finished ${epochs} epochs`));
  // one dashboard in the page, now interactive (plotly reached the page once, before it)
  assert.equal(await page.locator(".gradlab-view").count(), 1);
  assert.equal(await page.locator(".gradlab-plotly-loader").count(), 1);
  await page.waitForSelector(".gradlab-view .js-plotly-plot", { timeout: 20_000 });
  await screenshot(page, "dashboard-live", ".gradlab-view");
  await save(page);

  const saved = JSON.parse(readFileSync(join(dir, "live.ipynb"), "utf8")) as Notebook;
  const outputs = saved.cells[1].outputs ?? [];
  const dashboards = outputs.filter((o) => htmlOf(o).includes('class="gradlab-view"'));
  assert.equal(dashboards.length, 1, JSON.stringify(outputs.map((o) => o.output_type)));
  assert.match(htmlOf(dashboards[0]), new RegExp(`finished ${epochs} epochs`));
  assert.deepEqual(errors, []);
  await context.close();
});

test("s.goto(4) in a later cell redraws the stepper shown above, in place", async () => {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const { page, errors } = await openPage(
    context,
    `${server.url}notebooks/stepper.ipynb?token=${server.token}`,
  );
  await waitForKernel(page);
  await runAll(page);
  await waitUntilAllRan(page);
  const view = page.locator(".gradlab-view");
  await page.waitForFunction(
    `document.querySelector(".gradlab-view")?.getAttribute("data-step") === "4"`,
    null,
    {
      timeout: 10_000,
    },
  );
  assert.equal(await view.count(), 1);
  assert.match((await view.locator(".gradlab-stepper-panel").textContent())!, /Step 4 of/);
  assert.equal(await page.locator(".cell").nth(1).locator(".output_area").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
