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
/** The words written in an output's SVG (titles, labels, captions), entities decoded. */
const svgTextsOf = (o: Output) =>
  [...htmlOf(o).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&#45;/g, "-").replace(/&amp;/g, "&").trim(),
  );
/** The value a cell showed (its execute_result): a view when it is one. */
function resultOf(nb: Notebook, marker: string): Output {
  const results = outputsOfCell(nb, marker).filter((o) => o.output_type === "execute_result");
  assert.equal(results.length, 1, `the cell with ${JSON.stringify(marker)} shows one value`);
  return results[0];
}
/** An image grid (plot.images, predictionGrid): one SVG holding one PNG mosaic. */
function assertImageGrid(o: Output, what: string): void {
  assert.equal(htmlOf(o).match(/<svg/g)?.length, 1, `${what}: one SVG`);
  assert.equal(htmlOf(o).match(/<image[^>]+data:image\/png;base64,/g)?.length, 1, `${what}: one PNG`);
}
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

test("the tutorials draw with gradlab/widgets, not with charts of their own", () => {
  for (const name of names) {
    const code = codeOf(read(join(notebooksDir, name)));
    for (const handMade of [/<svg|<polyline|<rect/, /display\.(svg|html)\(/, /Symbol\.for\("Jupyter\.display"\)/])
      assert.doesNotMatch(code, handMade, `${name} draws by hand`);
  }
  const mnist = codeOf(read(join(notebooksDir, "03-train-mnist.ipynb")));
  for (const helper of ["lineChart", "liveDashboard", "showDigits"])
    assert.doesNotMatch(mnist, new RegExp(`\\b${helper}\\b`), `03 still has ${helper}`);
  assert.match(mnist, /from "gradlab\/widgets"/);
  assert.match(codeOf(read(join(notebooksDir, "02-autograd.ipynb"))), /from "gradlab\/widgets"/);
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

  test("02: graph() draws the expression, and the stepper walks it, summing c's two gradients", () => {
    const nb = executed.get("02-autograd.ipynb")!;
    // before backward(): the ops and the tensors with their values, no gradients yet
    const before = resultOf(nb, "graph(e); // what");
    assert.equal(htmlOf(before).match(/<svg/g)?.length, 1);
    const words = svgTextsOf(before);
    for (const op of ["mul", "add"]) assert.ok(words.includes(op), `op ${op} in ${words.join(" ")}`);
    assert.equal(words.filter((w) => w === "mul").length, 2); // c = a·b and e = d·c
    for (const name of ["a", "b", "c", "d", "e"]) assert.ok(words.includes(name), `tensor ${name}`);
    for (const value of ["2", "-3", "-6", "10", "4", "-24"]) assert.ok(words.includes(value), value);
    assert.ok(!words.some((w) => w.startsWith("grad")), "no gradient before backward()");
    // after backward(): the leaves carry their .grad
    const after = svgTextsOf(resultOf(nb, "graph(e); // a.grad"));
    assert.ok(after.includes("grad 6") && after.includes("grad -4"), after.join(" "));

    // the stepper: every step in a numbered table, moved by s.goto(4) and two s.next() to step 6
    const stepper = resultOf(nb, "const s = stepper(");
    const html = htmlOf(stepper);
    assert.match(html, /<svg/);
    const rows = [...html.matchAll(/<tr data-step="(\d+)"/g)].map((m) => Number(m[1]));
    assert.deepEqual(rows, [0, 1, 2, 3, 4, 5, 6, 7]);
    for (let k = 1; k <= 8; k++) assert.match(html, new RegExp(`Step ${k} of 8 · `));
    assert.match(html, /Step 3 of 8 · forward · mul → #5 e/);
    assert.match(html, /Step 4 of 8 · backward · mul \(#5 e\)/);
    // the saved output is the state the later cells left it in (it was shown at step 1)
    assert.match(textOf(stepper), /^stepper: step 6 of 8 · backward · mul \(#2 c\)/);
    assert.match(html, /<tr data-step="5" class="gradlab-step-current"/);
    assert.equal(html.match(/<tr [^>]*class="gradlab-step-current"/g)?.length, 1);
    const sum = "upstream g = ∂loss/∂#2 c = 4 (from #5 e) + -6 (from #4 d) = -2";
    assert.ok(textOf(stepper).includes(sum), textOf(stepper));
    assert.ok(html.includes(sum));
    assert.ok(html.includes("to #0 a:  ∂/∂a = b = -3  →  g × (-3) = 6"));
    // moving it from a cell prints nothing there: it redraws the stepper above
    assert.deepEqual(outputsOfCell(nb, "s.goto(4);"), []);
    assert.deepEqual(outputsOfCell(nb, "s.next();"), []);
  });

  test("03: MNIST trains under fit()'s own dashboard, and the views show digits, history, mistakes and weights", (t) => {
    const nb = executed.get("03-train-mnist.ipynb")!;
    const text = allText(nb);
    assert.match(text, /Total params: 101,770/);
    // The backend in words a student reads, not the kernel's internals.
    assert.match(text, /Matrix products and convolutions run on the (CPU|GPU)/);
    assert.doesNotMatch(text, /thread\(s\)|webasm —/);

    // the digits, as an image grid: the first three of each, captioned with their labels
    const digits = resultOf(nb, "plot.images(trainImages");
    assertImageGrid(digits, "digits");
    assert.match(textOf(digits), /^30 images 28×28: label 0 label 1 label 2 /);
    const captions = svgTextsOf(digits);
    assert.equal(captions.length, 30);
    assert.deepEqual(captions.slice(0, 10), [...Array(10).keys()].map((d) => `label ${d}`));

    // fit() with no callbacks of ours: one output, its dashboard, redrawn in place to its last state
    const fitOutputs = outputsOfCell(nb, "validationData: valSet");
    assert.equal(fitOutputs.length, 1);
    const [dashboard] = fitOutputs;
    assert.equal(dashboard.output_type, "display_data");
    assert.match(textOf(dashboard), /^finished 2 epochs in .*\nloss \d\.\d+ · accuracy \d\.\d+ · valLoss /);
    assert.equal(htmlOf(dashboard).match(/<svg/g)?.length, 1);
    const panels = svgTextsOf(dashboard);
    assert.match(panels[0], /^finished 2 epochs in /);
    for (const title of ["loss", "accuracy", "learning rate", "gradient norm per parameter", "validation"])
      assert.ok(panels.includes(title), `dashboard panel ${title}: ${panels.join(" | ")}`);
    assert.match(htmlOf(dashboard), /<path[^>]+d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+/); // curves drawn
    assert.ok("application/vnd.plotly.v1+json" in (dashboard.data as object));

    // the History view: per-epoch curves above the table
    const history = resultOf(nb, "history;");
    assert.match(textOf(history), /^History\(2 epochs\)/);
    assert.match(htmlOf(history), /<svg[\s\S]*<table/);

    const accuracy = Number(text.match(/test accuracy: (\d\.\d+)/)?.[1]);
    t.diagnostic(`MNIST MLP test accuracy ${accuracy}`);
    assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);

    // the confusion matrix as a heatmap: the title has the accuracy, the cells their counts
    const confusion = resultOf(nb, "confusionMatrix(logits");
    assert.match(textOf(confusion), /accuracy \d+\.\d+%/);
    const cells = svgTextsOf(confusion);
    assert.ok(
      cells.includes(`confusion matrix · accuracy ${(100 * accuracy).toFixed(2)}% of 2000`),
      cells.join(" | "),
    );
    assert.ok(cells.filter((w) => /^\d+$/.test(w)).length >= 100, "a count in each of the 100 cells");

    // the mistakes, every one captioned "predicted (true)" in red
    const mistakes = resultOf(nb, "predictionGrid(");
    assertImageGrid(mistakes, "mistakes");
    const [, right, shown] = textOf(mistakes).match(/^predictions: (\d+) of 500 right; showing (\d+) \(\2 wrong/) ?? [];
    assert.ok(right && shown, textOf(mistakes));
    assert.equal(Number(right) + Number(shown), 500); // show: "wrong" keeps every mistake (fewer than 40)
    const guesses = svgTextsOf(mistakes).filter((w) => /^\d \(\d\)$/.test(w));
    assert.equal(guesses.length, Number(shown));
    assert.ok(guesses.every((w) => w[0] !== w[3]), guesses.join(" "));
    assert.ok(new Set(guesses.map((w) => w[3])).size >= 8, `mistakes of most digits: ${guesses.join(" ")}`);

    // what the network learned: hidden units' weights as 28×28 images, the output layer as a heatmap
    const units = resultOf(nb, "plot.images(hidden.weight");
    assertImageGrid(units, "hidden units");
    assert.match(textOf(units), /^30 images 28×28: unit 0 unit 1 /);
    const weights = resultOf(nb, "plot.heatmap(output.weight");
    assert.match(htmlOf(weights), /<svg/);
    assert.ok(svgTextsOf(weights).includes("output layer weight"));
    assert.equal(htmlOf(weights).match(/<rect[^>]+fill="(rgb|#)/g)!.length >= 1280, true); // 10 × 128 cells
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
