// Define-then-run: graphs, placeholders and sessions, as in TensorFlow 1 (see docs/graph-mode.md).
export { Graph } from "./graph";
export { Node, type Dim, type EagerFn, type NodeKind } from "./node";
export { Session, type RunStats, type SessionOptions } from "./session";
export { type Feeds } from "./feeds";
export { gradients } from "./gradients";
export { minimize, type OptimizerClass, type MinimizeOptions } from "./minimize";
export { trace, type Traced, type TraceOptions } from "./trace";
export * as passes from "./passes";
