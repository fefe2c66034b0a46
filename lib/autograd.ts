// Reverse-mode autograd. Every op records its inputs and a backward closure on its output (`record`);
// `backward()` walks that tape from the loss back to the leaves in reverse topological order — so a
// node's gradient is complete (all paths summed) before it is passed on — and accumulates into `.grad`.
import { anomalyCheck, creationSite, isAnomalyEnabled } from "./check/anomaly";
import { add } from "./ops/arithmetic";
import { sumTo } from "./ops/reduce";
import { formatShape, sameShape } from "./shape";
import { Tensor, type GradFn } from "./tensor";
import { onesLike } from "./creation";

let gradEnabled = true;

export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Runs `fn` without recording ops: nothing it computes requires grad (the optimizer's step, evaluation). */
export function noGrad<T>(fn: () => T): T {
  return withGrad(false, fn);
}

/** Runs `fn` with recording on, even inside noGrad. */
export function enableGrad<T>(fn: () => T): T {
  return withGrad(true, fn);
}

function withGrad<T>(enabled: boolean, fn: () => T): T {
  const before = gradEnabled;
  gradEnabled = enabled;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
}

/**
 * Links `output` to the op that made it, if any input requires grad and recording is on.
 * `backward(g)` returns one gradient per input — of the output's shape when the op broadcast;
 * autograd sums it back down to the input's shape.
 */
export function record(
  op: string,
  inputs: Tensor[],
  output: Tensor,
  backward: (grad: Tensor) => (Tensor | null)[],
  attrs?: Record<string, unknown>,
): Tensor {
  if (gradEnabled && inputs.some((t) => t.requiresGrad)) {
    output.requiresGrad = true;
    output.gradFn = { op, inputs, backward, attrs };
  }
  if (isAnomalyEnabled()) {
    if (output.gradFn) output.gradFn.createdAt = creationSite();
    anomalyCheck(output, `forward of ${op}`);
  }
  return output;
}

/** The tensors that lead to `root`, each after everything it depends on (depth-first post-order). */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  const visit = (t: Tensor) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const input of t.gradFn?.inputs ?? []) if (input.requiresGrad) visit(input);
    order.push(t);
  };
  visit(root);
  return order;
}

/** One step of the backward walk, as the stepper widget shows it. */
export interface BackwardStep {
  tensor: Tensor;
  gradFn: GradFn;
  /** ∂loss/∂tensor, summed over every path */
  upstream: Tensor;
  /** ∂loss/∂input for each input (null where none flows), already summed down to the input's shape */
  inputGrads: (Tensor | null)[];
}

export interface BackwardOptions {
  /** keep the tape so backward() can run through it again */
  retainGraph?: boolean;
  /** record the backward pass itself, so gradients can be differentiated again (implies retainGraph) */
  createGraph?: boolean;
  /** called after each op's backward, in order: what the stepper replays */
  onStep?: (step: BackwardStep) => void;
}

/**
 * ∂root/∂leaf for every leaf that requires grad, added into `leaf.grad`. `grad` is ∂loss/∂root and may be
 * omitted for a one-element root (it is then 1).
 */
export function backward(root: Tensor, grad?: Tensor, options: BackwardOptions = {}): void {
  if (!root.requiresGrad) {
    throw new Error(
      "backward: this tensor does not require grad — did you create the inputs with { requiresGrad: true }?",
    );
  }
  if (!grad && root.size !== 1) {
    throw new Error(
      `backward: the gradient can only be implied for a one-element tensor; this one has shape ${formatShape(root.shape)}. Pass backward(grad) or reduce first, e.g. y.sum().backward()`,
    );
  }
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  withGrad(createGraph, () => {
    const grads = new Map<Tensor, Tensor>([[root, grad ?? onesLike(root)]]);
    for (const t of topologicalOrder(root).reverse()) {
      let g = grads.get(t);
      if (!g) continue;
      for (const hook of t.hooks) g = hook(g) ?? g;
      if (t.isLeaf || t.retainsGrad) t.grad = t.grad && t.isLeaf ? add(t.grad, g) : g;
      if (t.gradFn) propagate(t, t.gradFn, g, grads, retainGraph, options.onStep);
    }
  });
}

function propagate(
  t: Tensor,
  fn: GradFn,
  g: Tensor,
  grads: Map<Tensor, Tensor>,
  retainGraph: boolean,
  onStep?: (step: BackwardStep) => void,
): void {
  if (!fn.backward) {
    throw new Error(
      `backward: trying to go through the graph a second time (at ${fn.op}); its intermediate results were freed ` +
        `after the first backward(). Pass backward({ retainGraph: true }) the first time if you need to.`,
    );
  }
  const inputGrads = fn.backward(g).map((ig, i) => {
    const input = fn.inputs[i];
    if (!ig || !input.requiresGrad) return null;
    const summed = sameShape(ig.shape, input.shape) ? ig : sumTo(ig, input.shape);
    if (isAnomalyEnabled())
      anomalyCheck(summed, `backward of ${fn.op} (gradient of input ${i})`, fn.createdAt);
    const previous = grads.get(input);
    grads.set(input, previous ? add(previous, summed) : summed);
    return summed;
  });
  onStep?.({ tensor: t, gradFn: fn, upstream: g, inputGrads });
  if (!retainGraph) fn.backward = null;
}

declare module "./tensor" {
  interface Tensor {
    /** Computes gradients of this tensor with respect to every leaf that requires grad. */
    backward(grad?: Tensor | BackwardOptions, options?: BackwardOptions): void;
    /** Sets `.grad` to null. */
    zeroGrad(): void;
  }
}

Tensor.prototype.backward = function (
  this: Tensor,
  grad?: Tensor | BackwardOptions,
  options?: BackwardOptions,
) {
  if (grad instanceof Tensor) backward(this, grad, options);
  else backward(this, undefined, grad ?? options);
};
Tensor.prototype.zeroGrad = function (this: Tensor) {
  this.grad = null;
};
