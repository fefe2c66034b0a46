// What a pass works on: a graph and the outputs wanted from it. Every pass copies the program into a new
// graph, one node at a time from the inputs up, and may replace a node on the way (by a constant, by an
// equal node already copied). Only nodes the outputs need are copied, so every pass also prunes.
import { Graph } from "../graph";
import { ancestors } from "../gradients";
import { mapNodes, type Node } from "../node";

/** A graph and the outputs wanted from it: what every pass takes and returns. */
export interface Program {
  /** the graph holding the nodes */
  graph: Graph;
  /** the nodes whose values are wanted; a pass keeps only what they need */
  outputs: Node[];
}

/** Decides a node's copy: `copy()` makes the plain copy; return another node of `into` to replace it. */
export type Rewrite = (node: Node, inputs: Node[], into: Graph, copy: () => Node) => Node;

/** The program copied into a new graph, node by node through `rewrite`. Names, shapes and values stay. */
export function rebuild({ outputs }: Program, rewrite: Rewrite = (_n, _i, _g, copy) => copy()): Program {
  const into = new Graph();
  const copies = new Map<Node, Node>();
  for (const node of ancestors(...outputs)) {
    const inputs = node.inputs.map((n) => copies.get(n)!);
    copies.set(
      node,
      rewrite(node, inputs, into, () => copyNode(node, into, copies)),
    );
  }
  return { graph: into, outputs: outputs.map((n) => copies.get(n)!) };
}

/** The same node in `into`, its arguments pointing at the copies of its inputs. */
function copyNode(node: Node, into: Graph, copies: Map<Node, Node>): Node {
  const to = (n: Node) => copies.get(n)!;
  const spec = node.spec && { ...node.spec, args: mapNodes(node.spec.args, to) };
  const update = node.update && {
    ...node.update,
    variables: node.update.variables.map(to),
    gradients: node.update.gradients.map(to),
  };
  return into.add({ ...node, inputs: node.inputs.map(to), spec, update });
}

/** Dead-node pruning: only the nodes the outputs need. */
export const prune = (p: Program): Program => rebuild(p);
