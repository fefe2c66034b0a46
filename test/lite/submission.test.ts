// A student's work on the site reaches the teacher: the site's 01-tensors opened in JupyterLab, its
// exercises answered and run in the browser kernel, saved; after a reload it is still in the browser's
// storage; File › Download gives an .ipynb that `gradlab grade` marks in Node with every point, while the
// notebook as the site ships it gets none.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { liteSiteDir, serveLite, type LiteServer } from "../../cli/lite";
import { nbgraderOf } from "../../cli/nbgrader";
import { sourceOf, type Notebook } from "../../kernel/notebook";
import { studentNotebook } from "../helpers/assignment";
import { launchBrowser, openPage } from "../helpers/browser";
import { gradlab } from "../helpers/cli";
import { cellsOf, openNotebook, runAll, saveAndClose } from "./lab";

const site = liteSiteDir();
const name = "01-tensors.ipynb";
const teacher = resolve(__dirname, "..", "..", "notebooks", name);

/** The teacher's answers by cell id: what lies between each solution cell's solution markers. */
function teachersAnswers(): Record<string, string> {
  const nb = JSON.parse(readFileSync(teacher, "utf8")) as Notebook;
  const answers: Record<string, string> = {};
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code" || nbgraderOf(cell)?.solution !== true) continue;
    const lines = sourceOf(cell).split("\n");
    const begin = lines.findIndex((l) => l.includes("BEGIN SOLUTION"));
    const end = lines.findIndex((l) => l.includes("END SOLUTION"));
    answers[String(cell.id)] = lines
      .slice(begin + 1, end)
      .join("\n")
      .trimStart();
  }
  return answers;
}

/** The site's JupyterLab, with its gradlab kernel ready. */
async function openLab(page: Page, url: string): Promise<void> {
  await page.goto(url + "lab/index.html");
  await page.waitForSelector("body[data-gradlab-ready]", { state: "attached", timeout: 60_000 });
}

/** The table's row for `student` from `gradlab grade`'s output, split into columns. */
function rowOf(stdout: string, student: string): string[] | undefined {
  const line = stdout.split("\n").find((l) => l.startsWith(`${student} `));
  return line?.split(/ {2,}/).slice(1);
}

describe("gradlab lite: a student's notebook from the site to gradlab grade", () => {
  let server: LiteServer;
  let browser: Browser;
  let dir: string;
  let page: Page;
  let errors: string[];
  let answered: Notebook;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "gradlab-lite-submission-"));
    server = await serveLite(site);
    browser = await launchBrowser();
    const context = await browser.newContext({ acceptDownloads: true });
    ({ page, errors } = await openPage(context, "about:blank"));
    await openLab(page, server.url);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the answered exercises in the browser kernel: each check says right", async () => {
    const released = JSON.parse(readFileSync(join(site, "files", name), "utf8")) as Notebook;
    const answers = teachersAnswers();
    assert.equal(Object.keys(answers).length, 3, "01-tensors has three exercises");
    answered = studentNotebook(released, answers);
    await openNotebook(page, name, answered);
    await runAll(page);
    const cells = await cellsOf(page);
    const shown = cells.flatMap((c) => (c.outputs ?? []).map((o) => JSON.stringify(o)));
    assert.deepEqual(
      shown.filter((o) => o.includes('"output_type":"error"')),
      [],
    );
    for (const exercise of [
      "1.1 a linear layer — 1/1",
      "1.2 pairwise squared distances — 2/2",
      "1.3 softmax — 2/2",
    ])
      assert.ok(
        shown.some((o) => o.includes(`✓ ${exercise} point`)),
        `no "✓ ${exercise} points" among the outputs`,
      );
    await saveAndClose(page);
  });

  it("keeps the answers and outputs in the browser's storage across a reload", async () => {
    await openLab(page, server.url);
    const stored = (await page.evaluate(
      `window.jupyterapp.serviceManager.contents.get(${JSON.stringify(name)}, { content: true }).then((m) => m.content)`,
    )) as Notebook;
    assert.deepEqual(
      stored.cells.map((c) => sourceOf(c)),
      answered.cells.map((c) => sourceOf(c)),
    );
    const ran = stored.cells.filter((c) => c.cell_type === "code" && typeof c.execution_count === "number");
    assert.equal(ran.length, answered.cells.filter((c) => c.cell_type === "code").length);
  });

  it("downloads with File › Download as an .ipynb that gradlab grade gives every point", async () => {
    await page.evaluate(
      `window.jupyterapp.commands.execute("docmanager:open", { path: ${JSON.stringify(name)}, factory: "Notebook" }).then((w) => w.context.ready)`,
    );
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 30_000 }),
      page.evaluate(`window.jupyterapp.commands.execute("docmanager:download")`),
    ]);
    assert.equal(download.suggestedFilename(), name);
    const submissions = join(dir, "submissions");
    mkdirSync(submissions);
    await download.saveAs(join(submissions, "alice.ipynb"));
    copyFileSync(join(site, "files", name), join(submissions, "bob.ipynb")); // handed in untouched
    const downloaded = JSON.parse(readFileSync(join(submissions, "alice.ipynb"), "utf8")) as Notebook;
    assert.equal(downloaded.nbformat, 4);
    writeFileSync(join(dir, "downloaded.json"), JSON.stringify(downloaded)); // kept for a failing run's log

    const graded = gradlab(["grade", submissions, "--assignment", teacher, "--timeout", "120"], {
      ...process.env,
      PATH: `/usr/bin:${process.env.PATH}`,
    });
    assert.equal(graded.status, 0, graded.stderr);
    assert.deepEqual(rowOf(graded.stdout, "alice"), ["1", "2", "2", "5"], graded.stdout);
    assert.deepEqual(
      rowOf(graded.stdout, "bob"),
      ["0 not done", "0 not done", "0 not done", "0"],
      graded.stdout,
    );
    assert.deepEqual(
      errors.filter((e) => !/Failed to load resource/.test(e)),
      [],
    );
  });
});
