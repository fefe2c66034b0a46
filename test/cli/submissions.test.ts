// Whose notebook is whose: a flat folder (the file's name), a folder per student as nbgrader's exchange
// keeps them (the folder's name), files named on the command line, and folders with nothing to grade.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findSubmissions } from "../../cli/submissions";

const root = mkdtempSync(join(tmpdir(), "gradlab-submissions-"));
const touch = (...parts: string[]) => {
  mkdirSync(join(root, ...parts.slice(0, -1)), { recursive: true });
  writeFileSync(join(root, ...parts), "{}");
  return join(root, ...parts);
};
const rows = (paths: string[]) =>
  findSubmissions(paths).map((s) => [s.student, s.problem ?? s.path.slice(root.length + 1)]);

test("a flat folder: one notebook per student, named by the file; other files and checkpoints ignored", () => {
  touch("flat", "bob.ipynb");
  touch("flat", "alice.ipynb");
  touch("flat", "grades.csv");
  touch("flat", ".ipynb_checkpoints", "alice-checkpoint.ipynb");
  assert.deepEqual(rows([join(root, "flat")]), [
    ["alice", "flat/alice.ipynb"],
    ["bob", "flat/bob.ipynb"],
  ]);
});

test("a folder per student (submissions/<student>/<assignment>.ipynb), one with nothing in it", () => {
  touch("nested", "carol", "04-exercises.ipynb");
  touch("nested", "dave", "04-exercises", "04-exercises.ipynb"); // nbgrader: <student>/<assignment>/<notebook>
  touch("nested", "erin", "notes.txt");
  touch("nested", "frank", "04-exercises.ipynb");
  touch("nested", "frank", "scratch.ipynb");
  assert.deepEqual(rows([join(root, "nested")]), [
    ["carol", "nested/carol/04-exercises.ipynb"],
    ["dave", "nested/dave/04-exercises/04-exercises.ipynb"],
    ["erin", "no notebook in the folder"],
    ["frank/04-exercises.ipynb", "nested/frank/04-exercises.ipynb"],
    ["frank/scratch.ipynb", "nested/frank/scratch.ipynb"],
  ]);
});

test("files named on the command line: by file name, by folder when the names clash; missing ones said", () => {
  const a = touch("byname", "gina", "hw.ipynb");
  const b = touch("byname", "hal", "hw.ipynb");
  const c = touch("byname", "ivy.ipynb");
  assert.deepEqual(rows([a, b, c, join(root, "nope.ipynb")]), [
    ["gina", "byname/gina/hw.ipynb"],
    ["hal", "byname/hal/hw.ipynb"],
    ["ivy", "byname/ivy.ipynb"],
    ["nope", "does not exist"],
  ]);
});
