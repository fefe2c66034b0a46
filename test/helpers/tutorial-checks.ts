// What tutorials 00–03 must show once executed, as independent expectations (numbers by hand, autograd
// against formulas, a loss that falls): test/notebooks/tutorials.test.ts checks them on the tutorials run in
// Node, test/lite/tutorials.test.ts on the same tutorials run in the browser kernel of the site.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sourceOf, type Cell, type Notebook, type Output } from "../../kernel/notebook";

const version = JSON.parse(readFileSync(resolve(__dirname, "../../package.json"), "utf8")).version;

export const join_ = (text: unknown) => (Array.isArray(text) ? text.join("") : String(text ?? ""));

/** What an output shows as text: a stream's text, or a display's text/plain. */
export function textOf(output: Output): string {
  if (output.output_type === "stream") return join_(output.text);
  if (output.output_type === "error") return `${output.ename}: ${output.evalue}`;
  return join_((output.data as Record<string, unknown>)["text/plain"]);
}

export const outputsOf = (nb: Notebook) => nb.cells.flatMap((c) => c.outputs ?? []);
export const allText = (nb: Notebook) => outputsOf(nb).map(textOf).join("\n");
/** The outputs of the code cell whose source contains `marker`. */
export function outputsOfCell(nb: Notebook, marker: string): Output[] {
  const cell = nb.cells.find((c: Cell) => c.cell_type === "code" && sourceOf(c).includes(marker));
  assert.ok(cell, `no code cell contains ${JSON.stringify(marker)}`);
  return cell.outputs ?? [];
}
export const htmlOf = (o: Output) => join_((o.data as Record<string, unknown> | undefined)?.["text/html"]);
/** The words written in an output's SVG (titles, labels, captions), entities decoded. */
export const svgTextsOf = (o: Output) =>
  [...htmlOf(o).matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replace(/&#45;/g, "-").replace(/&amp;/g, "&").trim(),
  );
/**
 * The value a cell showed: its execute_result, or for a view its display_data (a view as a cell's result
 * goes as display_data with its display id, the only outputs whose ids JupyterLab follows).
 */
export function resultOf(nb: Notebook, marker: string): Output {
  const outputs = outputsOfCell(nb, marker);
  const values = outputs.filter((o) => o.output_type === "execute_result");
  const views = outputs.filter(
    (o) => o.output_type === "display_data" && /^<div class="gradlab-view"/.test(htmlOf(o)),
  );
  const results = values.length ? values : views.slice(-1);
  assert.equal(results.length, 1, `the cell with ${JSON.stringify(marker)} shows one value`);
  return results[0];
}
/** An image grid (plot.images, predictionGrid): one SVG holding one PNG mosaic. */
export function assertImageGrid(o: Output, what: string): void {
  assert.equal(htmlOf(o).match(/<svg/g)?.length, 1, `${what}: one SVG`);
  assert.equal(htmlOf(o).match(/<image[^>]+data:image\/png;base64,/g)?.length, 1, `${what}: one PNG`);
}
/** One check of an executed tutorial: its title (the test's) and its assertions. */
export interface TutorialCheck {
  title: string;
  check(nb: Notebook): void;
}

/** The checks of tutorials 00–03, by notebook file name. */
export const firstTutorialChecks: Record<string, TutorialCheck[]> = {};
const add = (name: string, title: string, check: (nb: Notebook) => void) =>
  (firstTutorialChecks[name] ??= []).push({ title, check });

add(
  "00-welcome.ipynb",
  "00: the tour prints the version, runs eager and graph mode, trains under fit's dashboard and draws the graph",
  (nb) => {
    const text = allText(nb);
    assert.match(text, new RegExp(`gradlab ${version}`));
    assert.match(text, /y = 7 {3}∂y\/∂w = 2 {3}∂y\/∂b = 1/);
    assert.match(text, /y\(2\) = 7 {3}y\(5\) = 16/);
    const words = svgTextsOf(resultOf(nb, "graph(y)"));
    for (const w of ["w", "x", "b", "y", "mul", "add", "grad 2", "grad 1"]) assert.ok(words.includes(w), w);
    // the taste: fit()'s own dashboard, redrawn to its last state, then the boundary and the model's graph
    const dashboard = outputsOfCell(nb, "await fit(model").find((o) => textOf(o).startsWith("finished"));
    assert.ok(dashboard, "fit showed no dashboard");
    const [, accuracy] =
      textOf(dashboard).match(/^finished 30 epochs in [\s\S]* valAccuracy (\d\.\d+)/) ?? [];
    assert.ok(Number(accuracy) >= 0.9, textOf(dashboard));
    assert.match(textOf(resultOf(nb, "decisionBoundary(model, test)")), /^decision boundary of 2 classes/);
    const modelGraph = svgTextsOf(resultOf(nb, "graph(crossEntropy("));
    for (const layer of ["0 · Linear", "1 · Tanh", "2 · Linear"])
      assert.ok(modelGraph.includes(layer), `${layer} in ${modelGraph.join(" | ")}`);
  },
);

add(
  "01-tensors.ipynb",
  "01: tensors display as tables, and shape errors name both shapes and a fix",
  (nb) => {
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
  },
);

add(
  "01-tensors.ipynb",
  "01: the op-source section pages matmul's docs (no output in the saved notebook)",
  (nb) => {
    assert.deepEqual(outputsOfCell(nb, "matmul?"), []);
  },
);

add(
  "02-autograd.ipynb",
  "02: backprop by hand matches backward(), the walk sums a value used twice, gradcheck catches the slip",
  (nb) => {
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
  },
);

add(
  "02-autograd.ipynb",
  "02: graph() draws the expression, and the stepper walks it, summing c's two gradients",
  (nb) => {
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
    const sum = "upstream g = ∂e/∂#2 c = 4 (from #5 e) + -6 (from #4 d) = -2"; // ∂e: the result's own name
    assert.ok(textOf(stepper).includes(sum), textOf(stepper));
    assert.ok(html.includes(sum));
    assert.ok(html.includes("to #0 a:  ∂/∂a = b = -3  →  g × (-3) = 6"));
    // moving it from a cell prints nothing there: it redraws the stepper above
    assert.deepEqual(outputsOfCell(nb, "s.goto(4);"), []);
    assert.deepEqual(outputsOfCell(nb, "s.next();"), []);
  },
);

add("02-autograd.ipynb", "02: the graph draws noGrad's and detach's cuts as dashed edges", (nb) => {
  assert.match(allText(nb), /∂out\/∂u = 2 /);
  const cut = htmlOf(resultOf(nb, "graph(out)"));
  assert.equal(cut.match(/class="[^"]*\bcut\b/g)?.length, 2, "two cut edges");
  assert.ok(svgTextsOf(resultOf(nb, "graph(out)")).some((w) => w.startsWith("cut: detach()")));
});

