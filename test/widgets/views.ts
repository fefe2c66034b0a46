// Helpers for the graph and stepper tests: pull a view's bundle apart and read its SVG as XML.
import assert from "node:assert/strict";
import { DOMParser, type Document, type Element, onErrorStopParsing } from "@xmldom/xmldom";
import type { View } from "../../widgets/index";
import { inlineSvgs } from "../../widgets/view";

export interface BundleParts {
  text: string;
  html: string;
  /** the JSON the browser script reads */
  data: unknown;
  /** each SVG in the static HTML (sent as an <img> of itself), parsed as XML (parsing throws on malformed XML) */
  svgs: Document[];
}

/** Checks the bundle's shape (text, container, JSON data, script call) and parses its SVGs. */
export function bundleParts(view: View, script: string): BundleParts {
  const bundle = view.bundle();
  const text = bundle["text/plain"];
  const html = bundle["text/html"];
  assert.equal(typeof text, "string");
  assert.equal(typeof html, "string");
  const h = html as string;
  assert.ok(h.startsWith(`<div class="gradlab-view" id="${view.id}">`), "the container comes first");
  const json = new RegExp(`<script type="application/json" id="${view.id}-data">(.*?)</script>`, "s").exec(h);
  assert.ok(json, "the data script is there");
  assert.ok(h.includes(`gradlabViews.${script}(${JSON.stringify(view.id)})`), "the view's script is called");
  assert.doesNotMatch(h.replace(/<script[\s\S]*?<\/script>/g, ""), /<svg/, "every SVG travels as an <img>");
  const svgs = [...inlineSvgs(h).matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => parseSvg(m[0]));
  return { text: text as string, html: h, data: JSON.parse(json[1]), svgs };
}

/** An SVG parsed as XML: throws if it is not well-formed. */
export const parseSvg = (svg: string): Document =>
  new DOMParser({ onError: onErrorStopParsing }).parseFromString(svg, "image/svg+xml");

/** Every element of a document with the given tag name. */
export const elements = (doc: Document | Element, tag: string): Element[] =>
  Array.from(doc.getElementsByTagName(tag));

/** The <g> with this id, or undefined. */
export const group = (doc: Document, id: string): Element | undefined =>
  elements(doc, "g").find((g) => g.getAttribute("id") === id);

/** The text drawn inside an element, piece by piece (blank pieces dropped). */
export const texts = (el: Element): string[] =>
  elements(el, "text")
    .map((t) => (t.textContent ?? "").trim())
    .filter(Boolean);
