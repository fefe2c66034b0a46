// graph(g): a graph-mode Graph (lib/graph) drawn as graph(tensor) draws an eager tape — placeholders,
// variables and constants as boxes coloured by role, ops as ellipses, an arrow per input. Gradient nodes
// are dashed, fused nodes list the ops they fused, train ops are octagons. Given the outputs and
// `passes: true`, it draws the program before and after the passes side by side.
import { Graph, type Node } from "../../lib/graph";
import { ancestors } from "../../lib/graph/gradients";
import { optimize, type Program } from "../../lib/graph/passes";
import { View, type ViewParts } from "../view";
import { renderSvg } from "./graphviz";

/** Options of graph() for a Graph. */
export interface SymbolicGraphOptions {
  /** draw only what these nodes need (default: every node) */
  outputs?: Node[];
  /** draw the program before and after passes.optimize (needs outputs, or takes the graph's last node) */
  passes?: boolean;
  /** top to bottom (the default) or left to right */
  direction?: "LR" | "TB";
}

const fills: Record<Node["kind"], string> = {
  placeholder: "#d9f2d9",
  variable: "#fff2b3",
  constant: "#eeeeee",
  op: "#ffffff",
  update: "#cfe2ff",
};

const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
const dims = (n: Node) => `[${n.shape.map((d) => (d === null ? "?" : d)).join(",")}]`;

const reach = (outputs: readonly Node[]) => ancestors(...outputs);

/** One program in DOT, its node ids prefixed so two drawings can share a page. */
function toDot({ graph, outputs }: Program, prefix: string, direction: "LR" | "TB"): string {
  const shown = outputs.length ? new Set(reach(outputs)) : new Set(graph.nodes);
  const lines = [`digraph G {`, `rankdir=${direction};`, `node [fontname="Helvetica" fontsize=10];`];
  const id = (n: Node) => `"${prefix}-${escape(n.name)}"`;
  for (const n of graph.nodes.filter((m) => shown.has(m))) {
    const fused = n.op.startsWith("fused[");
    const label =
      n.kind === "op" || n.kind === "update"
        ? `${n.name}\\n${escape(n.op)}`
        : `${escape(n.name)}\\n${n.kind}`;
    const style = [
      `label="${label}\\n${dims(n)} ${n.dtype}"`,
      `shape=${n.kind === "update" ? "octagon" : n.kind === "op" ? "ellipse" : "box"}`,
      `style="filled${n.spec?.gradient ? ",dashed" : ""}"`,
      `fillcolor="${fused ? "#e8dcff" : fills[n.kind]}"`,
      `id=${id(n)}`,
    ];
    lines.push(`${id(n)} [${style.join(" ")}];`);
    for (const i of n.inputs) lines.push(`${id(i)} -> ${id(n)};`);
  }
  lines.push("}");
  return lines.join("\n");
}

/** What graph(g) returns for a Graph: one drawing, or two (before and after the passes). */
export class SymbolicGraphView extends View {
  /** the programs drawn: the graph as written, and with `passes` the optimised one */
  readonly programs: Program[];
  private readonly svgs: string[];

  constructor(
    /** the Graph (or a program: a graph with its outputs) being drawn */
    readonly source: Graph | Program,
    /** the options it was drawn with */
    readonly options: SymbolicGraphOptions = {},
  ) {
    super();
    const graph = source instanceof Graph ? source : source.graph;
    const outputs = source instanceof Graph ? (options.outputs ?? []) : source.outputs;
    const program = { graph, outputs };
    const wanted = outputs.length ? outputs : graph.nodes.slice(-1);
    this.programs = options.passes ? [program, optimize({ graph, outputs: wanted })] : [program];
    const direction = options.direction ?? "TB";
    this.svgs = this.programs.map((p, i) => renderSvg(toDot(p, `${this.id}-${i}`, direction), "graph"));
  }

  private titles(): string[] {
    const count = (p: Program) => (p.outputs.length ? reach(p.outputs) : p.graph.nodes).length;
    const [before, after] = this.programs;
    if (!after) return [`Graph (${count(before)} nodes)`];
    return [`before the passes: ${count(before)} nodes`, `after the passes: ${count(after)} nodes`];
  }

  render(): ViewParts {
    const titles = this.titles();
    const panels = this.svgs.map(
      (svg, i) =>
        `<div style="display:inline-block;vertical-align:top;margin-right:16px">` +
        `<div style="font:bold 12px Helvetica,sans-serif">${titles[i]}</div>${svg}</div>`,
    );
    return {
      text: this.toString(),
      html: `<div class="gradlab-graph" style="overflow:auto">${panels.join("")}</div>`,
    };
  }

  /** The listing of each drawn program, as graph.toString() prints it. */
  override toString(): string {
    const titles = this.titles();
    return this.programs
      .map((p, i) => {
        const nodes = p.outputs.length ? new Set(reach(p.outputs)) : new Set(p.graph.nodes);
        return [titles[i], ...p.graph.nodes.filter((n) => nodes.has(n)).map((n) => `  ${n}`)].join("\n");
      })
      .join("\n");
  }
}

/** Whether graph() was given a Graph or a program rather than a tensor. */
export const isSymbolic = (value: unknown): value is Graph | Program =>
  value instanceof Graph ||
  (typeof value === "object" && value !== null && (value as Partial<Program>).graph instanceof Graph);
