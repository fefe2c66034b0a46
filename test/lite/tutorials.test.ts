// Tutorials 00–03 as the site ships them (the students' versions in files/) run top to bottom in the
// browser kernel, through kernel/notebook.ts as `gradlab run` runs notebooks, and show what they show in
// Node: the independent checks of test/notebooks/tutorials.test.ts (test/helpers/tutorial-checks.ts), and
// cell by cell the same text as the same files run by `gradlab run` in Node, durations aside.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import type { Notebook, Output } from "../../kernel/notebook";
import { launchBrowser, openPage } from "../helpers/browser";
import { firstTutorialChecks, textOf } from "../helpers/tutorial-checks";
import { runNotebooks } from "../helpers/tutorials";
import { notebookScript, runCells, runNotebookInPage } from "./helpers";

const site = liteSiteDir();
const names = Object.keys(firstTutorialChecks).sort();

/** A cell's outputs as text, with durations ("in 0.4s", "12 ms") blanked: they differ from run to run. */
const shown = (outputs: Output[] = []) =>
  outputs.map((o) => `${o.output_type}: ${textOf(o).replace(/\d+(\.\d+)? ?(ms|s|min)\b/g, "<time>")}`);

describe("gradlab lite: tutorials 00–03 in the browser kernel", () => {
  let server: LiteServer;
  let browser: Browser;
  let dir: string;
  const inBrowser = new Map<string, Notebook>();
  const browserSeconds = new Map<string, number>();
  let inNode: Awaited<ReturnType<typeof runNotebooks>>;

  before(async () => {
    assert.deepEqual(names, [
      "00-welcome.ipynb",
      "01-tensors.ipynb",
      "02-autograd.ipynb",
      "03-backprop-by-hand.ipynb",
    ]);
    // Node first, alone on the machine: the same files, by `gradlab run`
    dir = mkdtempSync(join(tmpdir(), "gradlab-lite-tutorials-"));
    for (const name of names) copyFileSync(join(site, "files", name), join(dir, name));
    inNode = await runNotebooks(names.map((n) => join(dir, n)));
    assert.equal(inNode.status, 0, inNode.log);

    server = await serveLite(site);
    browser = await launchBrowser();
    const context: BrowserContext = await browser.newContext();
    const { page } = await openPage(context, server.url + "lab/index.html");
    await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 60_000 });
    await page.evaluate(notebookScript());
    for (const name of names) {
      const notebook = JSON.parse(readFileSync(join(site, "files", name), "utf8")) as Notebook;
      const run = await runNotebookInPage(page, notebook);
      inBrowser.set(name, run.notebook);
      browserSeconds.set(name, run.ms / 1000);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs every code cell of each, with no error", (t) => {
    for (const name of names) {
      const cells = inBrowser.get(name)!.cells.filter((c) => c.cell_type === "code");
      assert.ok(cells.length >= 10, `${name}: ${cells.length} code cells`);
      for (const [i, cell] of cells.entries()) {
        assert.equal(typeof cell.execution_count, "number", `${name}: code cell ${i} did not run`);
        const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
        assert.deepEqual(errors, [], `${name}: code cell ${i}`);
      }
      t.diagnostic(
        `${name}: browser ${browserSeconds.get(name)!.toFixed(1)} s, Node ${inNode.seconds.get(name)?.toFixed(1)} s` +
          (name === names[0] ? " (Node's with starting Jupyter)" : ""),
      );
    }
  });

  it("shows, cell by cell, the text the same notebooks show in Node", () => {
    for (const name of names) {
      const browserCells = inBrowser.get(name)!.cells;
      const nodeCells = inNode.notebooks.get(name)!.cells;
      assert.equal(browserCells.length, nodeCells.length);
      for (const [i, cell] of browserCells.entries())
        assert.deepEqual(shown(cell.outputs), shown(nodeCells[i].outputs), `${name}: cell ${i}`);
    }
  });

  for (const name of names)
    for (const { title, check } of firstTutorialChecks[name])
      it(`passes tutorials.test.ts's check ${title}`, () => check(inBrowser.get(name)!));
});

describe("gradlab lite: from the URL to a ready kernel", () => {
  it("opens the site, starts a gradlab kernel and runs 1 + 1", async (t) => {
    const server = await serveLite(site);
    const browser = await launchBrowser();
    try {
      const context = await browser.newContext();
      const started = Date.now();
      const { page } = await openPage(context, server.url + "lab/index.html");
      await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 60_000 });
      const pageReady = Date.now();
      const [cell] = await runCells(page, ["1 + 1"]);
      const done = Date.now();
      assert.equal(cell.status, "ok");
      assert.deepEqual(cell.outputs[0].content.data, { "text/plain": "2" });
      t.diagnostic(
        `URL → JupyterLab ready ${((pageReady - started) / 1000).toFixed(1)} s; → 1 + 1 answered ${((done - started) / 1000).toFixed(1)} s`,
      );
    } finally {
      await browser.close();
      await server.close();
    }
  });
});
