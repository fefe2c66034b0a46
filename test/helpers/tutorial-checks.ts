// What each tutorial must show once executed, as independent expectations (numbers by hand, autograd
// against formulas, a loss that falls, a network that learns, every backend equal to the reference), by
// notebook file name: test/notebooks/tutorials.test.ts checks every tutorial run in Node, and
// test/lite/tutorials.test.ts the tutorials the browser kernel of the site runs (all but 05, whose CNN trains
// for minutes there). A check may return lines for the test to print with t.diagnostic (05's training time
// and accuracy, 10's text model accuracy).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { sourceOf, type Cell, type Notebook, type Output } from "../../kernel/notebook";
import { inlineSvgs } from "../../widgets/view";

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
/** An output's HTML, a view's static pictures (sent as <img>s of their SVGs) as the SVGs themselves. */
export const htmlOf = (o: Output) =>
  inlineSvgs(join_((o.data as Record<string, unknown> | undefined)?.["text/html"]));
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
/**
 * One check of an executed tutorial: its title (the test's) and its assertions; what it returns, if
 * anything, is lines for the test's t.diagnostic (figures worth seeing in every run, not only on failure).
 */
export interface TutorialCheck {
  title: string;
  check(nb: Notebook): string[] | void;
}

/** The checks of every tutorial, by notebook file name. */
export const tutorialChecks: Record<string, TutorialCheck[]> = {};
const add = (name: string, title: string, check: (nb: Notebook) => string[] | void) =>
  (tutorialChecks[name] ??= []).push({ title, check });

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

add(
  "04-mlp-toy-data.ipynb",
  "04: an MLP bends the boundary a line cannot, the too-large learning rate diverges, and 64 units overfit 60 points",
  (nb) => {
    const text = allText(nb);
    const rightOf = (o: Output) => {
      const [, right, n] = textOf(o).match(/; (\d+) of (\d+) points classified right$/) ?? [];
      assert.ok(right, textOf(o));
      return Number(right) / Number(n);
    };
    const line = rightOf(resultOf(nb, "decisionBoundary(linear, train)"));
    // the boundary as it learns: one output redrawn in place, before fit()'s own dashboard
    const [boundary, dashboard, ...rest] = outputsOfCell(nb, '"moons-boundary"');
    assert.deepEqual(rest, []);
    assert.equal(boundary.output_type, "display_data");
    assert.match(textOf(dashboard), /^finished 40 epochs in /);
    const mlp = rightOf(boundary);
    assert.ok(mlp >= 0.95 && mlp > line + 0.05, `MLP ${mlp} vs a line ${line}`);
    assert.ok(svgTextsOf(boundary).some((w) => /^decision boundary · \d+\.\d% of 300 points right$/.test(w)));
    assert.ok(Number(text.match(/validation accuracy: (\d\.\d+)/)?.[1]) >= 0.93);

    // three learning rates: too small crawls, 1 converges, 10 ends worse than guessing (ln 2)
    const final = (lr: string) => Number(text.match(new RegExp(`η = ${lr}: loss [\\d.]+ → ([\\d.]+)`))?.[1]);
    const [small, right, large] = ["0.01", "1", "10"].map(final);
    assert.ok(right < 0.3 && small > 2 * right, `η = 0.01: ${small}, η = 1: ${right}`);
    assert.ok(large > Math.LN2, `η = 10 should diverge: final loss ${large}`);

    // capacity: 64 units memorise the 60 points and do worse on new ones than 16 units
    const sized = (w: number) =>
      text
        .match(
          new RegExp(
            `^${w} units: train loss ([\\d.]+), accuracy ([\\d.]+) · validation loss ([\\d.]+), accuracy ([\\d.]+)$`,
            "m",
          ),
        )!
        .slice(1)
        .map(Number);
    const [, , mediumValLoss, mediumValAcc] = sized(16);
    const [bigLoss, bigAcc, bigValLoss, bigValAcc] = sized(64);
    assert.ok(bigAcc === 1 && bigLoss < 0.05, `64 units: train loss ${bigLoss}, accuracy ${bigAcc}`);
    assert.ok(bigValLoss > 2 * mediumValLoss && bigValAcc < mediumValAcc, `64: ${bigValLoss} ${bigValAcc}`);
    assert.match(text, /lowest validation loss after epoch \d+ of 300/);
  },
);

