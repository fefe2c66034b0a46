// A chart as a View: the figure's static SVG in the HTML, its plotly JSON for the chart script (which
// swaps the SVG for an interactive plot once plotly.js is on the page) and for front ends that render
// application/vnd.plotly.v1+json themselves.
import { View, type PageLibrary, type ViewParts } from "../view";
import type { Figure } from "./figure";
import { figurePlotly } from "./plotly";
import { figureSvg } from "./svg";

export class ChartView extends View {
  override readonly needs: readonly PageLibrary[] = ["plotly"];

  /** `figure` may be a function, for charts whose data keeps changing (the dashboard). */
  constructor(
    private readonly figure: Figure | (() => Figure),
    private readonly text: string | (() => string),
    /** HTML shown under the chart, e.g. a table of the numbers */
    private readonly after: string | (() => string) = "",
  ) {
    super();
  }

  render(): ViewParts {
    const figure = typeof this.figure === "function" ? this.figure() : this.figure;
    const plotly = figurePlotly(figure);
    return {
      text: typeof this.text === "function" ? this.text() : this.text,
      html: figureSvg(figure) + (typeof this.after === "function" ? this.after() : this.after),
      script: { name: "chart", data: plotly },
      extra: { "application/vnd.plotly.v1+json": plotly },
    };
  }
}
