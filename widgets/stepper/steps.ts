// The steps a stepper walks through: every op of the forward pass in topological order, then the
// backward pass exactly as backward() takes it. The backward steps come from autograd's own walk (its
// onStep callback), run through grad() with the graph retained — so nothing is added to anyone's .grad
// and loss.backward() still works afterwards. (Gradient hooks do run, as they would in backward().)
import { grad, noGrad, topologicalOrder } from "../../lib/autograd";
import { onesLike } from "../../lib/creation";
import { sameShape } from "../../lib/shape";
import type { Tensor } from "../../lib/tensor";
import { formulaOf } from "../graph/formulas";
import type { GraphModel, TensorNode } from "../graph/model";

/** A gradient that reached a tensor from one of its consumers. */
export interface Contribution {
  /** the op's output whose backward sent it */
  from: TensorNode;
  /** the gradient it sent */
  grad: Tensor;
}

/** What one op's backward sent to one input. */
export interface InputGradient {
  input: TensorNode;
  /** the input's name in the formula (a, b, x, A, …) */
  as: string;
  /** ∂output/∂input, as in the op's doc comment */
  formula: string;
  /** the local derivative per element, where the op is elementwise and the input was not broadcast */
  local: Tensor | null;
  /** upstream × local derivative: ∂loss/∂input along this path (null: no gradient flows there) */
  product: Tensor | null;
}

/**
 * One step of a stepper: an op of the forward pass, an op's backward, or a leaf (an input or
 * parameter) receiving its gradient.
 */
export type Step =
  | {
      /** an op computing its output in the forward pass */
      kind: "forward";
      /** the op's output */
      node: TensorNode;
    }
  | {
      /** an op sending gradients to its inputs in the backward pass */
      kind: "backward";
      /** the op's output */
      node: TensorNode;
      /** ∂loss/∂output, summed over every consumer */
      upstream: Tensor;
      /** the gradients that made up `upstream`, one per consumer */
      contributions: Contribution[];
      /** what the op's backward sent to each of its inputs */
      inputs: InputGradient[];
    }
  | {
      /** a leaf tensor (an input or parameter) receiving its gradient */
      kind: "leaf";
      /** the leaf */
      node: TensorNode;
      /** ∂loss/∂leaf: what backward() adds to its .grad */
      grad: Tensor;
      /** the gradients that made up `grad`, one per consumer */
      contributions: Contribution[];
    };

/** The forward steps, then the backward walk with `seed` as ∂loss/∂loss (ones when omitted). */
export function walkSteps(model: GraphModel, loss: Tensor, seed?: Tensor): Step[] {
  const forward = model.order.filter((n) => n.tensor.gradFn).map((node): Step => ({ kind: "forward", node }));
  const node = (t: Tensor) => model.byTensor.get(t)!;
  const byOp = new Map<Tensor, Step>();
  const contributions = new Map<Tensor, Contribution[]>();
  const received = (t: Tensor) => contributions.get(t) ?? [];
  const leaves = topologicalOrder(loss).filter((t) => t.isLeaf);
  const leafGrads = grad(loss, leaves, {
    grad: seed,
    retainGraph: true,
    onStep: ({ tensor, gradFn, upstream, inputGrads }) => {
      const formula = formulaOf(gradFn.op, gradFn.inputs.length);
      // an elementwise op's local derivative, element by element: its backward given a gradient of ones
      const locals = formula.elementwise ? noGrad(() => gradFn.backward!(onesLike(tensor))) : [];
      const inputs = gradFn.inputs.map((input, i): InputGradient => ({
        input: node(input),
        as: formula.inputs[i] ?? `x${i}`,
        formula: formula.derivative[i] ?? "",
        local: locals[i] && sameShape(locals[i]!.shape, input.shape) ? locals[i] : null,
        product: inputGrads[i],
      }));
      byOp.set(tensor, {
        kind: "backward",
        node: node(tensor),
        upstream,
        contributions: received(tensor),
        inputs,
      });
      for (const { input, product } of inputs)
        if (product)
          contributions.set(input.tensor, [...received(input.tensor), { from: node(tensor), grad: product }]);
    },
  });
  // backward()'s order: reverse topological — ops as onStep reported them, leaves where they get their grad
  const backward = topologicalOrder(loss)
    .reverse()
    .flatMap((t): Step[] => {
      if (!t.isLeaf) return byOp.has(t) ? [byOp.get(t)!] : [];
      const g = leafGrads[leaves.indexOf(t)];
      return g ? [{ kind: "leaf", node: node(t), grad: g, contributions: received(t) }] : [];
    });
  return [...forward, ...backward];
}
