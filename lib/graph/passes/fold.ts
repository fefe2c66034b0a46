// Constant folding: an op whose inputs are all constants gives the same value every run, so compute it
// once, now, and keep the result as a constant. (Random ops are left alone: they must differ each run.)
import { noGrad } from "../../autograd";
import type { Node } from "../node";
import { type Program, rebuild } from "./program";

/** Ops whose result is not a function of their inputs alone (dropout, rand…): never folded or merged. */
export const isRandom = (node: Node): boolean => /dropout|^rand/i.test(node.op);

/**
 * Constant folding: every op whose inputs are all constants is computed now and kept as a constant (random
 * ops excepted). Returns a new program; the original is untouched.
 * @example
 * const g = new Graph();
 * const two = g.constant(2).mul(g.constant(3)); // an op on constants
 * const y = g.placeholder("x", [3]).mul(two);
 * passes.foldConstants({ graph: g, outputs: [y] }).graph.toString(); // mul of 2 and 3 is now a constant 6
 */
export function foldConstants(p: Program): Program {
  return rebuild(p, (node, inputs, into, copy) => {
    const foldable = node.kind === "op" && inputs.length > 0 && inputs.every((n) => n.kind === "constant");
    if (!foldable || isRandom(node)) return copy();
    const value = noGrad(() => node.call(inputs.map((n) => n.value!)));
    return into.constant(value, node.name);
  });
}
