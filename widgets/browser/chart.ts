// The chart view's interactive layer: once plotly.js is on the page (the kernel sends it once per
// notebook, just before the first chart), the static SVG gives way to the same figure drawn by plotly —
// zoom, pan and values on hover. Without plotly (or without scripts) the static SVG stays.
import { defineView } from "./lib/define";

interface PlotlyFigure {
  data: unknown[];
  layout: Record<string, unknown>;
}

interface Plotly {
  newPlot(root: HTMLElement, data: unknown[], layout: unknown, config: unknown): Promise<unknown>;
}

declare global {
  interface Window {
    Plotly?: Plotly;
  }
}

/** plotly.js may still be loading when a chart's script runs: look again a few times, then give up. */
function whenPlotly(then: (plotly: Plotly) => void, triesLeft = 50): void {
  if (window.Plotly) then(window.Plotly);
  else if (triesLeft > 0) setTimeout(() => whenPlotly(then, triesLeft - 1), 100);
}

defineView<PlotlyFigure>("chart", (root, figure) => {
  whenPlotly((plotly) => {
    // the chart is the container's first SVG; anything after it (a table) stays
    const staticChart = root.querySelector(":scope > svg");
    if (!staticChart) return;
    const plot = document.createElement("div");
    // the figure's own size (else plotly's container stretches to the page's height)
    plot.style.width = `${figure.layout.width}px`;
    plot.style.height = `${figure.layout.height}px`;
    staticChart.replaceWith(plot);
    plotly.newPlot(plot, figure.data, figure.layout, { staticPlot: false, displaylogo: false }).then(
      () => root.setAttribute("data-ready", "plotly"),
      () => plot.replaceWith(staticChart), // keep the static chart if plotly cannot draw it
    );
  });
});
