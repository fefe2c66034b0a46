// A view: what every widget function returns. In a notebook it is a MIME bundle — text, a static SVG
// inside HTML (the whole content, with scripts off: nbconvert's HTML, an untrusted notebook), and a
// small script that makes it interactive where scripts run. In plain Node it prints as its text.
//
// The static SVG travels as an <img> of itself (a data: URI): the sanitizers of JupyterLab and Notebook 7
// drop <svg> from an untrusted notebook's HTML, keeping only its text, but keep an <img>. Where scripts
// run, the view's script puts the SVG itself back (widgets/browser/lib/define.ts) before it starts.
import { inspect } from "node:util";
import { randomUUID } from "node:crypto";
import { browserScript, type BrowserScript } from "./assets";
import { base64, fromBase64 } from "./base64";

/** A notebook output: MIME type → content, e.g. { "text/plain": "…", "text/html": "<svg…" }. */
export type MimeBundle = Record<string, unknown>;

/** What a view is made of; `render()` builds it fresh each time the view is shown. */
export interface ViewParts {
  /** what `console.log` and front ends without HTML show */
  text: string;
  /** static HTML (usually one or more SVGs): the whole content with scripts off */
  html: string;
  /** the browser script that upgrades the static HTML, and the data it gets */
  script?: {
    /** which of gradlab's browser scripts (e.g. "stepper") */
    name: BrowserScript;
    /** what the script gets, as JSON */
    data: unknown;
  };
  /** extra MIME types, e.g. `application/vnd.plotly.v1+json` for front ends that render plotly natively */
  extra?: MimeBundle;
}

/** Libraries a view's script needs on the page, delivered once per notebook by the kernel. */
export type PageLibrary = "plotly";

/**
 * What every widget returns. In a notebook it shows as a MIME bundle: text, static HTML/SVG that works
 * with scripts off, and a script that makes it interactive where scripts run. In plain Node it prints
 * as its text. Subclass it (implement render()) for a view of your own.
 */
export abstract class View {
  /** a stable id: updates of the same view replace the same output */
  readonly id = `gradlab-${randomUUID()}`;
  /** page libraries this view's script uses (the kernel sends each once per notebook) */
  readonly needs: readonly PageLibrary[] = [];

  /** The view's current content. */
  abstract render(): ViewParts;

  /** The MIME bundle a notebook shows. */
  bundle(): MimeBundle {
    const { text, html, script, extra } = this.render();
    return { "text/plain": text, "text/html": wrapHtml(this.id, html, text, script), ...extra };
  }

  /** The view's text, as `console.log` shows it. */
  toString(): string {
    return this.render().text;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): MimeBundle {
    return this.bundle();
  }
}

/** A view of ready-made parts (for views that need no state of their own). */
export class StaticView extends View {
  constructor(
    private readonly parts: ViewParts,
    override readonly needs: readonly PageLibrary[] = [],
  ) {
    super();
  }

  render(): ViewParts {
    return this.parts;
  }
}

/**
 * The static HTML in a container, then the script that finds the container by id. The data travels as
 * JSON in a `<script type="application/json">` so no value can break out of the script.
 */
function wrapHtml(id: string, html: string, text: string, script?: ViewParts["script"]): string {
  const container = `<div class="gradlab-view" id="${id}">${svgsAsImages(html, text)}</div>`;
  if (!script) return container;
  const data = JSON.stringify(script.data).replace(/</g, "\\u003c");
  return (
    container +
    `<script type="application/json" id="${id}-data">${data}</script>` +
    `<script>${browserScript(script.name)}\n;gradlabViews.${script.name}(${JSON.stringify(id)});</script>`
  );
}

const svgElement = /<svg[\s\S]*?<\/svg>/g;
const svgImage = /<img class="gradlab-svg" alt="[^"]*" src="data:image\/svg\+xml;base64,([A-Za-z0-9+/=]*)">/g;

/** Each <svg> of `html` as an <img> of itself, its alt text the view's first line. */
function svgsAsImages(html: string, text: string): string {
  const alt = escapeXml(text.split("\n")[0]);
  return html.replace(
    svgElement,
    (svg) =>
      `<img class="gradlab-svg" alt="${alt}" src="data:image/svg+xml;base64,${base64(new TextEncoder().encode(svg))}">`,
  );
}

/** For tests and docs: a view's HTML with each <img> of an SVG replaced by the SVG, as its script does. */
export function inlineSvgs(html: string): string {
  return html.replace(svgImage, (_, data: string) => new TextDecoder().decode(fromBase64(data)));
}

/** Escapes text for HTML and SVG. */
export const escapeXml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** For tests and docs: the plain text of a view, as `console.log` shows it. */
export const viewText = (view: View): string => inspect(view);
