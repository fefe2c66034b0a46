// The tutorials in notebooks/, executed end to end with `gradlab run` (a real Jupyter server and the built
// kernel), then checked: no cell fails, and each notebook shows the values it teaches (the checks of
// test/helpers/tutorial-checks.ts, which test/lite/tutorials.test.ts applies in the browser kernel too).
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { executedTutorials } from "../helpers/tutorials";
import { outputsOf, tutorialChecks } from "../helpers/tutorial-checks";
import { sourceOf, type Notebook } from "../../kernel/notebook";

const notebooksDir = resolve(__dirname, "../../notebooks");
const names = readdirSync(notebooksDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const read = (path: string) =>
  JSON.parse(readFileSync(path, "utf8")) as Notebook;
const codeOf = (nb: Notebook) =>
  nb.cells
    .filter((c) => c.cell_type === "code")
    .map(sourceOf)
    .join("\n");

test("every committed tutorial is nbformat 4.5 on the gradlab kernel, with cell ids and no outputs", () => {
  assert.ok(names.length >= 5, `notebooks: ${names.join(", ")}`);
  for (const name of names) {
    const nb = read(join(notebooksDir, name));
    assert.equal(nb.nbformat, 4, name);
    assert.equal(nb.nbformat_minor, 5, name);
    assert.deepEqual(nb.metadata.kernelspec, {
      display_name: "TypeScript (gradlab)",
      language: "typescript",
      name: "gradlab",
    });
    const ids = nb.cells.map((c) => c.id);
    assert.ok(
      ids.every(
        (id) => typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id),
      ),
      `${name}: cell ids`,
    );
    assert.equal(new Set(ids).size, ids.length, `${name}: duplicate cell ids`);
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `${name}: committed with outputs`);
      assert.equal(
        cell.execution_count,
        null,
        `${name}: committed with an execution count`,
      );
    }
  }
});

test("the tutorials draw with gradlab/widgets, not with charts of their own", () => {
  for (const name of names) {
    const code = codeOf(read(join(notebooksDir, name)));
    for (const handMade of [
      /<svg|<polyline|<rect/,
      /display\.(svg|html)\(/,
      /Symbol\.for\("Jupyter\.display"\)/,
    ])
      assert.doesNotMatch(code, handMade, `${name} draws by hand`);
  }
  const mnist = codeOf(read(join(notebooksDir, "05-image-classification.ipynb")));
  for (const helper of ["lineChart", "liveDashboard", "showDigits"])
    assert.doesNotMatch(
      mnist,
      new RegExp(`\\b${helper}\\b`),
      `05 still has ${helper}`,
    );
  assert.match(mnist, /from "gradlab\/widgets"/);
  assert.match(
    codeOf(read(join(notebooksDir, "02-autograd.ipynb"))),
    /from "gradlab\/widgets"/,
  );
});

describe("the tutorials run end to end", () => {
  const executed = new Map<string, Notebook>();
  const seconds = new Map<string, number>();

  before(async () => {
    // Copies, all through one server; exercises.test.ts reads the same run (test/helpers/tutorials.ts).
    const run = await executedTutorials();
    assert.equal(run.status, 0, run.log);
    for (const [name, nb] of run.notebooks) executed.set(name, nb);
    for (const [name, s] of run.seconds) seconds.set(name, s);
  });

  test("no cell shows an error, and every code cell ran", (t) => {
    for (const [name, nb] of executed) {
      const errors = outputsOf(nb).filter((o) => o.output_type === "error");
      assert.deepEqual(errors, [], name);
      const code = nb.cells.filter((c) => c.cell_type === "code");
      assert.ok(
        code.every((c) => typeof c.execution_count === "number"),
        `${name}: a code cell did not run`,
      );
      const note = name === names[0] ? " (with starting Jupyter)" : "";
      t.diagnostic(`${name}: ${seconds.get(name)?.toFixed(1)}s${note}`);
    }
  });

  test("each tutorial runs within its time budget on this machine: 2 minutes, 4 for 05", () => {
    for (const name of names) {
      const budget =
        (name.startsWith("05-") ? 240 : 120) + (name === names[0] ? 30 : 0); // + starting Jupyter
      const took = seconds.get(name);
      assert.ok(
        took !== undefined && took <= budget,
        `${name}: ${took?.toFixed(1)} s, budget ${budget} s`,
      );
    }
  });

  test("every tutorial has its checks in test/helpers/tutorial-checks.ts", () => {
    assert.deepEqual(Object.keys(tutorialChecks).sort(), names);
  });

  for (const [name, checks] of Object.entries(tutorialChecks))
    for (const { title, check } of checks)
      test(title, (t) => {
        for (const line of check(executed.get(name)!) ?? []) t.diagnostic(line);
      });
});
