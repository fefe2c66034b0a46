// The browser side of the views: small scripts written in TypeScript under widgets/browser/, bundled by
// esbuild at build time (npm run build), and plotly.js, which the kernel sends once per notebook.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../lib/version";
import { plotlyLoaderFromSource } from "./plotly-loader";

/** One file in widgets/browser/ per name; each defines `gradlabViews.<name>(containerId)`. */
export type BrowserScript = "chart" | "stepper" | "graph";

const root = packageRoot(__dirname);
const cache = new Map<string, string>();

function read(path: string, what: string): string {
  let text = cache.get(path);
  if (text === undefined) {
    try {
      text = readFileSync(path, "utf8");
    } catch {
      throw new Error(
        `${what} is missing (${path}): run \`npm run build\` to bundle the widgets' browser code`,
      );
    }
    cache.set(path, text);
  }
  return text;
}

/** The bundled script for a view (an IIFE that registers `gradlabViews.<name>`). */
export function browserScript(name: BrowserScript): string {
  return read(join(root, "dist", "widgets", "browser", `${name}.js`), `the ${name} view's browser script`);
}

/** plotly.js as an HTML output that loads it once per page (widgets/plotly-loader.ts). */
export function plotlyLoaderHtml(): string {
  return plotlyLoaderFromSource(
    read(
      require.resolve("plotly.js-cartesian-dist-min/plotly-cartesian.min.js"),
      "plotly.js (npm package plotly.js-cartesian-dist-min)",
    ),
  );
}
