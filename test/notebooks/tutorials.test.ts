// The tutorials in notebooks/, executed end to end with `gradlab run` (a real Jupyter server and the built
// kernel), then checked: no cell fails, and each notebook shows the values it teaches.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { cliPath } from "../helpers/cli";
import { sourceOf, type Cell, type Notebook, type Output } from "../../kernel/notebook";

const notebooksDir = resolve(__dirname, "../../notebooks");
const names = readdirSync(notebooksDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const version = JSON.parse(readFileSync(resolve(__dirname, "../../package.json"), "utf8")).version;
const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };

const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;
const join_ = (text: unknown) => (Array.isArray(text) ? text.join("") : String(text ?? ""));

/** What an output shows as text: a stream's text, or a display's text/plain. */
function textOf(output: Output): string {
  if (output.output_type === "stream") return join_(output.text);
  if (output.output_type === "error") return `${output.ename}: ${output.evalue}`;
  return join_((output.data as Record<string, unknown>)["text/plain"]);
}

const outputsOf = (nb: Notebook) => nb.cells.flatMap((c) => c.outputs ?? []);
const allText = (nb: Notebook) => outputsOf(nb).map(textOf).join("\n");
/** The outputs of the code cell whose source contains `marker`. */
function outputsOfCell(nb: Notebook, marker: string): Output[] {
  const cell = nb.cells.find((c: Cell) => c.cell_type === "code" && sourceOf(c).includes(marker));
  assert.ok(cell, `no code cell contains ${JSON.stringify(marker)}`);
  return cell.outputs ?? [];
}
const htmlOf = (o: Output) => join_((o.data as Record<string, unknown> | undefined)?.["text/html"]);

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
      ids.every((id) => typeof id === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(id)),
      `${name}: cell ids`,
    );
    assert.equal(new Set(ids).size, ids.length, `${name}: duplicate cell ids`);
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `${name}: committed with outputs`);
      assert.equal(cell.execution_count, null, `${name}: committed with an execution count`);
    }
  }
});

