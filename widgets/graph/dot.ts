// The graph in Graphviz's DOT language: a box per tensor (coloured by role), an ellipse per op, an arrow
// per input, a dashed arrow where noGrad or detach cut the flow, and modules as clusters around their
// nodes — or, collapsed, as one box each. Graphviz does all the layout.
import type { Tensor } from "../../lib/tensor";
import type { Module } from "../../lib/nn/module";
import { formulaOf } from "./formulas";
import { moduleLabel, opLabel, tensorLabel } from "./labels";
import { type GraphModel, type Role, type TensorNode, moduleTitle } from "./model";
import { type Chain, type Scoping, boxOf } from "./scopes";

export interface DotOptions {
  /** the SVG ids are `${idPrefix}-t3`, `${idPrefix}-op3`, `${idPrefix}-m0`, `${idPrefix}-c0` */
  idPrefix: string;
  /** fold modules below this depth into one box each (1: each of the model's layers) */
  collapse?: number;
  model?: Module;
  /** the gradient to show on a tensor (graph: `.grad`; stepper: every gradient of its walk) */
  gradOf: (t: Tensor) => Tensor | null;
  /** drawn ids to outline (the stepper's current step) */
  highlight?: ReadonlySet<string>;
  /** drawn ids to mark more lightly (the nodes the current step reads from or sends to) */
  related?: ReadonlySet<string>;
  direction?: "LR" | "TB";
}

export interface Dot {
  text: string;
  /** how many boxes and ellipses Graphviz will lay out */
  nodeCount: number;
  /** whether any op was recorded inside a module (so collapsing would change something) */
  hasModules: boolean;
}

const fills: Record<Role, string> = {
  param: "#fff2b3",
  leaf: "#d9f2d9",
  constant: "#eeeeee",
  result: "#cfe2ff",
  intermediate: "#ffffff",
};

/** A cluster: the nodes and sub-clusters of one module. */
interface Cluster {
  module?: object;
  lines: string[];
  children: Map<object, Cluster>;
}

export function toDot(model: GraphModel, scoping: Scoping, options: DotOptions): Dot {
  const root: Cluster = { lines: [], children: new Map() };
  /** "from -> to" → its attributes; one edge per pair, even where an op takes the same input twice */
  const edges = new Map<string, string>();
  const boxes = new Map<object, { id: string; members: TensorNode[] }>();
  const id = (name: string) => `${options.idPrefix}-${name}`;
  const style = (name: string) =>
    options.highlight?.has(name)
      ? ` penwidth=3 color="#e66100"`
      : options.related?.has(name)
        ? ` penwidth=2 color="#1f78b4"`
        : "";
  const chainOf = (n: TensorNode): Chain => scoping.chainOf.get(n) ?? [];

  /** Where a node is drawn: itself, or the box of the module it is folded into. */
  const drawnAs = (n: TensorNode, own: string): string => {
    const module = boxOf(chainOf(n), options.collapse, options.model);
    if (!module) return own;
    let box = boxes.get(module);
    if (!box) boxes.set(module, (box = { id: `m${boxes.size}`, members: [] }));
    if (!box.members.includes(n)) box.members.push(n);
    return box.id;
  };
  const place = (chain: Chain, line: string) => clusterAt(root, chain).lines.push(line);

  for (const n of model.order) {
    const t = n.tensor;
    const self = drawnAs(n, `t${n.index}`);
    if (self === `t${n.index}`) {
      const label = tensorLabel(n.index, t, n.name ?? scoping.ownName.get(n), options.gradOf(t));
      place(
        chainOf(n),
        `t${n.index} [id="${id(`t${n.index}`)}" shape=box style="rounded,filled" fillcolor="${fills[n.role]}" label=${label}${style(`t${n.index}`)}];`,
      );
    }
    if (t.gradFn) {
      const op = drawnAs(n, `op${n.index}`);
      if (op === `op${n.index}`) {
        place(
          chainOf(n),
          `op${n.index} [id="${id(`op${n.index}`)}" shape=ellipse style=filled fillcolor="#f4f4f4" label=${opLabel(t.gradFn.op, t.gradFn.attrs)}${style(`op${n.index}`)}];`,
        );
      }
      if (op !== self) edges.set(`${op} -> ${self}`, "penwidth=1.5");
      const names = formulaOf(t.gradFn.op, t.gradFn.inputs.length).inputs;
      t.gradFn.inputs.forEach((input, i) => {
        const from = drawnAs(model.byTensor.get(input)!, `t${model.byTensor.get(input)!.index}`);
        // name the inputs of a drawn op (a, b; A, B): a collapsed module's box has no input names
        const named = op === `op${n.index}` && t.gradFn!.inputs.length > 1 && names[i];
        const label = named ? `label="${names[i]}" fontsize=9` : "";
        if (from !== op && !edges.has(`${from} -> ${op}`)) edges.set(`${from} -> ${op}`, label);
      });
    } else if (t.cut) {
      const why = t.cut.reason === "detach" ? "detach()" : `${t.cut.op} under noGrad`;
      for (const source of t.cut.from) {
        const from = drawnAs(model.byTensor.get(source)!, `t${model.byTensor.get(source)!.index}`);
        if (from !== self)
          edges.set(
            `${from} -> ${self}`,
            `style=dashed color="#c00000" fontcolor="#c00000" fontsize=9 label="cut: ${why}" class="cut"`,
          );
      }
    }
  }
  for (const [module, box] of boxes) placeBox(module, box, model, scoping, options, root);
  const nodeCount = countNodes(root);
  const direction = options.direction ?? "TB"; // notebooks scroll down more easily than across
  const text = [
    "digraph G {",
    `graph [id="${id("graph")}" rankdir=${direction} fontname="Helvetica" fontsize=10 nodesep=0.2 ranksep=0.3 bgcolor="transparent"];`,
    `node [fontname="Helvetica" fontsize=10 margin="0.05,0.03"];`,
    `edge [arrowsize=0.6 color="#555555"];`,
    ...clusterLines(root, model, id),
    // ids on the edges and the graph too: Graphviz's own (edge1, graph0) would repeat across outputs
    ...[...edges].map(([edge, attrs], k) => `${edge} [id="${id(`e${k}`)}" ${attrs}];`),
    "}",
  ].join("\n");
  const hasModules = model.order.some((n) => chainOf(n).length > 0);
  return { text, nodeCount, hasModules };
}

