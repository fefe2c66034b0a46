// The graph view and what the stepper shares with it.
export { graph, GraphView, type GraphOptions } from "./view";
export { ready } from "./graphviz";
export { SymbolicGraphView, type SymbolicGraphOptions } from "./symbolic";
