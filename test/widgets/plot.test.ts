import { test } from "node:test";
import assert from "node:assert/strict";
import { manualSeed, randn, tensor } from "../../lib";
import { plot } from "../../widgets/plot";
import { assertChartBundle, elements, f32, plotlyOf, svgsOf } from "./helpers";

test("plot.line: one path per curve; plotly's y values are the tensor's", () => {
  manualSeed(1);
  const ys = randn([2, 20]);
  const view = plot.line(ys, { title: "two curves" });
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  assert.equal(elements(svg, "path", "line").length, 2);
  const { data } = plotlyOf(view);
  assert.deepEqual(data[0].y, f32(ys.data.subarray(0, 20)));
  assert.deepEqual(data[1].y, f32(ys.data.subarray(20)));
  assert.deepEqual(data[0].x, [...Array(20).keys()]);
  assert.match(String(view), /^line chart "two curves": 20, 20 points$/);
});

test("plot.line takes named series with their own x", () => {
  const view = plot.line([{ x: [0, 10, 20], y: [3, 2, 1], name: "loss" }]);
  const [trace] = plotlyOf(view).data;
  assert.deepEqual([trace.x, trace.y, trace.name], [[0, 10, 20], [3, 2, 1], "loss"]);
  assert.throws(() => plot.line([{ x: [1, 2], y: [1, 2, 3] }]), /2 x values for 3 y values/);
});

test("plot.scatter: one circle per point, one trace per class", () => {
  manualSeed(2);
  const points = randn([30, 2]);
  const labels = tensor(Array.from({ length: 30 }, (_, i) => i % 3));
  const view = plot.scatter(points, { labels });
  assertChartBundle(view);
  assert.equal(elements(svgsOf(view)[0], "circle", "point").length, 30);
  const { data } = plotlyOf(view);
  assert.equal(data.length, 3);
  assert.deepEqual(data[1].x, f32([...Array(10)].map((_, k) => points.data[2 * (3 * k + 1)])));
  assert.throws(() => plot.scatter(randn([5, 3])), /expected points \[N, 2\], got shape \[5, 3\]/);
  assert.throws(() => plot.scatter(points, { labels: tensor([1, 2]) }), /2 labels for 30 points/);
});

test("plot.hist: the bars count every value; SVG and plotly show the same bars", () => {
  manualSeed(3);
  const values = randn([40, 25]);
  const view = plot.hist(values, { bins: 20 });
  assertChartBundle(view);
  const { data } = plotlyOf(view);
  const counts = data[0].y as number[];
  assert.equal(
    counts.reduce((a, b) => a + b, 0),
    1000,
  );
  assert.equal(elements(svgsOf(view)[0], "rect", "bar").length, counts.length);
  assert.throws(() => plot.hist([NaN]), /no finite values/);
});

test("plot.heatmap: one cell per value, plotly's z is the matrix; large matrices become one image", () => {
  manualSeed(4);
  const w = randn([4, 6]);
  const view = plot.heatmap(w);
  assertChartBundle(view);
  assert.equal(elements(svgsOf(view)[0], "rect", "cell").length, 24);
  const { data, layout } = plotlyOf(view);
  assert.deepEqual((data[0].z as number[][]).flat(), f32(w.data));
  // row 0 on top, as printed: the y range runs from the last row's edge down to the first's
  assert.deepEqual((layout.yaxis as { range: number[] }).range, [3.5, -0.5]);
  // signed values: a diverging scale centred on 0
  assert.equal(data[0].zmin, -(data[0].zmax as number));
  const big = plot.heatmap(randn([80, 90]));
  const [svg] = svgsOf(big);
  assert.equal(elements(svg, "rect", "cell").length, 0);
  assert.match(elements(svg, "image")[0].getAttribute("href")!, /^data:image\/png;base64,/);
  assert.throws(
    () => plot.heatmap(randn([2, 3, 4])),
    /expected a 2-D tensor \[rows, columns\], got shape \[2, 3, 4\]/,
  );
});

