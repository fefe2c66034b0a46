// widgets/assets.ts in the browser: the views' scripts and plotly.js, bundled into the worker at build time;
// the loader's HTML is widgets/plotly-loader.ts's, as in Node.
import assets from "gradlab-assets";
import { plotlyLoaderFromSource } from "../../../widgets/plotly-loader";

export function browserScript(name) {
  return assets[name];
}

export function plotlyLoaderHtml() {
  return plotlyLoaderFromSource(assets.plotly);
}