describe("the tutorials run end to end", () => {
  const executed = new Map<string, Notebook>();
  const seconds = new Map<string, number>();

  before(async () => {
    // Copies run in place, all through one server: one server start instead of one per notebook.
    const dir = mkdtempSync(join(tmpdir(), "gradlab-tutorials-"));
    for (const name of names) copyFileSync(join(notebooksDir, name), join(dir, name));
    const child = spawn(process.execPath, [cliPath, "run", ...names.map((n) => join(dir, n))], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    let last = Date.now();
    child.stdout.on("data", (chunk: Buffer) => {
      log += chunk;
      for (const m of chunk.toString().matchAll(/([\w-]+\.ipynb): ran/g)) {
        seconds.set(m[1], (Date.now() - last) / 1000);
        last = Date.now();
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (log += chunk));
    const status = await new Promise<number | null>((done) => child.on("close", done));
    assert.equal(status, 0, log);
    for (const name of names) executed.set(name, read(join(dir, name)));
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

  test("00: the welcome cell prints the version", () => {
    assert.match(allText(executed.get("00-welcome.ipynb")!), new RegExp(`gradlab ${version}`));
  });

  test("01: tensors display as tables, and shape errors name both shapes and a fix", () => {
    const nb = executed.get("01-tensors.ipynb")!;
    const text = allText(nb);
    assert.match(text, /add: shapes \[2,3\] and \[2\] cannot broadcast: dim -1 is 3 vs 2/);
    assert.match(text, /Fix: b\.unsqueeze\(-1\) has shape \[2,1\], which broadcasts with \[2,3\] to \[2,3\]/);
    assert.match(text, /matmul: \[2,3\] @ \[2,3\]: inner dims 3 ≠ 2/);
    // the fix applied: one value per row
    assert.match(
      textOf(outputsOfCell(nb, "x.add(perRowFlat.unsqueeze(-1))")[0]),
      /\[\[101\., 102\., 103\.\],\s+\[204\., 205\., 206\.\]\]/,
    );
    const table = outputsOfCell(nb, "const x = tensor([")[0];
    assert.equal(table.output_type, "execute_result");
    assert.match(htmlOf(table), /<table/);
  });

  test("02: backprop by hand matches backward(), the walk sums a value used twice, gradcheck catches the slip", () => {
    const nb = executed.get("02-autograd.ipynb")!;
    const text = allText(nb);
    assert.match(text, /a\.grad = 6 {2}b\.grad = -4 {2}\(by hand: 6 -4\)/);
    assert.match(text, /e = mul\(d, c\) {3}upstream ∂e\/∂e = 1\n/);
    assert.match(text, /c = mul\(a, b\) {3}upstream ∂e\/∂c = -2 = 4 \+ -6 {2}← c is used 2 times/);
    assert.match(text, /after two backwards: p\.grad = 12/);
    assert.match(text, /Pass backward\(\{ retainGraph: true \}\)/);
    const good = textOf(outputsOfCell(nb, "gradcheck(mySigmoid, [xs])")[0]);
    assert.match(good, /^gradcheck passed: all 5 elements agree/);
    const [bad] = outputsOfCell(nb, "gradcheck(mySigmoidWrong, [xs])");
    assert.match(textOf(bad), /^gradcheck FAILED: 5 of 5 elements differ/);
    assert.equal(textOf(bad).match(/✗/g)?.length, 5);
    assert.match(htmlOf(bad), /#fdd/); // failing rows highlighted
    assert.match(
      text,
      /NaN in the forward of sqrt at flat index 0 \(shape \[3\]\)\nThe tensor was created at cell\[\d+\]:\d+:\d+/,
    );
    assert.match(text, /Inf in the backward of sqrt .*\nThe sqrt was called at cell\[\d+\]:\d+:\d+/);
    assert.match(text, /H·v {2}= \[ 2, -10 \]\nby hand: \[ 2, -10 \]/);
  });

  test("03: MNIST trains with live curves and reports its test accuracy", (t) => {
    const nb = executed.get("03-train-mnist.ipynb")!;
    const text = allText(nb);
    assert.match(text, /Total params: 101,770/);
    // The backend in words a student reads, not the kernel's internals.
    assert.match(text, /Matrix products and convolutions run on the (CPU|GPU)/);
    assert.doesNotMatch(text, /thread\(s\)|webasm —/);
    const [dashboard] = outputsOfCell(nb, "callbacks: [liveDashboard()]");
    assert.equal(dashboard.output_type, "display_data");
    assert.match(textOf(dashboard), /^finished 2 epochs in /); // updated in place to its last state
    assert.equal(htmlOf(dashboard).match(/<svg/g)?.length, 2); // the loss and accuracy charts
    assert.match(htmlOf(dashboard), /<polyline[^>]+points="[\d.]+,[\d.]+ [\d.]+,[\d.]+/);
    const accuracy = Number(text.match(/test accuracy: (\d\.\d+)/)?.[1]);
    t.diagnostic(`MNIST MLP test accuracy ${accuracy}`);
    assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);
    assert.match(text, /accuracy \d+\.\d+%/); // the confusion matrix
  });

  test("04: the reference solutions pass their checks, and typical slips get hints", () => {
    const text = allText(executed.get("04-exercises.ipynb")!);
    for (const name of ["sigmoid backward", "SGD step", "cross-entropy gradient"])
      assert.match(text, new RegExp(`^✓ ${name}$`, "m"));
    assert.match(text, /^✗ sigmoid backward: gradcheck disagrees on 5 of 6 elements/m);
    assert.match(text, /^✗ sigmoid backward: that is g · σ — you are missing a factor \(1 − σ\)$/m);
    assert.match(text, /^✗ sigmoid backward: that is σ′\(x\) alone/m);
    assert.match(text, /^✗ SGD step: wrong direction/m);
    assert.match(text, /^✗ cross-entropy gradient: almost: .* divide by N$/m);
  });
});