test("plot.heatmap with x, y and lines: a surface on numeric axes, y upwards, paths drawn over it", () => {
  const xs = [-1, 0, 1, 2];
  const ys = [-1, 0, 1];
  const z = ys.map((y) => xs.map((x) => x * x + 4 * y * y));
  const path = { x: [2, 1, 0.5], y: [1, -0.5, 0.2], name: "SGD" };
  const view = plot.heatmap(z, { x: xs, y: ys, lines: [path], colors: "sequential" });
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  assert.equal(elements(svg, "rect", "cell").length, 12);
  assert.equal(elements(svg, "path", "line").length, 1);
  const { data, layout } = plotlyOf(view);
  assert.deepEqual(data[0].x, xs);
  assert.deepEqual(data[0].y, ys);
  assert.deepEqual([data[1].x, data[1].y, data[1].name], [path.x, path.y, "SGD"]);
  // y grows upwards: the range runs from the lowest row's edge up to the highest's
  const [lo, hi] = (layout.yaxis as { range: number[] }).range;
  assert.ok(lo < hi, `y range ${lo}, ${hi}`);
  assert.throws(() => plot.heatmap(z, { lines: [path] }), /lines need the map's coordinates: pass x/);
});

test("plot.images: one PNG mosaic, a caption per image; wrong shapes are named", () => {
  manualSeed(5);
  const view = plot.images(randn([12, 1, 8, 8]), { captions: [...Array(12).keys()].map(String) });
  assertChartBundle(view);
  const [svg] = svgsOf(view);
  const [image] = elements(svg, "image");
  const png = Buffer.from(image.getAttribute("href")!.split(",")[1], "base64");
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  // 10 per row: 10 tiles of 8 pixels plus a 1-pixel gap
  assert.equal(png.readUInt32BE(16), 10 * 9);
  assert.deepEqual(
    elements(svg, "text").map((t) => t.textContent),
    [...Array(12).keys()].map(String),
  );
  assert.equal((plotlyOf(view).layout.annotations as unknown[]).length, 12);
  assert.throws(() => plot.images(randn([2, 2, 8, 8])), /got shape \[2, 2, 8, 8\]/);
});

test("a legend sits in the right-hand corner the curves leave free, in the SVG and in plotly alike", () => {
  const rising = Array.from({ length: 20 }, (_, i) => i / 19);
  const falling = rising.map((v) => 1 - v);
  for (const [ys, corner] of [
    [rising, "bottom"],
    [falling, "top"],
  ] as const) {
    const view = plot.line([{ y: ys, name: "train" }]);
    const legend = plotlyOf(view).layout.legend as { yanchor: string };
    assert.equal(legend.yanchor, corner);
    // the static legend's label: below the panel's middle for "bottom"
    const label = elements(svgsOf(view)[0], "text").find((t) => t.textContent === "train")!;
    const y = Number(label.getAttribute("y"));
    const ticks = elements(svgsOf(view)[0], "text").map((t) => Number(t.getAttribute("y")));
    const middle = (Math.min(...ticks) + Math.max(...ticks)) / 2;
    assert.equal(y > middle, corner === "bottom", `legend label at y=${y}, panel middle ${middle}`);
  }
});

test("a legend of many entries stands beside its panel, not over the curves, in the SVG and in plotly alike", () => {
  const names = ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc.weight", "fc.bias"];
  const view = plot.line(names.map((name, k) => ({ y: [k + 1, k + 2, k + 1.5], name })));
  const [svg] = svgsOf(view);
  const width = Number(svg.documentElement!.getAttribute("width"));
  assert.ok(width > 340, `the figure widens for the legend: ${width} px`);
  const { layout } = plotlyOf(view);
  assert.equal(layout.width, width);
  // the panel's right edge: its last x tick's label is the rightmost text that is not the legend's
  const texts = elements(svg, "text");
  const labels = texts.filter((t) => names.includes(t.textContent!));
  assert.deepEqual(
    labels.map((t) => t.textContent),
    names,
  );
  const panelRight = Math.max(
    ...texts.filter((t) => !names.includes(t.textContent!)).map((t) => Number(t.getAttribute("x"))),
  );
  for (const label of labels) {
    assert.ok(Number(label.getAttribute("x")) > panelRight, `${label.textContent} beside the panel`);
    assert.equal(label.getAttribute("text-anchor"), "start");
  }
  const legend = layout.legend as { x: number; xanchor: string };
  assert.equal(legend.xanchor, "left");
  assert.ok(
    legend.x * width > panelRight,
    `plotly's legend at ${legend.x * width} px, right of ${panelRight}`,
  );
  // three entries still fit in a corner
  const few = plotlyOf(plot.line(names.slice(0, 3).map((name) => ({ y: [1, 2], name }))));
  assert.equal((few.layout.legend as { xanchor: string }).xanchor, "right");
  assert.equal(few.layout.width, 340);
});
