// Reading a view's bundle back in tests: its SVGs as XML documents, its plotly figure, its text.
import assert from "node:assert/strict";
import { DOMParser, type Document, type Element } from "@xmldom/xmldom";
import { inlineSvgs, type View } from "../../widgets/view";
import type { PlotlyFigure } from "../../widgets/chart/plotly";

/** Each SVG in the view's static HTML (sent as <img>s of themselves), parsed as XML (a parse error fails the test). */
export function svgsOf(view: View): Document[] {
  const html = inlineSvgs(String(view.bundle()["text/html"]));
  const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
  return svgs.map((svg) =>
    new DOMParser({ onError: (level, message) => assert.fail(`SVG ${level}: ${message}`) }).parseFromString(
      svg,
      "image/svg+xml",
    ),
  );
}

/** The elements of a parsed SVG with this tag (and class, if given). */
export function elements(doc: Document, tag: string, className?: string): Element[] {
  const all = Array.from(doc.getElementsByTagName(tag));
  return className ? all.filter((e) => (e.getAttribute("class") ?? "").split(" ").includes(className)) : all;
}

/** The plotly figure a view sends, checked to be the same in the script data and the plotly MIME type. */
export function plotlyOf(view: View): PlotlyFigure {
  const bundle = view.bundle();
  const html = String(bundle["text/html"]);
  const data = html.match(/<script type="application\/json" id="[^"]+-data">([\s\S]*?)<\/script>/)?.[1];
  assert.ok(data, "the view's HTML carries its data");
  const mime = bundle["application/vnd.plotly.v1+json"] as PlotlyFigure;
  assert.deepEqual(JSON.parse(data), JSON.parse(JSON.stringify(mime)));
  return mime;
}

/** Checks a chart bundle's shape: text, a container with the static SVG, the chart script called on it. */
export function assertChartBundle(view: View): void {
  const bundle = view.bundle();
  assert.equal(typeof bundle["text/plain"], "string");
  const html = String(bundle["text/html"]);
  // the static chart as an <img> of its SVG, which an untrusted notebook's sanitizer keeps
  assert.match(
    html,
    new RegExp(
      `^<div class="gradlab-view" id="${view.id}"><img class="gradlab-svg" alt="[^"]+" src="data:image/svg\\+xml;base64,`,
    ),
  );
  assert.doesNotMatch(html, /<svg/);
  assert.match(html, new RegExp(`gradlabViews\\.chart\\("${view.id}"\\);</script>$`));
  assert.deepEqual(view.needs, ["plotly"]);
  const figure = bundle["application/vnd.plotly.v1+json"] as PlotlyFigure;
  assert.ok(Array.isArray(figure.data) && typeof figure.layout === "object");
}

/** As a float32 value prints with 7 significant digits. */
export const f32 = (values: ArrayLike<number>): number[] =>
  Array.from(values, (v) => Number(Math.fround(v).toPrecision(7)));
