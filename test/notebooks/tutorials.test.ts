// The tutorials in notebooks/, executed end to end with `gradlab run` (a real Jupyter server and the built
// kernel), then checked: no cell fails, and each notebook shows the values it teaches.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { before, describe, test } from "node:test";
import { executedTutorials } from "../helpers/tutorials";
import {
  allText,
  assertImageGrid,
  firstTutorialChecks,
  htmlOf,
  outputsOf,
  outputsOfCell,
  resultOf,
  svgTextsOf,
  textOf,
} from "../helpers/tutorial-checks";
import { sourceOf, type Notebook, type Output } from "../../kernel/notebook";

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

  for (const [name, checks] of Object.entries(firstTutorialChecks))
    for (const { title, check } of checks) test(title, () => check(executed.get(name)!));

  test("04: an MLP bends the boundary a line cannot, the too-large learning rate diverges, and 64 units overfit 60 points", () => {
    const nb = executed.get("04-mlp-toy-data.ipynb")!;
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
      text.match(new RegExp(`^${w} units: train loss ([\\d.]+), accuracy ([\\d.]+) · validation loss ([\\d.]+), accuracy ([\\d.]+)$`, "m"))!.slice(1).map(Number);
    const [, , mediumValLoss, mediumValAcc] = sized(16);
    const [bigLoss, bigAcc, bigValLoss, bigValAcc] = sized(64);
    assert.ok(bigAcc === 1 && bigLoss < 0.05, `64 units: train loss ${bigLoss}, accuracy ${bigAcc}`);
    assert.ok(bigValLoss > 2 * mediumValLoss && bigValAcc < mediumValAcc, `64: ${bigValLoss} ${bigValAcc}`);
    assert.match(text, /lowest validation loss after epoch \d+ of 300/);
  });

  test("05: a CNN reaches ≥ 97% on MNIST under fit()'s dashboard; confusion matrix, every mistake, filters and feature maps", (t) => {
    const nb = executed.get("05-image-classification.ipynb")!;
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
    assert.deepEqual(captions.slice(0, 10), [...Array(10).keys()].map((d) => `label ${d}`));
    assert.match(textOf(resultOf(nb, "featureMaps(edges")), /^1 of 1 feature maps 28×28/);

    // fit() with a scheduler callback (which shows nothing): one output, fit's own dashboard, in its last state
    const fitOutputs = outputsOfCell(nb, "validationData: valSet");
    assert.equal(fitOutputs.length, 1);
    const [dashboard] = fitOutputs;
    assert.equal(dashboard.output_type, "display_data");
    const [, took] = textOf(dashboard).match(/^finished 5 epochs in (\S+)\nloss \d\.\d+ · accuracy \d\.\d+ · valLoss /) ?? [];
    assert.ok(took, textOf(dashboard));
    t.diagnostic(`CNN training: 5 epochs in ${took}`);
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
    t.diagnostic(`MNIST CNN test accuracy ${accuracy}`);
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
    const [, right, shown] = textOf(mistakes).match(/^predictions: (\d+) of 2000 right; showing (\d+) \(\2 wrong/) ?? [];
    assert.ok(right && shown, textOf(mistakes));
    assert.equal(Number(right) + Number(shown), 2000);
    assert.equal(Number(right), Math.round(accuracy * 2000));
    const guesses = svgTextsOf(mistakes).filter((w) => /^\d \(\d\)$/.test(w));
    assert.equal(guesses.length, Number(shown));
    assert.ok(guesses.every((w) => w[0] !== w[3]), guesses.join(" "));
    assert.ok(new Set(guesses.map((w) => w[3])).size >= 8, `mistakes of most digits: ${guesses.join(" ")}`);

    // what the network learned: 16 filters 3×3, their 16 maps of one digit, 32 maps of 7×7 after block 2
    const learned = resultOf(nb, "filters(conv1.weight)");
    assertImageGrid(learned, "filters");
    assert.match(textOf(learned), /^16 of 16 filters 3×3/);
    assert.match(textOf(resultOf(nb, "featureMaps(conv1.forward(sample)")), /^16 of 16 feature maps 28×28/);
    const deep = resultOf(nb, 'outputs.get("5")');
    assertImageGrid(deep, "block 2's maps");
    assert.match(textOf(deep), /^32 of 32 feature maps 7×7/);
  });

  test("06: on the valley and on the spirals, momentum and Adam beat plain SGD in the same steps; the paths are drawn on the surface", () => {
    const nb = executed.get("06-optimizers.ipynb")!;
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
      [["heatmap", undefined], ["scatter", "SGD"], ["scatter", "momentum"], ["scatter", "Adam"]],
    );
    assert.ok(svgTextsOf(paths).includes("momentum"));
    // the spirals: the same network, initial weights and batches; Adam ends lowest
    const final = (name: string) => number(new RegExp(`^${name} +final loss (\\S+),`, "m"));
    const [sgd, momentum, adam] = ["SGD", "momentum", "Adam"].map(final);
    assert.ok(adam < sgd - 0.2 && momentum < sgd, `SGD ${sgd}, momentum ${momentum}, Adam ${adam}`);
    // a cosine schedule lets Adam settle lower than a constant rate
    assert.ok(
      number(/η = 0\.5 cosine: +loss after 50 steps (\S+)/) < number(/η = 0\.5 constant: loss after 50 steps (\S+)/),
    );
    assert.match(textOf(resultOf(nb, "shape((o) => new optim.StepLR")), /: 40, 40, 40, 40 points$/);
  });

  test("07: a deep sigmoid network's first-layer gradient is orders of magnitude below ReLU's; init, batch norm and a residual path fix it", () => {
    const nb = executed.get("07-vanishing-exploding.ipynb")!;
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
    const [sigmoidRun, reluRun] = [...text.matchAll(/^loss ([\d.]+) → ([\d.]+), accuracy ([\d.]+)$/gm)].map((m) =>
      m.slice(1).map(Number),
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
  });

  test("08: backendInfo in words, every backend timed and equal to the reference, and the student's gpu.js kernel = the reference", () => {
    const nb = executed.get("08-acceleration.ipynb")!;
    const text = allText(nb);
    assert.match(text, /^Matrix products and convolutions run on the (CPU|GPU)/m);
    assert.match(text, /^reference +✓ Matrix products and convolutions run as plain TypeScript loops/m);
    // the matmul rates per backend: the SIMD kernel beats the reference loops at n = 256
    const rateAt256 = (name: string) => Number(text.match(new RegExp(`^${name} +(?:\\S+ +){3}(\\S+) GFLOP/s$`, "m"))?.[1]);
    assert.ok(rateAt256("gpu:webasm") > 2 * rateAt256("reference"), text);
    assert.match(textOf(resultOf(nb, "plot.line(matmulRates")), /^line chart "matmul n×n · n×n": 4(, 4)+ points/);
    // every backend agrees with the reference to float32 rounding, on matmul and conv2d
    const diffs = [...text.matchAll(/^gpu:\w+ +matmul (\S+) +conv2d (\S+)$/gm)].flatMap((m) => [m[1], m[2]]);
    assert.ok(diffs.length >= 4 && diffs.every((d) => Number(d) <= 1e-3), diffs.join(" "));
    // the kernel written in the notebook
    const [, mine] = text.match(/my kernel vs the reference: max \|difference\| = (\S+)/) ?? [];
    assert.ok(mine !== undefined && Number(mine) <= 1e-4, `my kernel: ${mine}`);
    assert.match(text, /^my kernel +\S+ ms/m);
  });

  test("09: the graph, its shape error, and a session give eager's numbers: loss, gradients, 60 training steps, a traced model", () => {
    const nb = executed.get("09-define-then-run.ipynb")!;
    const text = allText(nb);
    const [, graphLoss, eagerLoss] = text.match(/graph loss (\S+) +\(eager: (\S+)\)/) ?? [];
    assert.ok(graphLoss !== undefined && graphLoss === eagerLoss, `${graphLoss} vs ${eagerLoss}`);
    const number = (pattern: RegExp) => Number(text.match(pattern)?.[1]);
    assert.ok(number(/max \|graph gradient − eager gradient\| = (\S+)/) <= 1e-6);
    assert.ok(number(/max \|graph − eager\| over 60 steps: (\S+)/) <= 1e-6);
    assert.ok(number(/max \|traced − eager\| = (\S+)/) <= 1e-6);
    const [, first, last] = text.match(/loss after 60 steps: graph (\S+), eager (\S+)/) ?? [];
    assert.equal(first, last);
    assert.ok(Number(last) < 0.5, `loss after 60 steps ${last}`);
    assert.match(text, /graph node "matmul_2" = matmul\(x \[null,2\], w2 \[16,2\]\): .*inner dims 2 ≠ 16/);
    // the graph drawn before anything ran, and the passes drawn before and after
    const words = svgTextsOf(resultOf(nb, "graph(g);"));
    for (const w of ["x", "t", "w1", "b2", "crossEntropy"]) assert.ok(words.includes(w), `${w} in ${words.join(" ")}`);
    assert.match(textOf(resultOf(nb, "passes: true")), /^before the passes: \d+ nodes/);
    assert.match(textOf(resultOf(nb, "session.lastRun.nodesRun")), /^[1-4]$/); // only x's branch ran
    const runs = [...text.matchAll(/nodesRun: (\d+)/g)].map((m) => Number(m[1]));
    assert.ok(runs.length >= 3, text);
  });

  test("10: the FAQ's demonstrations run, and the text model learns topics well above chance", (t) => {
    const nb = executed.get("10-faq.ipynb")!;
    const text = allText(nb);
    assert.match(text, /^true$/m); // same seed, same weights
    for (const title of ["the learning rate", "the scale of the inputs", "gradients that pile up"])
      assert.match(text, new RegExp(`^line chart "${title}": 100(, 100)+ points`, "m"));
    const [, , few] = text.match(/loss on 8 examples: (\S+) → (\S+)/) ?? [];
    assert.ok(Number(few) < 0.05, `overfitting 8 examples: ${few}`);
    // accuracy vs loss: the same accuracy at every scale, the loss growing with confidence in wrong answers
    const scaled = [...text.matchAll(/scores × \S+ +accuracy (\S+) +loss (\S+)/g)].map((m) => [m[1], Number(m[2])]);
    assert.equal(scaled.length, 3);
    assert.equal(new Set(scaled.map(([a]) => a)).size, 1);
    assert.ok(scaled[2][1] > scaled[1][1], JSON.stringify(scaled));
    assert.match(textOf(resultOf(nb, "confusion;")), /accuracy \d+\.\d+%/);
    // the language model
    const accuracy = Number(text.match(/text model test accuracy: (\S+) \(chance: 0\.333\)/)?.[1]);
    t.diagnostic(`text model test accuracy ${accuracy}`);
    assert.ok(accuracy >= 0.7, `text model test accuracy ${accuracy}`);
    const topics = svgTextsOf(resultOf(nb, "labels: topics"));
    for (const topic of ["sport", "food", "weather"]) assert.ok(topics.includes(topic), topics.join(" "));
    const [, neighbour] = text.match(/goal +→ (\w+)/) ?? [];
    assert.ok(["team", "match", "player", "coach", "score", "league", "ball", "referee", "season"].includes(neighbour));
  });
});
