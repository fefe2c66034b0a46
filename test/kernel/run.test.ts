// `gradlab run`: notebooks executed through a Jupyter server, outputs written as a front end would save them.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { test } from "node:test";
import { gradlab } from "../helpers/cli";
import type { Notebook } from "../../kernel/notebook";

const version = JSON.parse(readFileSync(resolve(__dirname, "../../package.json"), "utf8")).version;
const dir = mkdtempSync(join(tmpdir(), "gradlab-run-test-"));
const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };

const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const code = (source: string) => ({
  cell_type: "code",
  source,
  metadata: {},
  outputs: [],
  execution_count: null,
});

test("gradlab run notebooks/00-welcome.ipynb --out FILE prints the version", () => {
  const out = join(dir, "welcome.out.ipynb");
  const result = gradlab(["run", resolve(__dirname, "../../notebooks/00-welcome.ipynb"), "--out", out], env);
  assert.equal(result.status, 0, result.stderr);
  // @jupyterlab/services warns of a lost connection when a kernel shuts down: noise, not a warning.
  assert.doesNotMatch(result.stdout + result.stderr, /Connection lost/);
  assert.equal(result.stderr, "");
  const cell = read(out).cells.find((c) => c.cell_type === "code")!;
  assert.equal(cell.execution_count, 1);
  assert.deepEqual(cell.outputs![0], {
    output_type: "stream",
    name: "stdout",
    text: [`gradlab ${version}\n`],
  });
});

test("gradlab run updates in place: results, displays updated across cells, and stops at an error", () => {
  const path = join(dir, "steps.ipynb");
  const notebook = {
    cells: [
      code('const h = display("loading", { id: "status" });\nconsole.log("a");\nconsole.log("b");'),
      code('h.update("done");\nclearOutput();\n6 * 7'),
      code('throw new Error("stop here")'),
      code('"never runs"'),
    ],
    metadata: {
      kernelspec: { name: "gradlab", display_name: "TypeScript (gradlab)", language: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(path, JSON.stringify(notebook));
  const result = gradlab(["run", path], env);
  assert.equal(result.status, 1);
  assert.match(result.stderr, /steps\.ipynb: cell 3 failed\nError: stop here\n\s+at cell\[3\]:1:7/);
  const [first, second, third, fourth] = read(path).cells;
  assert.deepEqual(first.outputs, [
    { output_type: "display_data", data: { "text/plain": "'done'" }, metadata: {} },
    { output_type: "stream", name: "stdout", text: ["a\n", "b\n"] },
  ]);
  assert.deepEqual(second.outputs, [
    { output_type: "execute_result", data: { "text/plain": "42" }, metadata: {}, execution_count: 2 },
  ]);
  assert.equal(third.outputs?.[0].output_type, "error");
  assert.deepEqual(fourth.outputs, []);
  assert.equal(fourth.execution_count, null);
});

test("gradlab run without a notebook is a clear error", () => {
  const result = gradlab(["run"], env);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /name at least one notebook/);
});
