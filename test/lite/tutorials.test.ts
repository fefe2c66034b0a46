// The tutorials as the site ships them (the students' versions in files/) run top to bottom in the browser
// kernel, through kernel/notebook.ts as `gradlab run` runs notebooks, and show what they show in Node: the
// independent checks of test/notebooks/tutorials.test.ts (test/helpers/tutorial-checks.ts) for every
// tutorial, and for all but 07 and 08 also, cell by cell, the same text as the same files run by `gradlab
// run` in Node, durations aside. The page's "gpu" is the WebAssembly SIMD kernel, as in Node (this
// Chromium has WebGL 2 only through SwiftShader, a CPU rasterizer, which "gpu" passes over), so even the
// float32 digits agree, tutorial 05's CNN included. 07's gradient norms are measured on the batches a time
// budget allows, so which one is the "last" differs from run to run; 08 times the backends and lists them,
// and the page has one Node has not (WebGL 2).
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import type { Notebook, Output } from "../../kernel/notebook";
import { launchBrowser, openPage } from "../helpers/browser";
import { textOf, tutorialChecks } from "../helpers/tutorial-checks";
import { runNotebooks } from "../helpers/tutorials";
import { notebookScript, runCells, runNotebookInPage } from "./helpers";

const site = liteSiteDir();
/** Tutorials that show the same text in the page as in Node. */
const sameAsNode = [
  "00-welcome.ipynb",
  "01-tensors.ipynb",
  "02-autograd.ipynb",
  "03-backprop-by-hand.ipynb",
  "04-mlp-toy-data.ipynb",
  "05-image-classification.ipynb",
  "06-optimizers.ipynb",
  "09-define-then-run.ipynb",
  "10-faq.ipynb",
];
/** Tutorials whose text depends on timing or on the backends the machine has: their checks only. */
const checkedOnly = ["07-vanishing-exploding.ipynb", "08-acceleration.ipynb"];

/**
 * A cell's outputs as text, with durations ("in 0.4s", "12 ms") blanked: they differ from run to run. Runs
 * of spaces become one, since a table's columns are as wide as its widest time ("9.8 s" or "10.1 s").
 */
const shown = (outputs: Output[] = []) =>
  outputs.map(
    (o) =>
      `${o.output_type}: ${textOf(o)
        .replace(/\d+(\.\d+)? ?(ms|s|min)\b/g, "<time>")
        .replace(/ {2,}/g, " ")}`,
  );

interface BrowserRuns {
  /** each notebook with the outputs the browser kernel gave it */
  notebooks: Map<string, Notebook>;
  /** seconds from asking for a kernel to the last cell's reply, in the page */
  seconds: Map<string, number>;
}

/**
 * Before the enclosing suite's tests (after the hooks registered before it): the site served by
 * `gradlab lite`, one page of it in headless Chromium, and the site's copies of `names` run there one after
 * the other, each in a fresh gradlab kernel; the browser and the server closed after the tests.
 */
function runInTheSite(names: string[]): BrowserRuns {
  const runs: BrowserRuns = { notebooks: new Map(), seconds: new Map() };
  let server: LiteServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await serveLite(site);
    browser = await launchBrowser();
    const { page } = await openPage(await browser.newContext(), server.url + "lab/index.html");
    await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 60_000 });
    await page.evaluate(notebookScript());
    for (const name of names) {
      const notebook = JSON.parse(readFileSync(join(site, "files", name), "utf8")) as Notebook;
      const run = await runNotebookInPage(page, notebook);
      runs.notebooks.set(name, run.notebook);
      runs.seconds.set(name, run.ms / 1000);
    }
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  return runs;
}

/** Every code cell of the notebook ran, and none shows an error. */
function assertEveryCellRan(name: string, nb: Notebook): void {
  const cells = nb.cells.filter((c) => c.cell_type === "code");
  assert.ok(cells.length >= 10, `${name}: ${cells.length} code cells`);
  for (const [i, cell] of cells.entries()) {
    assert.equal(typeof cell.execution_count, "number", `${name}: code cell ${i} did not run`);
    const errors = (cell.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, [], `${name}: code cell ${i}`);
  }
}

/** tutorials.test.ts's checks of `names`, one test each, on the notebooks as the browser ran them. */
function itPassesTheChecks(names: string[], runs: BrowserRuns): void {
  for (const name of names)
    for (const { title, check } of tutorialChecks[name] ?? [])
      it(`passes tutorials.test.ts's check ${title}`, (t) => {
        for (const line of check(runs.notebooks.get(name)!) ?? []) t.diagnostic(line);
      });
}

it("tests every tutorial with checks in the browser", () => {
  assert.deepEqual(Object.keys(tutorialChecks).sort(), [...sameAsNode, ...checkedOnly].sort());
});

describe("gradlab lite: tutorials 00–06, 09 and 10 in the browser kernel, as in Node", () => {
  let dir: string;
  let inNode: Awaited<ReturnType<typeof runNotebooks>>;

  before(async () => {
    // Node first, alone on the machine: the same files, by `gradlab run`
    dir = mkdtempSync(join(tmpdir(), "gradlab-lite-tutorials-"));
    for (const name of sameAsNode) copyFileSync(join(site, "files", name), join(dir, name));
    inNode = await runNotebooks(sameAsNode.map((n) => join(dir, n)));
    assert.equal(inNode.status, 0, inNode.log);
  });
  const inBrowser = runInTheSite(sameAsNode);
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs every code cell of each, with no error", (t) => {
    for (const name of sameAsNode) {
      assertEveryCellRan(name, inBrowser.notebooks.get(name)!);
      t.diagnostic(
        `${name}: browser ${inBrowser.seconds.get(name)!.toFixed(1)} s, Node ${inNode.seconds.get(name)?.toFixed(1)} s` +
          (name === sameAsNode[0] ? " (Node's with starting Jupyter)" : ""),
      );
    }
  });

  it("shows, cell by cell, the text the same notebooks show in Node", () => {
    for (const name of sameAsNode) {
      const browserCells = inBrowser.notebooks.get(name)!.cells;
      const nodeCells = inNode.notebooks.get(name)!.cells;
      assert.equal(browserCells.length, nodeCells.length);
      for (const [i, cell] of browserCells.entries())
        assert.deepEqual(shown(cell.outputs), shown(nodeCells[i].outputs), `${name}: cell ${i}`);
    }
  });

  itPassesTheChecks(sameAsNode, inBrowser);
});

describe("gradlab lite: tutorials 07 and 08 in the browser kernel", () => {
  const inBrowser = runInTheSite(checkedOnly);

  it("runs every code cell of each, with no error", (t) => {
    for (const name of checkedOnly) {
      assertEveryCellRan(name, inBrowser.notebooks.get(name)!);
      t.diagnostic(`${name}: browser ${inBrowser.seconds.get(name)!.toFixed(1)} s`);
    }
  });

  itPassesTheChecks(checkedOnly, inBrowser);
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
