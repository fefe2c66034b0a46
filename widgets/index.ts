// gradlab/widgets: views of the library's objects for notebooks — the computation graph, the backward
// pass step by step, the live training dashboard and charts of your own data. Each returns a View: a
// MIME bundle in a notebook (static SVG, interactive where scripts run), text in plain Node.
export { View, StaticView, type ViewParts, type MimeBundle, type PageLibrary } from "./view";
export { registerView, richView } from "./registry";
import "./rich"; // a History, a ConfusionMatrix shown in a notebook get charts
export { historyView } from "./history";
export { confusionView } from "./confusion";
export { dashboard, type Dashboard, type DashboardOptions } from "./dashboard";
export {
  gradientNorms,
  histograms,
  type GradientNorms,
  type Histograms,
  type HistogramsOptions,
} from "./distributions";
export { weightHeatmap, filters, featureMaps, deadRelus } from "./layers";
export { activations, deadReluFractions } from "./activations";
export {
  decisionBoundary,
  predictionGrid,
  type LabelledPoints,
  type DecisionBoundaryOptions,
  type PredictionGridOptions,
} from "./results";
export {
  plot,
  type PlotOptions,
  type Series,
  type ScatterOptions,
  type HistOptions,
  type HeatmapOptions,
  type ImagesOptions,
} from "./plot";
export { graph, GraphView, type GraphOptions, ready } from "./graph/index";
export { SymbolicGraphView, type SymbolicGraphOptions } from "./graph/symbolic";
export { stepper, StepperView, type StepperOptions, type Step } from "./stepper/index";