add(
  "03-backprop-by-hand.ipynb",
  "03: every gradient of y = σ(XWᵀ + b) by hand equals autograd's, gradcheck agrees, and training by hand lowers the loss",
  (nb) => {
    const text = allText(nb);
    for (const name of ["W", "b", "X"]) {
      const [, difference] =
        text.match(new RegExp(`∂L/∂${name}: by hand vs autograd, largest difference (\\S+)`)) ?? [];
      assert.ok(difference !== undefined && Number(difference) <= 1e-6, `∂L/∂${name}: ${difference}`);
    }
    assert.match(
      textOf(resultOf(nb, "gradcheck(lossOf, [W, b])")),
      /^gradcheck passed: all 8 elements agree/,
    );
    const steps = htmlOf(resultOf(nb, "stepper(L)"));
    assert.match(steps, /Step 1 of 19 · forward · permute/);
    assert.match(steps, /backward · sigmoid \(#6 Y\)/);
    assert.match(textOf(resultOf(nb, "stepper(L)")), /^stepper: step 13 of 19 · backward · sigmoid \(#6 Y\)/); // s.goto(13)
    const [, before, after] = text.match(/loss before the step: (\S+)\nloss after the step: +(\S+)/) ?? [];
    assert.ok(Number(after) < Number(before), `${before} → ${after}`);
    const [, first, last] = text.match(/loss: (\S+) at the start, (\S+) after 200 steps/) ?? [];
    assert.ok(Number(last) < Number(first) / 10, `${first} → ${last}`);
    assert.match(textOf(resultOf(nb, "plot.line(losses")), /^line chart "training by hand": 200 points/);
  },
);
