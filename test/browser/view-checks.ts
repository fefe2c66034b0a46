// What the views' browser tests check in a page with scripts on, shared by classic Notebook's page
// (test/browser/views.test.ts) and the site's JupyterLab (test/lite/widgets.test.ts). `output` is the
// output area of the views notebook's cell (views-notebook.ts) that shows the view.
import assert from "node:assert/strict";
import type { Locator } from "playwright-core";
import type { Name } from "./views-notebook";

/** The graph shows every op and tensor (w, x, matmul, its result, a reshape, relu, sum), with the values. */
export async function checkGraph(output: Locator): Promise<void> {
  const view = output.locator(".gradlab-view svg");
  assert.ok((await view.locator("g.node").count()) >= 9, "graph nodes");
  const text = await view.textContent();
  assert.match(text!, /matmul/);
  assert.match(text!, /relu/);
  assert.match(text!, /\bw\b/);
}

/** Clicks the stepper to its last step, checking each step's panel against its data; the last panel's text. */
export async function clickThroughStepper(output: Locator): Promise<string> {
  const root = output.locator(".gradlab-view");
  const data = await output.locator('script[type="application/json"]').textContent();
  const steps = (JSON.parse(data!) as { steps: { html: string }[] }).steps;
  const panel = root.locator(".gradlab-stepper-panel");
  assert.equal(await root.getAttribute("data-step"), "1");
  for (let k = 1; k < steps.length; k++) {
    await root.locator('button[title^="next step"]').click();
    assert.equal(await root.getAttribute("data-step"), String(k + 1));
    assert.equal(await panel.innerHTML(), steps[k].html, `step ${k + 1}'s panel`);
  }
  return (await panel.textContent())!;
}

/** The line, history and scatter charts carry the data's points (50 of sin, one per epoch, 200 moons). */
export async function checkPlotlyPoints(outputOf: (name: Name) => Locator): Promise<void> {
  const ys = await outputOf("line")
    .locator(".js-plotly-plot")
    .evaluate((el) => (el as unknown as { data: { y: number[] }[] }).data[0].y);
  assert.equal(ys.length, 50);
  ys.forEach((y, i) => assert.ok(Math.abs(y - Math.sin(i / 5)) < 1e-6, `point ${i}`));
  const losses = await outputOf("history")
    .locator(".js-plotly-plot")
    .evaluate((el) =>
      (el as unknown as { data: { name?: string; y: number[] }[] }).data.map((t) => t.y.length),
    );
  assert.ok(losses.includes(4), `one point per epoch: ${JSON.stringify(losses)}`);
  const points = await outputOf("scatter")
    .locator(".js-plotly-plot")
    .evaluate((el) =>
      (el as unknown as { data: { x: number[] }[] }).data.reduce((n, t) => n + t.x.length, 0),
    );
  assert.equal(points, 200);
}
