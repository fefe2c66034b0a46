// gradients(y, xs): the backward pass written into the graph as more nodes (tf.gradients), so it can be
// listed, drawn, optimised and run like any other part of the graph.
//
// Graph mode has no derivatives of its own. Each gradient node ("matmul.grad") computes what eager autograd
// computes for its op: it runs the op's eager forward on its inputs with gradients on and calls that op's
// eager backward with the upstream gradient. A gradient node is an op like any other, so differentiating it
// again — gradients(gradients(...)) — works the same way: second derivatives come for free.
import { enableGrad, grad, isGradEnabled, record } from "../autograd";
import { onesLike, zerosLike } from "../creation";
import { isFloat } from "../dtype";
import { Tensor } from "../tensor";
import type { Node } from "./node";

/**
 * ∂y/∂x for each x in `xs`, as graph nodes; `dy` is ∂loss/∂y (ones when omitted). An x that y does not
 * depend on gets zeros (tf.gradients' unconnected_gradients="zero").
 */
export function gradients(y: Node, xs: readonly Node[], dy?: Node): Node[] {
  const graph = y.graph;
  [y, ...xs, ...(dy ? [dy] : [])].forEach((n) => graph.check(n));
  const between = nodesBetween(xs, y);
  const parts = new Map<Node, Node[]>([[y, [dy ?? seed(y)]]]);
  const total = new Map<Node, Node>();
  // y first, then every node after all the nodes that use it: its gradient is complete when it is reached
  for (const node of ancestors(y).reverse()) {
    const pieces = parts.get(node);
    if (!pieces || !between.has(node)) continue;
    const g = pieces.reduce((sum, piece) => sum.add(piece)); // a value used twice: its gradients add
    total.set(node, g);
    if (node.kind !== "op") continue;
    node.inputs.forEach((input, k) => {
      if (!between.has(input) || !isFloat(input.dtype)) return;
      const piece = gradientNode(node, k, g);
      parts.set(input, [...(parts.get(input) ?? []), piece]);
    });
  }
  return xs.map((x) => total.get(x) ?? graph.apply(zerosLike, x));
}

/** ∂y/∂y: ones of y's shape — a constant when the shape is known, else computed from y. */
function seed(y: Node): Node {
  return y.shape.includes(null)
    ? y.graph.apply(onesLike, y)
    : y.graph.constant(onesLike(y.examples[0]), y.graph.freshName(`d${y.name}`));
}

/** Every node y is computed from (and y), each after its inputs. */
export function ancestors(...outputs: Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const visit = (n: Node) => {
    if (seen.has(n)) return;
    seen.add(n);
    n.inputs.forEach(visit);
    order.push(n);
  };
  outputs.forEach(visit);
  return order;
}

/** The nodes on some path from one of `xs` to `y`: only these carry a gradient worth computing. */
function nodesBetween(xs: readonly Node[], y: Node): Set<Node> {
  const between = new Set<Node>(xs);
  for (const n of ancestors(y)) if (n.inputs.some((i) => between.has(i))) between.add(n);
  return between;
}

/**
 * The node for ∂loss/∂(input k of `node`), given ∂loss/∂node = `g`. Its inputs: the forward node itself
 * (a session keeps that value's tape and reuses it, as frameworks keep activations), the forward's inputs,
 * and g.
 */
function gradientNode(node: Node, k: number, g: Node): Node {
  const n = node.inputs.length;
  const fn = {
    [`${node.op}Grad`]: (out: Tensor, ...rest: Tensor[]) => vjp(node, k, out, rest.slice(0, n), rest[n]),
  }[`${node.op}Grad`];
  const name = node.graph.freshName(`${node.name}.grad${n > 1 ? k : ""}`);
  return node.graph.addOp(`${node.op}.grad`, fn, [node, ...node.inputs, g], name, { gradient: { input: k } });
}

/** Forward outputs a session computed with their tape on: the leaves standing for the op's inputs. */
const tapes = new WeakMap<Tensor, Tensor[]>();

/**
 * Runs `node`'s op on `values` with gradients on, and remembers the tape, so gradient nodes can run the
 * op's eager backward without computing the forward again. What a session uses for nodes with gradients.
 * Only the inputs `wanted` (those a gradient node differentiates by) get gradients; the others are
 * constants to the tape, so their gradients are never computed (the data an MLP is fed, say).
 */
export function callWithTape(node: Node, values: readonly Tensor[], wanted: readonly boolean[]): Tensor {
  const leaves = values.map((v, i) => (wanted[i] ? asLeaf(v, false) : v.detach()));
  const out = enableGrad(() => node.call(leaves));
  if (out.requiresGrad) tapes.set(out, leaves);
  return out;
}

/** The gradients of the inputs found on one tape for one upstream gradient: every input's, in one walk. */
const walked = new WeakMap<Tensor, { g: Tensor; grads: (Tensor | null)[] }>();

/** Vector-Jacobian product: ∂loss/∂(input k) = (∂out/∂input k)ᵀ·g, by the op's own eager backward. */
function vjp(node: Node, k: number, out: Tensor, inputs: Tensor[], g: Tensor): Tensor {
  const higher = isGradEnabled(); // being differentiated itself: keep this backward on the tape
  const leaves = tapes.get(out);
  if (leaves && !higher) {
    let done = walked.get(out);
    if (done?.g !== g)
      walked.set(out, (done = { g, grads: grad(out, leaves, { grad: g, retainGraph: true }) }));
    return done.grads[k] ?? zerosLike(inputs[k]);
  }
  return enableGrad(() => {
    const fresh = inputs.map((v) => asLeaf(v, higher));
    const recomputed = node.call(fresh);
    if (!recomputed.requiresGrad || !fresh[k].requiresGrad) return zerosLike(inputs[k]);
    const [d] = grad(recomputed, [fresh[k]], { grad: g, createGraph: higher });
    return d ?? zerosLike(inputs[k]);
  });
}

/**
 * A tensor standing for an op's input, whose gradient autograd will find: a new leaf sharing its storage,
 * or — when that input is itself being differentiated (`connected`) — an identity op on it, so the path
 * back to it stays on the tape. Either way one per input, so an input used twice is not counted twice.
 */
function asLeaf(v: Tensor, connected: boolean): Tensor {
  if (!isFloat(v.dtype)) return v;
  if (connected && v.requiresGrad) return record("identity", [v], new Tensor(v.data, v.shape), (g) => [g]);
  return new Tensor(v.data, v.shape, { requiresGrad: true });
}
