// The site's JupyterLab driven the way a student drives it: a notebook put into the browser's storage and
// opened, Run All, waiting until every cell has run. Browser code goes as text (the tests have no DOM types).
import type { Locator, Page } from "playwright-core";
import type { Notebook } from "../../kernel/notebook";

/** The open notebook's panel, as an expression in the page. */
const panel = "window.jupyterapp.shell.currentWidget";

/** Saves `notebook` as `path` in the site's storage, opens it in JupyterLab and waits for its gradlab kernel. */
export async function openNotebook(page: Page, path: string, notebook: Notebook): Promise<Locator> {
  const id = (await page.evaluate(`(async () => {
  const app = window.jupyterapp;
  await app.serviceManager.contents.save(${JSON.stringify(path)}, {
    type: "notebook",
    format: "json",
    content: ${JSON.stringify(notebook)},
  });
  const widget = await app.commands.execute("docmanager:open", { path: ${JSON.stringify(path)}, factory: "Notebook" });
  await widget.context.ready;
  await widget.sessionContext.ready;
  return widget.id;
})()`)) as string;
  await page.waitForFunction(`${panel}?.sessionContext?.session?.kernel?.status === "idle"`, null, {
    timeout: 60_000,
  });
  return page.locator(`#${id}`);
}

/**
 * Run › Run All Cells, then waits until the kernel is idle and every code cell has its execution count, or
 * a cell failed (JupyterLab stops there; the test then sees the error in the outputs).
 */
export async function runAll(page: Page, timeoutMs = 300_000): Promise<void> {
  await page.evaluate(`window.jupyterapp.commands.execute("notebook:run-all-cells")`);
  await page.waitForFunction(
    `${panel}.sessionContext.session.kernel.status === "idle" &&
     (${panel}.content.widgets.every((c) => c.model.type !== "code" || typeof c.model.executionCount === "number") ||
      ${panel}.content.model.toJSON().cells.some((c) => (c.outputs ?? []).some((o) => o.output_type === "error")))`,
    null,
    { timeout: timeoutMs, polling: 250 },
  );
}

/** The open notebook's cells as nbformat JSON (their outputs as the kernel sent them). */
export async function cellsOf(page: Page): Promise<Notebook["cells"]> {
  return (await page.evaluate(`${panel}.content.model.toJSON().cells`)) as Notebook["cells"];
}

/** File › Save and close the open notebook. */
export async function saveAndClose(page: Page): Promise<void> {
  await page.evaluate(`(async () => {
  const widget = ${panel};
  await widget.context.save();
  widget.dispose();
})()`);
}