/** A collapsed module: one box listing what leaves it and the parameters folded into it. */
function placeBox(
  module: object,
  box: { id: string; members: TensorNode[] },
  model: GraphModel,
  scoping: Scoping,
  options: DotOptions,
  root: Cluster,
): void {
  const inside = new Set(box.members.map((n) => n.tensor));
  const consumedOutside = (n: TensorNode) =>
    n.role === "result" ||
    model.order.some((m) => !inside.has(m.tensor) && m.tensor.gradFn?.inputs.includes(n.tensor));
  const outputs = box.members.filter((n) => n.tensor.gradFn && consumedOutside(n)).map((n) => n.tensor);
  const params = box.members
    .filter((n) => !n.tensor.gradFn)
    .map((n) => `${n.name ?? scoping.ownName.get(n) ?? "leaf"} ${`[${n.tensor.shape.join(", ")}]`}`);
  const ops = box.members.filter((n) => n.tensor.gradFn).length;
  const chain = scoping.chainOf.get(box.members[0]) ?? [];
  const label = moduleLabel(moduleTitle(model, module), outputs, params, ops);
  const highlighted = options.highlight?.has(box.id) ? ` penwidth=3 color="#e66100"` : "";
  clusterAt(root, chain.slice(0, chain.indexOf(module))).lines.push(
    `${box.id} [id="${options.idPrefix}-${box.id}" shape=box style="rounded,filled" fillcolor="#e8e0f5" label=${label}${highlighted}];`,
  );
}

/** The cluster for a chain of modules, made on first use. */
function clusterAt(root: Cluster, chain: Chain): Cluster {
  let c = root;
  for (const module of chain) {
    let next = c.children.get(module);
    if (!next) c.children.set(module, (next = { module, lines: [], children: new Map() }));
    c = next;
  }
  return c;
}

function countNodes(c: Cluster): number {
  return c.lines.length + [...c.children.values()].reduce((n, child) => n + countNodes(child), 0);
}

/** Nested `subgraph cluster_N { … }` blocks, each labelled with its module's path and class. */
function clusterLines(
  c: Cluster,
  model: GraphModel,
  id: (name: string) => string,
  counter = { n: 0 },
): string[] {
  const inner = [...c.children.values()].flatMap((child) => clusterLines(child, model, id, counter));
  if (!c.module) return [...c.lines, ...inner];
  const k = counter.n++;
  const title = moduleTitle(model, c.module).replace(/["\\]/g, "");
  return [
    `subgraph cluster_${k} {`,
    `id="${id(`c${k}`)}" label="${title}" style="rounded,dashed" color="#8c7bb5" fontcolor="#5b4a8a" labeljust=l;`,
    ...c.lines,
    ...inner,
    "}",
  ];
}
