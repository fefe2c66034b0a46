// Which module each node belongs to. Every op remembers the modules whose forward() was running when it
// was recorded (gradFn.scopes, outermost first); a parameter belongs to the module that owns it as a
// property. graph() draws each module as a cluster around its nodes, or — collapsed — as one box.
import type { Tensor } from "../../lib/tensor";
import type { GraphModel, TensorNode } from "./model";
import { sourcesOf } from "./model";

/** A node's modules, outermost first ([] outside every module). */
export type Chain = readonly object[];

export interface Scoping {
  /** each tensor's chain (an op's output: its op's; a parameter: its owner's) */
  chainOf: Map<TensorNode, Chain>;
  /** a property name for tensors owned by a module: what a parameter is called without a model */
  ownName: Map<TensorNode, string>;
}

export function scopeNodes(model: GraphModel): Scoping {
  const consumers = consumersOf(model);
  const chainOf = new Map<TensorNode, Chain>();
  const ownName = new Map<TensorNode, string>();
  for (const node of model.order) {
    if (node.tensor.gradFn) {
      chainOf.set(node, node.tensor.gradFn.scopes ?? []);
      continue;
    }
    const owner = findOwner(node.tensor, consumers.get(node.tensor) ?? []);
    chainOf.set(node, owner?.chain ?? []);
    if (owner) ownName.set(node, owner.key);
  }
  return { chainOf, ownName };
}

/** For each tensor, the tensors made from it. */
function consumersOf(model: GraphModel): Map<Tensor, Tensor[]> {
  const out = new Map<Tensor, Tensor[]>();
  for (const { tensor } of model.order)
    for (const input of sourcesOf(tensor)) out.set(input, [...(out.get(input) ?? []), tensor]);
  return out;
}

/** The module (deepest first, along a consumer's chain) holding `t` as one of its own properties. */
function findOwner(t: Tensor, consumers: Tensor[]): { chain: Chain; key: string } | undefined {
  for (const consumer of consumers) {
    const chain = consumer.gradFn?.scopes ?? [];
    for (let depth = chain.length - 1; depth >= 0; depth--) {
      const key = Object.entries(chain[depth]).find(([, value]) => value === t)?.[0];
      if (key !== undefined) return { chain: chain.slice(0, depth + 1), key };
    }
  }
  return undefined;
}

/**
 * Collapsed at `depth`: the module a node is folded into, if any. Depth counts from the model (when the
 * chain holds it): 0 folds the whole model into one box, 1 each of its layers, 2 their children, …
 */
export function boxOf(chain: Chain, depth: number | undefined, model?: object): object | undefined {
  if (depth === undefined) return undefined;
  const base = model ? chain.indexOf(model) : -1; // -1: depth 1 is the outermost module
  return chain[base + depth];
}
