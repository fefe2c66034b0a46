// Common-subexpression elimination: two nodes that apply the same op to the same inputs with the same
// arguments compute the same value, so keep one. (Random ops are left alone: two dropouts differ.)
import { mapNodes, type Node } from "../node";
import { isRandom } from "./fold";
import { type Program, rebuild } from "./program";

/** A stable identity for anything that is not plain data (functions, tensors): two must be the same object. */
const ids = new WeakMap<object, number>();
let lastId = 0;
const idOf = (o: object) => ids.get(o) ?? (ids.set(o, ++lastId), lastId);

/** What makes two op nodes equal: the function, and the arguments with each input node by identity. */
function keyOf(node: Node, inputs: Node[]): string {
  const byInput = new Map(node.inputs.map((n, i) => [n, inputs[i]]));
  const args = mapNodes(node.spec!.args, (n) => ({ node: idOf(byInput.get(n)!) }));
  return JSON.stringify([idOf(node.spec!.fn), args], (_k, v) =>
    typeof v === "object" && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype
      ? { object: idOf(v) }
      : v,
  );
}

/**
 * Common-subexpression elimination: of the op nodes that apply the same function to the same inputs with
 * the same arguments, one is kept and used in place of the others (random ops excepted). Returns a new
 * program; the original is untouched.
 */
export function eliminateCommonSubexpressions(p: Program): Program {
  const seen = new Map<string, Node>();
  return rebuild(p, (node, inputs, _into, copy) => {
    if (node.kind !== "op" || isRandom(node)) return copy();
    const key = keyOf(node, inputs);
    const same = seen.get(key);
    if (same) return same;
    const made = copy();
    seen.set(key, made);
    return made;
  });
}
