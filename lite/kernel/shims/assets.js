// widgets/assets.ts in the browser: the views' scripts and plotly.js, bundled into the worker at build time.
import assets from "gradlab-assets";

export function browserScript(name) {
  return assets[name];
}

export function plotlyLoaderHtml() {
  return (
    `<div class="gradlab-plotly-loader" style="display:none">plotly.js for the charts below</div>` +
    `<script>if (!window.Plotly) { var __gradlabDefine = window.define; window.define = undefined;\n` +
    assets.plotly.replace(/<\/script/gi, "<\\/script") +
    `\n;window.define = __gradlabDefine; }</script>`
  );
}
