// The HTML output that brings plotly.js into the page, with no Node import: one implementation for the
// Node kernel (widgets/assets.ts reads plotly's file) and the browser kernel (lite/kernel/shims/assets.js
// has it bundled).

/**
 * plotly.js's `source` as an HTML output: loaded once per page as `window.Plotly`, even under classic
 * Notebook's require.js (plotly's UMD wrapper would otherwise register an AMD module and leave no global).
 */
export function plotlyLoaderFromSource(source: string): string {
  return (
    `<div class="gradlab-plotly-loader" style="display:none">plotly.js for the charts below</div>` +
    `<script>if (!window.Plotly) { var __gradlabDefine = window.define; window.define = undefined;\n` +
    source.replace(/<\/script/gi, "<\\/script") +
    `\n;window.define = __gradlabDefine; }</script>`
  );
}
