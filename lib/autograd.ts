// Reverse-mode autograd. Every op records its inputs and a backward closure on its output (`record`);
// `backward()` walks that tape from the loss back to the leaves in reverse topological order — so a
// node's gradient is complete (all paths summed) before it is passed on — and accumulates into `.grad`.
import { anomalyCheck, creationSite, isAnomalyEnabled } from "./check/anomaly";
import { add } from "./ops/arithmetic";
import { sumTo } from "./ops/reduce";
import { ShapeError, formatShape, sameShape } from "./shape";
import { isFloat } from "./dtype";
import { to } from "./ops/cast";
import { Tensor, type GradFn } from "./tensor";
import { onesLike } from "./creation";

let gradEnabled = true;
/** true while an op's backward runs: anomaly mode then blames that op's backward, not the ops inside it */
let inBackward = false;

/** false inside noGrad(): ops then record nothing for backward. */
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

/** The modules whose forward() is running, outermost first; a new array on each change, so ops share it. */
let scopes: readonly object[] = [];

/** Runs `fn` with `scope` (a module) on the scope stack: the ops it records remember it (gradFn.scopes). */
export function inScope<T>(scope: object, fn: () => T): T {
  const before = scopes;
  scopes = [...before, scope];
  try {
    return fn();
  } finally {
    scopes = before;
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
  const needed = inputs.filter((t) => t.requiresGrad);
  if (gradEnabled && needed.length) {
    output.requiresGrad = true;
    output.gradFn = { op, inputs, backward, attrs };
    if (scopes.length) output.gradFn.scopes = scopes;
  } else if (needed.length && !inBackward && !needed.includes(output)) {
    // computed under noGrad from tensors that require grad: remember the cut so a graph can show it
    output.cut = { reason: "noGrad", op, from: needed };
  }
  if (isAnomalyEnabled() && !inBackward) {
    const site = creationSite();
    if (output.gradFn) output.gradFn.createdAt = site;
    anomalyCheck(output, `forward of ${op}`, site);
  }
  return output;
}

/**
 * The tensors that lead to `root`, each after everything it depends on (depth-first post-order).
 * Iterative, with an explicit stack, so a graph thousands of ops deep (a long loop) does not overflow.
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const inputs = top.t.gradFn?.inputs ?? [];
    const input = inputs[top.next++];
    if (input === undefined) {
      order.push(top.t); // all its inputs are already placed
      stack.pop();
    } else if (input.requiresGrad && !seen.has(input)) {
      seen.add(input);
      stack.push({ t: input, next: 0 });
    }
  }
  return order;
}

/** One step of the backward walk, as the stepper widget shows it. */
export interface BackwardStep {
  /** the tensor whose gradient is passed back in this step */
  tensor: Tensor;
  /** the op that made it: its inputs and backward function */
  gradFn: GradFn;
  /** ∂loss/∂tensor, summed over every path */
  upstream: Tensor;
  /** ∂loss/∂input for each input (null where none flows), already summed down to the input's shape */
  inputGrads: (Tensor | null)[];
}

/** Options of backward() and grad(). */
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
  const createGraph = options.createGraph ?? false;
  walk(root, grad, options, (t, g) => {
    if (t.isLeaf || t.retainsGrad) accumulate(t, g, createGraph);
  });
}

/**
 * ∂root/∂input for each of `inputs`, returned rather than added into `.grad` (torch.autograd.grad).
 * With `createGraph` the results are themselves differentiable: the way to second derivatives.
 * Inputs that root does not depend on get null.
 */
export function grad(
  root: Tensor,
  inputs: Tensor[],
  options: BackwardOptions & { grad?: Tensor } = {},
): (Tensor | null)[] {
  const found = new Map<Tensor, Tensor>();
  walk(root, options.grad, options, (t, g) => {
    if (inputs.includes(t)) found.set(t, g);
  });
  return inputs.map((t) => found.get(t) ?? null);
}

/**
 * The backward walk both share: seeds ∂root/∂root, then visits every tensor in reverse topological
 * order — its gradient complete, summed over all paths, and passed through its hooks — and hands it on.
 */
function walk(
  root: Tensor,
  seed: Tensor | undefined,
  options: BackwardOptions,
  visit: (t: Tensor, g: Tensor) => void,
): void {
  if (!root.requiresGrad) {
    throw new Error(
      "backward: this tensor does not require grad — did you create the inputs with { requiresGrad: true }? " +
        "(or was it computed inside noGrad, or from a detach()ed tensor?)",
    );
  }
  if (!seed && root.size !== 1) {
    throw new Error(
      `backward: the gradient can only be implied for a one-element tensor; this one has shape ${formatShape(root.shape)}. Pass backward(grad) or reduce first, e.g. y.sum().backward()`,
    );
  }
  if (seed && !sameShape(seed.shape, root.shape)) {
    throw new ShapeError(
      `backward: the gradient has shape ${formatShape(seed.shape)} but the tensor has shape ${formatShape(root.shape)}; they must match`,
    );
  }
  const createGraph = options.createGraph ?? false;
  const retainGraph = options.retainGraph ?? createGraph;
  withGrad(createGraph, () => {
    const grads = new Map<Tensor, Tensor>([[root, seed ?? onesLike(root)]]);
    for (const t of topologicalOrder(root).reverse()) {
      let g = grads.get(t);
      if (!g) continue;
      for (const hook of t.hooks) g = hook(g) ?? g;
      visit(t, g);
      if (t.gradFn) propagate(t, t.gradFn, g, grads, retainGraph, options.onStep);
    }
  });
}

/**
 * `.grad += g`, as PyTorch does across backward() calls (call zeroGrad() between steps). The first
 * gradient is copied: the same gradient tensor may flow to several inputs (add gives g to both), and
 * an optimizer that edits one `.grad` in place must not change another's.
 */
function accumulate(t: Tensor, g: Tensor, createGraph: boolean): void {
  if (t.grad) t.grad = add(t.grad, g);
  else t.grad = createGraph ? g : new Tensor(g.data.slice(), g.shape);
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
  const outer = inBackward;
  inBackward = true; // the ops a backward runs are checked as that op's backward, not as forwards
  try {
    const inputGrads = gradientsOfInputs(fn, fn.backward(g), grads);
    onStep?.({ tensor: t, gradFn: fn, upstream: g, inputGrads });
  } finally {
    inBackward = outer;
  }
  if (!retainGraph) fn.backward = null;
}

/** Each input's gradient, summed down to its shape and dtype, added to what it already has. */
function gradientsOfInputs(fn: GradFn, raw: (Tensor | null)[], grads: Map<Tensor, Tensor>) {
  return raw.map((ig, i) => {
    const input = fn.inputs[i];
    if (!ig || !input.requiresGrad) return null;
    let summed = sameShape(ig.shape, input.shape) ? ig : sumTo(ig, input.shape);
    // a gradient has its tensor's dtype (a float32 weight gets a float32 grad, even from float64 maths)
    if (summed.dtype !== input.dtype && isFloat(input.dtype)) summed = to(summed, input.dtype);
    if (isAnomalyEnabled())
      anomalyCheck(
        summed,
        `backward of ${fn.op} (the gradient of its input ${i})`,
        fn.createdAt,
        `the ${fn.op} was called at`,
      );
    const previous = grads.get(input);
    grads.set(input, previous ? add(previous, summed) : summed);
    return summed;
  });
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
