// The tutorials as text: code cells formatted by Prettier at a notebook's width (as `npm run format:check`
// checks), and no claim of how long something takes that no test measures.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { test } from "node:test";
import { formatCell, formatNotebook, notebookWidth, tutorialPaths } from "./prettier";

test("every tutorial's code cells are formatted by Prettier", async () => {
  for (const path of tutorialPaths()) {
    const text = readFileSync(path, "utf8");
    assert.equal(await formatNotebook(text), text, `${basename(path)}: run npm run format:notebooks`);
  }
});

test(`a code line past ${notebookWidth} characters is wrapped`, async () => {
  const wide = `const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));`;
  assert.ok(wide.length > notebookWidth);
  const lines = (await formatCell(wide)).split("\n");
  assert.ok(lines.length > 1 && lines.every((l) => l.length <= notebookWidth), lines.join("\n"));
});

// A line that starts with "**Time:**" says how long a reader takes ("**Time:** about 20 minutes"): a person's
// time, which no test measures. How long the machine takes is asserted in tutorials.test.ts instead.
test("no tutorial claims a duration (a number of seconds, minutes or hours) that no test measures", () => {
  const duration = /\b\d+(?:\.\d+)?\s*(?:s|sec|seconds?|min|minutes?|h|hours?)\b(?![\w-])/;
  const readersTime = /^\*\*Time:\*\*.*$/gm;
  for (const path of tutorialPaths()) {
    const nb = JSON.parse(readFileSync(path, "utf8")) as { cells: { cell_type: string; source: string[] }[] };
    for (const cell of nb.cells.filter((c) => c.cell_type === "markdown")) {
      const claim = cell.source.join("").replace(readersTime, "").match(duration);
      assert.equal(claim, null, `${basename(path)}: "${claim?.[0]}" in "${cell.source.join("").slice(0, 80)}…"`);
    }
  }
});
