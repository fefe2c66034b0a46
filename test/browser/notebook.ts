// Notebooks for the browser tests, written as lists of cells, and the classic Notebook UI driven the way a
// student drives it (run all, wait for the kernel, save).
import type { Page } from "playwright-core";
import type { Notebook } from "../../kernel/notebook";

/** A gradlab notebook whose code cells are `sources`, in order, with no outputs. */
export function notebookOf(sources: string[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { display_name: "TypeScript (gradlab)", language: "typescript", name: "gradlab" },
    },
    cells: sources.map((source, i) => ({
      id: `cell-${i}`,
      cell_type: "code",
      metadata: {},
      execution_count: null,
      outputs: [],
      source,
    })),
  } as Notebook;
}

/** The page's `Jupyter.notebook`, as an expression (browser code as text: the tests have no DOM types). */
const notebookOfPage = "window.Jupyter.notebook";

/** Waits until the page's kernel is connected. */
export async function waitForKernel(page: Page): Promise<void> {
  await page.waitForFunction(`${notebookOfPage}?.kernel?.is_connected?.() === true`, null, {
    timeout: 120_000,
  });
}

/** Runs every cell, as Cell › Run All does. */
export async function runAll(page: Page): Promise<void> {
  await page.evaluate(`${notebookOfPage}.execute_all_cells()`);
}

/** Waits until every code cell has its execution count (none still "*"). */
export async function waitUntilAllRan(page: Page, timeoutMs = 180_000): Promise<void> {
  await page.waitForFunction(
    `${notebookOfPage}.get_cells().every((c) => c.cell_type !== "code" || typeof c.input_prompt_number === "number")`,
    null,
    { timeout: timeoutMs, polling: 200 },
  );
}

/** File › Save, waiting for the server's answer. */
export async function save(page: Page): Promise<void> {
  await page.evaluate(`${notebookOfPage}.save_notebook()`);
  await page
    .waitForFunction(`!document.title.startsWith("*")`, null, { timeout: 10_000 })
    .catch(() => undefined);
}
