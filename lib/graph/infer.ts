// Shape inference by running the op. Graph mode has no shape rules of its own: when a node is built, its
// eager op runs on example inputs, so an op on incompatible shapes fails now, with eager mode's own message.
//
// Unknown dims (a placeholder's null batch size) are tried at two sizes. Each node keeps both example
// results; an output dim that differs between them depends on the unknown dims, so it is unknown too.
import { isAnomalyEnabled, setDetectAnomaly } from "../check/anomaly";
import { noGrad } from "../autograd";
import { zeros } from "../creation";
import { randomState, setRandomState } from "../random";
import type { DType } from "../dtype";
import type { Tensor } from "../tensor";
import { type Dim, type EagerFn, formatDims, mapNodes, type Node } from "./node";

/** The sizes unknown dims take while a graph is built: two, so that what depends on them shows. */
export const TRIAL_SIZES = [5, 7] as const;

/** A placeholder's example values: zeros, with each unknown dim at each trial size. */
export function placeholderExamples(shape: readonly Dim[], dtype: DType): [Tensor, Tensor] {
  const at = (size: number) =>
    zeros(
      shape.map((d) => d ?? size),
      { dtype },
    );
  return [at(TRIAL_SIZES[0]), at(TRIAL_SIZES[1])];
}

export interface Inferred {
  examples: [Tensor, Tensor];
  shape: Dim[];
  dtype: DType;
}

/**
 * Runs `fn` on the example values of the nodes in `args`, once per trial size. A failure is rethrown as
 * the same kind of error, with eager mode's message, prefixed by the node it happened in.
 */
export function inferNode(
  name: string,
  op: string,
  fn: EagerFn,
  args: readonly unknown[],
  inputs: readonly Node[],
): Inferred {
  const run = (trial: 0 | 1) => fn(...mapNodes(args, (n) => n.examples[trial]));
  const anomaly = isAnomalyEnabled();
  setDetectAnomaly(false); // example values are zeros: a 0/0 here is not the user's NaN
  const random = randomState(); // a dropout tried on examples must not move the user's random stream
  try {
    const examples = noGrad((): [Tensor, Tensor] => [run(0), run(1)]);
    return { examples, shape: dimsOf(name, examples), dtype: examples[0].dtype };
  } catch (error) {
    throw inNode(error, name, op, inputs);
  } finally {
    setDetectAnomaly(anomaly);
    setRandomState(random);
  }
}

/** The output shape: dims that agree across the two trials are known, the others unknown (null). */
function dimsOf(name: string, [a, b]: readonly [Tensor, Tensor]): Dim[] {
  if (a.ndim !== b.ndim) {
    throw new Error(
      `graph node "${name}": the number of dims of its result depends on the unknown (null) dims`,
    );
  }
  return a.shape.map((d, i) => (d === b.shape[i] ? d : null));
}

/** The error, of the same class, its message saying which node it comes from and its inputs' shapes. */
function inNode(error: unknown, name: string, op: string, inputs: readonly Node[]): unknown {
  if (!(error instanceof Error)) return error;
  const shapes = inputs.map((n) => `${n.name} ${formatDims(n.shape)}`).join(", ");
  const unknown = inputs.some((n) => n.shape.includes(null))
    ? `\n(while building the graph, unknown dims (null) are tried as ${TRIAL_SIZES.join(" and ")})`
    : "";
  const Kind = error.constructor as new (message: string) => Error;
  const wrapped = new Kind(`graph node "${name}" = ${op}(${shapes}): ${error.message}${unknown}`);
  wrapped.name = error.name;
  return wrapped;
}
