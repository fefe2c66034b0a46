import { test } from "node:test";
import assert from "node:assert/strict";
import { History, confusionMatrix, tensor } from "../../lib";
import "../../widgets/index"; // registers the rich views
import { richView } from "../../widgets/registry";
import { inlineSvgs } from "../../widgets/view";
import { assertChartBundle, elements, plotlyOf, svgsOf } from "./helpers";

function history(): History {
  const h = new History();
  const rows = [
    [2.1, 0.4, 2.0, 0.45, 0.1],
    [1.2, 0.7, 1.3, 0.66, 0.1],
    [0.8, 0.8, 1.0, 0.75, 0.05],
  ];
  rows.forEach(([loss, accuracy, valLoss, valAccuracy, lr], i) =>
    h.push({ epoch: i + 1, loss, accuracy, valLoss, valAccuracy, lr, time: i }),
  );
  return h;
}

test("a History shows its loss and metric curves (train and validation), its lr, then its table", () => {
  const h = history();
  const view = richView(h)!;
  assert.ok(view, "a view is registered for History");
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  assert.equal(elements(svg, "path", "line").length, 5); // loss ×2, accuracy ×2, lr
  const { data } = plotlyOf(view);
  assert.deepEqual(
    data.map((t) => [t.name ?? null, t.y]),
    [
      ["train", h.get("loss")],
      ["validation", h.get("valLoss")],
      ["train", h.get("accuracy")],
      ["validation", h.get("valAccuracy")],
      [null, h.get("lr")],
    ],
  );
  assert.deepEqual(data[0].x, [1, 2, 3]);
  const html = inlineSvgs(String(view.bundle()["text/html"]));
  assert.match(html, /<\/svg><table/); // History's own table stays under the chart
  assert.equal(String(view), String(h));
});

test("a constant lr gets no panel; an empty History draws empty panels without failing", () => {
  const h = new History();
  h.push({ epoch: 1, loss: 1, lr: 0.1 });
  h.push({ epoch: 2, loss: 0.5, lr: 0.1 });
  assert.equal(plotlyOf(richView(h)!).data.length, 1);
  assert.equal(svgsOf(richView(new History())!).length, 1);
});

test("a ConfusionMatrix shows a heatmap: counts written in the cells, shaded by their share of the row", () => {
  const pred = tensor([0, 0, 1, 1, 2, 2, 2, 0], { dtype: "int32" });
  const target = tensor([0, 0, 1, 2, 2, 2, 2, 1]);
  const cm = confusionMatrix(pred, target, { labels: ["cat", "dog", "owl"] });
  const view = richView(cm)!;
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  assert.equal(elements(svg, "rect", "cell").length, 9);
  const cellTexts = elements(svg, "text")
    .map((t) => t.textContent)
    .filter((t) => /^\d+$/.test(t ?? ""));
  assert.deepEqual(cellTexts.map(Number), cm.counts.flat());
  const [trace] = plotlyOf(view).data;
  assert.deepEqual(
    trace.text,
    cm.counts.map((row) => row.map(String)),
  );
  assert.deepEqual(trace.z, [
    [1, 0, 0],
    [0.5, 0.5, 0],
    [0, 0.25, 0.75],
  ]);
  assert.deepEqual([trace.x, trace.y], [cm.labels, cm.labels]);
  // the names as categories in their order (plotly reads "0"…"9" as numbers otherwise), the first row on
  // top as in the static SVG and the text
  const { layout } = plotlyOf(view);
  assert.deepEqual(
    [layout.xaxis, layout.yaxis].map((a) => [
      (a as { type: string }).type,
      (a as { autorange: unknown }).autorange,
    ]),
    [
      ["category", true],
      ["category", "reversed"],
    ],
  );
  assert.equal(String(view), String(cm));
});