add(
  "05-image-classification.ipynb",
  "05: a CNN reaches ≥ 97% on MNIST under fit()'s dashboard; confusion matrix, every mistake, filters and feature maps",
  (nb) => {
    const notes: string[] = [];
    const text = allText(nb);
    assert.match(text, /Total params: 105,866/);
    // The backend in words a student reads, not the kernel's internals.
    assert.match(text, /Matrix products and convolutions run on the (CPU|GPU)/);
    assert.doesNotMatch(text, /thread\(s\)|webasm —/);

    // the digits, as an image grid: the first three of each, captioned with their labels
    const digits = resultOf(nb, "plot.images(trainImages");
    assertImageGrid(digits, "digits");
    assert.match(textOf(digits), /^30 images 28×28: label 0 label 1 label 2 /);
    const captions = svgTextsOf(digits);
    assert.equal(captions.length, 30);
    assert.deepEqual(
      captions.slice(0, 10),
      [...Array(10).keys()].map((d) => `label ${d}`),
    );
    assert.match(textOf(resultOf(nb, "featureMaps(edges")), /^1 of 1 feature maps 28×28/);

    // fit() with a scheduler callback (which shows nothing): one output, fit's own dashboard, in its last state
    const fitOutputs = outputsOfCell(nb, "validationData: valSet");
    assert.equal(fitOutputs.length, 1);
    const [dashboard] = fitOutputs;
    assert.equal(dashboard.output_type, "display_data");
    const [, took] =
      textOf(dashboard).match(/^finished 5 epochs in (\S+)\nloss \d\.\d+ · accuracy \d\.\d+ · valLoss /) ??
      [];
    assert.ok(took, textOf(dashboard));
    notes.push(`CNN training: 5 epochs in ${took}`);
    assert.equal(htmlOf(dashboard).match(/<svg/g)?.length, 1);
    const panels = svgTextsOf(dashboard);
    for (const title of ["loss", "accuracy", "learning rate", "gradient norm per parameter", "validation"])
      assert.ok(panels.includes(title), `dashboard panel ${title}: ${panels.join(" | ")}`);
    assert.match(htmlOf(dashboard), /<path[^>]+d="M[\d.]+,[\d.]+L[\d.]+,[\d.]+/); // curves drawn
    assert.ok("application/vnd.plotly.v1+json" in (dashboard.data as object));

    // the History view: per-epoch curves above the table; the cosine schedule ends at 0
    const history = resultOf(nb, "history;");
    assert.match(textOf(history), /^History\(5 epochs\)/);
    assert.match(htmlOf(history), /<svg[\s\S]*<table/);
    assert.match(textOf(history), /\n\s+5 .* 0 +\S+$/);

    const accuracy = Number(text.match(/test accuracy: (\d\.\d+)/)?.[1]);
    notes.push(`MNIST CNN test accuracy ${accuracy}`);
    assert.ok(accuracy >= 0.97, `test accuracy ${accuracy}`);

    // the confusion matrix as a heatmap: the title has the accuracy, the cells their counts
    const confusion = resultOf(nb, "confusionMatrix(logits");
    const cells = svgTextsOf(confusion);
    assert.ok(
      cells.includes(`confusion matrix · accuracy ${(100 * accuracy).toFixed(2)}% of 2000`),
      cells.join(" | "),
    );
    assert.ok(cells.filter((w) => /^\d+$/.test(w)).length >= 100, "a count in each of the 100 cells");

    // every mistake on the test set, each captioned "predicted (true)" in red
    const mistakes = resultOf(nb, "predictionGrid(");
    assertImageGrid(mistakes, "mistakes");
    const [, right, shown] =
      textOf(mistakes).match(/^predictions: (\d+) of 2000 right; showing (\d+) \(\2 wrong/) ?? [];
    assert.ok(right && shown, textOf(mistakes));
    assert.equal(Number(right) + Number(shown), 2000);
    assert.equal(Number(right), Math.round(accuracy * 2000));
    const guesses = svgTextsOf(mistakes).filter((w) => /^\d \(\d\)$/.test(w));
    assert.equal(guesses.length, Number(shown));
    assert.ok(
      guesses.every((w) => w[0] !== w[3]),
      guesses.join(" "),
    );
    assert.ok(new Set(guesses.map((w) => w[3])).size >= 8, `mistakes of most digits: ${guesses.join(" ")}`);

    // what the network learned: 16 filters 3×3, their 16 maps of one digit, 32 maps of 7×7 after block 2
    const learned = resultOf(nb, "filters(conv1.weight)");
    assertImageGrid(learned, "filters");
    assert.match(textOf(learned), /^16 of 16 filters 3×3/);
    assert.match(textOf(resultOf(nb, "featureMaps(conv1.forward(sample)")), /^16 of 16 feature maps 28×28/);
    const deep = resultOf(nb, 'outputs.get("5")');
    assertImageGrid(deep, "block 2's maps");
    assert.match(textOf(deep), /^32 of 32 feature maps 7×7/);

    return notes;
  },
);

add(
  "06-optimizers.ipynb",
  "06: on the valley and on the spirals, momentum and Adam beat plain SGD in the same steps; the paths are drawn on the surface",
  (nb) => {
    const text = allText(nb);
    const number = (re: RegExp) => Number(text.match(re)?.[1]);
    // the 2-D valley: loss after 50 steps
    const valley = (name: string) => number(new RegExp(`^${name} +loss after 50 steps: (\\S+)$`, "m"));
    assert.ok(valley("momentum") < valley("SGD") / 10 && valley("Adam") < valley("SGD") / 5, text);
    const paths = resultOf(nb, 'title: "50 steps from');
    const { data } = (paths.data as Record<string, { data: { type: string; name?: string }[] }>)[
      "application/vnd.plotly.v1+json"
    ];
    assert.deepEqual(
      data.map((d) => [d.type, d.name]),
      [
        ["heatmap", undefined],
        ["scatter", "SGD"],
        ["scatter", "momentum"],
        ["scatter", "Adam"],
      ],
    );
    assert.ok(svgTextsOf(paths).includes("momentum"));
    // the spirals: the same network, initial weights and batches; Adam ends lowest
    const final = (name: string) => number(new RegExp(`^${name} +final loss (\\S+),`, "m"));
    const [sgd, momentum, adam] = ["SGD", "momentum", "Adam"].map(final);
    assert.ok(adam < sgd - 0.2 && momentum < sgd, `SGD ${sgd}, momentum ${momentum}, Adam ${adam}`);
    // a cosine schedule lets Adam settle lower than a constant rate
    assert.ok(
      number(/η = 0\.5 cosine: +loss after 50 steps (\S+)/) <
        number(/η = 0\.5 constant: loss after 50 steps (\S+)/),
    );
    assert.match(textOf(resultOf(nb, "shape((o) => new optim.StepLR")), /: 40, 40, 40, 40 points$/);
  },
);

add(
  "07-vanishing-exploding.ipynb",
  "07: a deep sigmoid network's first-layer gradient is orders of magnitude below ReLU's; init, batch norm and a residual path fix it",
  (nb) => {
    const text = allText(nb);
    const number = (re: RegExp) => Number(text.match(re)?.[1]);
    const sigmoid = number(/first layer's gradient norm, sigmoid: (\S+)/);
    const relu = number(/first layer's gradient norm, ReLU: +(\S+)/);
    assert.ok(sigmoid > 0 && sigmoid < relu / 1000, `sigmoid ${sigmoid}, ReLU ${relu}`);
    // initialisation: too small vanishes, too large explodes, Kaiming keeps the first layer learning
    const first = (name: string) => number(new RegExp(`^${name} +first layer (\\S+),`, "m"));
    assert.ok(first("std 0\\.01: too small") < 1e-10, text);
    assert.ok(first("std 0\\.5: too large") > 1, text);
    assert.ok(first("Kaiming: √\\(2/n_in\\)") > 1000 * first("default \\(PyTorch's\\)"), text);
    // training: the sigmoid network stays at the loss of guessing, the Kaiming ReLU one learns
    const [sigmoidRun, reluRun] = [...text.matchAll(/^loss ([\d.]+) → ([\d.]+), accuracy ([\d.]+)$/gm)].map(
      (m) => m.slice(1).map(Number),
    );
    assert.ok(sigmoidRun[1] > 0.65, `sigmoid: ${sigmoidRun}`);
    assert.ok(reluRun[1] < 0.2 && reluRun[2] > 0.9, `ReLU: ${reluRun}`);
    for (const marker of ["sigmoidRun.view()", "reluRun.view()"])
      assert.match(textOf(resultOf(nb, marker)), /^0\.weight: last ‖g‖ /);
    assert.match(textOf(resultOf(nb, "bands.view()")), /^0\.weight \(gradient\): epoch 5 median /);
    // the residual path: 22 linear layers, the first one's gradient survives
    const plain = number(/first layer's gradient norm: plain +(\S+)/);
    const residual = number(/first layer's gradient norm: residual (\S+)/);
    assert.ok(residual > 1e6 * plain, `plain ${plain}, residual ${residual}`);
  },
);

add(
  "08-acceleration.ipynb",
  "08: backendInfo in words, every backend timed and equal to the reference, and the student's gpu.js kernel = the reference",
  (nb) => {
    const text = allText(nb);
    assert.match(text, /^Matrix products and convolutions run on the (CPU|GPU)/m);
    assert.match(text, /^reference +✓ Matrix products and convolutions run as plain TypeScript loops/m);
    // the matmul rates per backend: the SIMD kernel beats the reference loops at n = 256
    const rateAt256 = (name: string) =>
      Number(text.match(new RegExp(`^${name} +(?:\\S+ +){3}(\\S+) GFLOP/s$`, "m"))?.[1]);
    assert.ok(rateAt256("gpu:webasm") > 2 * rateAt256("reference"), text);
    assert.match(
      textOf(resultOf(nb, "plot.line(matmulRates")),
      /^line chart "matmul n×n · n×n": 4(, 4)+ points/,
    );
    // every backend agrees with the reference to float32 rounding, on matmul and conv2d
    const diffs = [...text.matchAll(/^gpu:\w+ +matmul (\S+) +conv2d (\S+)$/gm)].flatMap((m) => [m[1], m[2]]);
    assert.ok(diffs.length >= 4 && diffs.every((d) => Number(d) <= 1e-3), diffs.join(" "));
    // the kernel written in the notebook
    const [, mine] = text.match(/my kernel vs the reference: max \|difference\| = (\S+)/) ?? [];
    assert.ok(mine !== undefined && Number(mine) <= 1e-4, `my kernel: ${mine}`);
    assert.match(text, /^my kernel +\S+ ms/m);
  },
);

add(
  "09-define-then-run.ipynb",
  "09: the graph, its shape error, and a session give eager's numbers: loss, gradients, 60 training steps, a traced model and function",
  (nb) => {
    const text = allText(nb);
    const [, graphLoss, eagerLoss] = text.match(/graph loss (\S+) +\(eager: (\S+)\)/) ?? [];
    assert.ok(graphLoss !== undefined && graphLoss === eagerLoss, `${graphLoss} vs ${eagerLoss}`);
    const number = (pattern: RegExp) => Number(text.match(pattern)?.[1]);
    assert.ok(number(/max \|graph gradient − eager gradient\| = (\S+)/) <= 1e-6);
    assert.ok(number(/max \|graph − eager\| over 60 steps: (\S+)/) <= 1e-6);
    assert.ok(number(/max \|traced − eager\| = (\S+)/) <= 1e-6);
    // a function traced op by op: its three elementwise ops fused, eager's numbers exactly
    const [, fused, fnDiff] =
      text.match(/(\d+) nodes ran as one fused loop; max \|traced − eager\| = (\S+)/) ?? [];
    assert.equal(fused, "3", text);
    assert.equal(fnDiff, "0", text);
    const [, first, last] = text.match(/loss after 60 steps: graph (\S+), eager (\S+)/) ?? [];
    assert.equal(first, last);
    assert.ok(Number(last) < 0.5, `loss after 60 steps ${last}`);
    // both loops timed, the session's compiling first run apart
    const times = text.match(
      /per step: graph (\S+) ms, eager (\S+) ms \(the session's first run, which compiled its plan: (\S+) ms\)/,
    );
    assert.ok(times && times.slice(1).every((t) => Number(t) > 0), text);
    assert.match(text, /graph node "matmul_2" = matmul\(x \[null,2\], w2 \[16,2\]\): .*inner dims 2 ≠ 16/);
    // the graph drawn before anything ran, and the passes drawn before and after
    const words = svgTextsOf(resultOf(nb, "graph(g);"));
    for (const w of ["x", "t", "w1", "b2", "crossEntropy"])
      assert.ok(words.includes(w), `${w} in ${words.join(" ")}`);
    assert.match(textOf(resultOf(nb, "passes: true")), /^before the passes: \d+ nodes/);
    assert.match(textOf(resultOf(nb, "session.lastRun.nodesRun")), /^[1-4]$/); // only x's branch ran
    const runs = [...text.matchAll(/nodesRun: (\d+)/g)].map((m) => Number(m[1]));
    assert.ok(runs.length >= 3, text);
  },
);

add(
  "10-faq.ipynb",
  "10: the FAQ's demonstrations run, and the text model learns topics well above chance",
  (nb) => {
    const notes: string[] = [];
    const text = allText(nb);
    assert.match(text, /^true$/m); // same seed, same weights
    for (const title of ["the learning rate", "the scale of the inputs", "gradients that pile up"])
      assert.match(text, new RegExp(`^line chart "${title}": 100(, 100)+ points`, "m"));
    const [, , few] = text.match(/loss on 8 examples: (\S+) → (\S+)/) ?? [];
    assert.ok(Number(few) < 0.05, `overfitting 8 examples: ${few}`);
    // accuracy vs loss: the same accuracy at every scale, the loss growing with confidence in wrong answers
    const scaled = [...text.matchAll(/scores × \S+ +accuracy (\S+) +loss (\S+)/g)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    assert.equal(scaled.length, 3);
    assert.equal(new Set(scaled.map(([a]) => a)).size, 1);
    assert.ok(scaled[2][1] > scaled[1][1], JSON.stringify(scaled));
    assert.match(textOf(resultOf(nb, "confusion;")), /accuracy \d+\.\d+%/);
    // the language model
    const accuracy = Number(text.match(/text model test accuracy: (\S+) \(chance: 0\.333\)/)?.[1]);
    notes.push(`text model test accuracy ${accuracy}`);
    assert.ok(accuracy >= 0.7, `text model test accuracy ${accuracy}`);
    const topics = svgTextsOf(resultOf(nb, "labels: topics"));
    for (const topic of ["sport", "food", "weather"]) assert.ok(topics.includes(topic), topics.join(" "));
    const [, neighbour] = text.match(/goal +→ (\w+)/) ?? [];
    assert.ok(
      ["team", "match", "player", "coach", "score", "league", "ball", "referee", "season"].includes(
        neighbour,
      ),
    );

    return notes;
  },
);
