// minimize(loss, optim.SGD, { lr }): the train op of TensorFlow 1's loop
//   session.run([trainOp, loss], { x, y })
// It is gradients(loss, variables) plus an update node. The update reuses the eager optimizer itself: each
// session makes one over its own variable tensors and calls its step() with the gradients just computed.
import type { Tensor } from "../tensor";
import { gradients } from "./gradients";
import type { Node } from "./node";

/** An optimizer class of gradlab's optim (SGD, Adam, …): made from parameters and options. */
export type OptimizerClass<O> = new (
  params: Tensor[],
  options?: O,
) => {
  /** one update of the parameters along their current gradients */
  step(): void;
};

/** Options of {@link minimize}. */
export interface MinimizeOptions {
  /** the variables to train (default: every trainable variable the loss depends on) */
  variables?: Node[];
  /** the update node's name (default "minimize", then "minimize_1", …) */
  name?: string;
}

/**
 * An update node (a train op): running it takes one optimizer step on `variables` downhill on `loss`,
 * a single number. Each session keeps its own optimizer state.
 * @example
 * const trainOp = minimize(loss, optim.SGD, { lr: 0.1 });
 * const session = new Session(g);
 * for (let step = 0; step < 100; step++) session.run([trainOp, loss], { x: xs, y: ys });
 */
export function minimize<O>(
  loss: Node,
  Optimizer: OptimizerClass<O>,
  options?: O,
  { variables, name }: MinimizeOptions = {},
): Node {
  const graph = loss.graph;
  if (loss.shape.length !== 0 && !loss.shape.every((d) => d === 1))
    throw new Error(
      `minimize: the loss must be a single number, but "${loss.name}" has shape [${loss.shape}]`,
    );
  const vars = variables ?? trainableBelow(loss);
  if (vars.length === 0) throw new Error(`minimize: "${loss.name}" depends on no trainable variable`);
  const grads = gradients(loss, vars);
  return graph.add({
    name: graph.freshName(name ?? "minimize"),
    kind: "update",
    op: `minimize:${Optimizer.name}`,
    inputs: [...grads, ...vars],
    shape: [],
    dtype: "int32",
    examples: [loss.examples[0], loss.examples[1]], // never read: an update's value is its step count
    update: { variables: vars, gradients: grads, makeOptimizer: (params) => new Optimizer(params, options) },
  });
}

/** The trainable variables a node is computed from, in the order they were built. */
function trainableBelow(node: Node): Node[] {
  const found = new Set<Node>();
  const visit = (n: Node) => {
    if (n.kind === "variable" && n.trainable) found.add(n);
    n.inputs.forEach(visit);
  };
  visit(node);
  return node.graph.nodes.filter((n) => found.has(n));
}
