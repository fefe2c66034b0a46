// graph(tensor, options): the computation graph that produced a tensor, laid out by Graphviz on the
// kernel side. The static SVG is the whole view; where scripts run, a button (or a click on a module)
// switches between modules drawn as clusters and modules collapsed into boxes.
import { Tensor } from "../../lib/tensor";
import type { Module } from "../../lib/nn/module";
import { View, type ViewParts } from "../view";
import { type Dot, toDot } from "./dot";
import { renderSvg } from "./graphviz";
import { legendHtml } from "./legend";
import { type GraphModel, buildModel } from "./model";
import { type Scoping, scopeNodes } from "./scopes";
import { graphText } from "./text";
import type { Graph } from "../../lib/graph";
import type { Program } from "../../lib/graph/passes";
import { isSymbolic, SymbolicGraphView, type SymbolicGraphOptions } from "./symbolic";

/** Options of {@link graph}. */
export interface GraphOptions {
  /** names parameters by their paths in the model ("0.weight") and clusters by module ("0 · Linear") */
  model?: Module;
  /** draw each module as one box: true = each of the model's layers, a number = that depth (0: the model) */
  collapse?: boolean | number;
  /** refuse to lay out more nodes than this (default 2000): collapse instead */
  maxNodes?: number;
  /** top to bottom (the default: a notebook scrolls down more easily than across) or left to right */
  direction?: "LR" | "TB";
}

/** What the browser script gets: the other drawing to switch to, if modules can be collapsed. */
export interface GraphData {
  /** the SVG shown first and the other one (collapsed ⇄ expanded) */
  svgs: [string, string] | null;
  /** labels for the toggle button, for each of the two */
  buttons: [string, string];
}

const defaultMaxNodes = 2000;

/** What {@link graph} returns: the drawing, laid out once; prints as a text listing of the nodes. */
export class GraphView extends View {
  private readonly model: GraphModel;
  private readonly scoping: Scoping;
  private readonly svg: string;
  private readonly other: string | null;

  constructor(
    /** the tensor whose computation graph is drawn */
    readonly tensor: Tensor,
    /** the options it was drawn with */
    readonly options: GraphOptions = {},
  ) {
    super();
    this.model = buildModel(checkGraph(tensor, "graph"), options);
    this.scoping = scopeNodes(this.model);
    const depth = collapseDepth(options.collapse);
    const first = this.dot(depth);
    this.svg = layout(first, options, "graph");
    // the other drawing: expanded if collapsed, collapsed by layer if expanded (when there are modules)
    const otherDot = first.hasModules ? this.dot(depth === undefined ? 1 : undefined) : null;
    this.other =
      otherDot && otherDot.nodeCount <= (options.maxNodes ?? defaultMaxNodes)
        ? renderSvg(otherDot.text, "graph")
        : null;
  }

  private dot(collapse: number | undefined): Dot {
    return toDot(this.model, this.scoping, {
      idPrefix: this.id,
      collapse,
      model: this.options.model,
      gradOf: (t) => t.grad,
      direction: this.options.direction,
    });
  }

  render(): ViewParts {
    const collapsed = collapseDepth(this.options.collapse) !== undefined;
    const data: GraphData = {
      svgs: this.other ? [this.svg, this.other] : null,
      buttons: collapsed ? ["expand modules", "collapse modules"] : ["collapse modules", "expand modules"],
    };
    return {
      text: graphText(this.model, (t) => t.grad, this.scoping.ownName),
      html: `<div class="gradlab-graph" style="overflow:auto">${this.svg}</div>${legendHtml()}`,
      script: { name: "graph", data },
    };
  }

  /** The graph as text: one line per op and tensor, with shapes, values and gradients. */
  override toString(): string {
    return graphText(this.model, (t) => t.grad, this.scoping.ownName);
  }
}

/**
 * The computation graph behind `tensor`: ops, tensors with values and gradients, modules, cuts. Inputs
 * must require grad (or be a model's parameters) for there to be a graph; in plain Node, `await ready()`
 * once first.
 * @example
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * const loss = x.mul(x).sum();
 * loss.backward();
 * graph(loss); // x → mul → sum, with ∂loss/∂x = 2x on x
 * graph(model.forward(xb).sum(), { model, collapse: true }); // one box per layer
 */
export function graph(tensor: Tensor, options?: GraphOptions): GraphView;
/** A graph-mode Graph (or a program from the passes), drawn; `{ outputs, passes: true }`: before and after. */
export function graph(g: Graph | Program, options?: SymbolicGraphOptions): SymbolicGraphView;
export function graph(
  source: Tensor | Graph | Program,
  options: GraphOptions & SymbolicGraphOptions = {},
): GraphView | SymbolicGraphView {
  if (isSymbolic(source)) return new SymbolicGraphView(source, options);
  return new GraphView(source, options);
}

/** `collapse: true` means depth 1: each of the model's layers as a box. */
export const collapseDepth = (collapse: boolean | number | undefined): number | undefined =>
  collapse === true ? 1 : collapse === false ? undefined : collapse;

/** The tensor, if it has a graph to draw; a clear error otherwise. */
export function checkGraph(tensor: unknown, caller: string): Tensor {
  if (!(tensor instanceof Tensor)) {
    throw new TypeError(`${caller}: expected a Tensor, got ${tensor === null ? "null" : typeof tensor}`);
  }
  if (!tensor.gradFn && !tensor.cut) {
    throw new Error(
      `${caller}: this tensor has no computation graph — it was not computed by ops from tensors that ` +
        `require grad. Create the inputs with { requiresGrad: true } (or use a model's parameters), and ` +
        `compute it outside noGrad() and without detach().`,
    );
  }
  return tensor;
}

/** The SVG, or a clear error when the graph is too big to draw without collapsing. */
export function layout(
  dot: Dot,
  options: { maxNodes?: number; collapse?: boolean | number },
  caller: string,
): string {
  const limit = options.maxNodes ?? defaultMaxNodes;
  if (dot.nodeCount > limit) {
    const how = dot.hasModules
      ? `collapse it by module: ${caller}(loss, { model, collapse: true }) draws each layer as one box ` +
        `(collapse: 2 one level deeper, collapse: 0 the whole model as one box)`
      : `draw a smaller part (an intermediate tensor instead of the loss), or build the model from nn ` +
        `modules so it can be collapsed by module with { collapse: true }`;
    throw new Error(
      `${caller}: the graph has ${dot.nodeCount} nodes, more than the ${limit} it draws (options.maxNodes); ${how}`,
    );
  }
  return renderSvg(dot.text, caller);
}
