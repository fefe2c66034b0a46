// Layer twins: a gradlab layer and the same layer in PyTorch, with our weights copied across. The
// forward output and the gradients of sum(out · upstream) with respect to the input and every parameter
// must agree. All cases of a file go to PyTorch in one process.
import { before, describe, test } from "node:test";
import { randn, Tensor } from "../../../lib";
import type { Module } from "../../../lib/nn";
import { assertClose, type Tolerance } from "../../helpers/close";
import { askTorch, specOf, type TorchResult } from "../../helpers/torch";

export interface LayerCase {
  name: string;
  layer: Module;
  /** the layer's inputs; float inputs get gradients checked */
  inputs: Tensor[];
  /**
   * The PyTorch expression: inputs are x0, x1, …; parameters and buffers are their stateDict names
   * with dots as underscores ("0.weight" → p_0_weight).
   */
  torch: string;
  /** train mode (default) or eval mode */
  mode?: "train" | "eval";
  tol?: Tolerance;
}

const pyName = (name: string) => `p_${name.replace(/\./g, "_")}`;

export function layerSuite(title: string, cases: LayerCase[]): void {
  const prepared = cases.map((c) => {
    c.layer.train(c.mode !== "eval");
    const inputs = c.inputs.map(
      (t) => new Tensor(t.data.slice(), t.shape, { requiresGrad: t.dtype === "float32" }),
    );
    const out = c.layer.forward(...inputs);
    const upstream = randn(out.shape);
    out.backward(upstream);
    return { c, inputs, out, upstream };
  });
  let answers: TorchResult[] = [];
  before(() => {
    answers = askTorch(
      prepared.map(({ c, inputs, upstream }) => ({
        expr: c.torch,
        inputs: {
          ...Object.fromEntries(inputs.map((t, i) => [`x${i}`, specOf(t)])),
          ...Object.fromEntries(
            c.layer.namedParameters().map(([n, p]) => [pyName(n), { ...specOf(p), requiresGrad: true }]),
          ),
          ...Object.fromEntries(c.layer.namedBuffers().map(([n, b]) => [pyName(n), specOf(b)])),
        },
        upstream: specOf(upstream),
      })),
    );
  });
  describe(title, () => {
    prepared.forEach(({ c, inputs, out }, i) =>
      test(c.name, () => {
        const answer = answers[i];
        if (answer.error) throw new Error(`PyTorch raised: ${answer.error}`);
        const tol = c.tol ?? { rtol: 1e-4, atol: 1e-5 };
        assertClose(out, answer.out!, `${c.name}: forward`, tol);
        inputs.forEach((t, k) => {
          if (t.requiresGrad) assertClose(t.grad!, answer.grads![`x${k}`]!, `${c.name}: ∂/∂x${k}`, tol);
        });
        for (const [n, p] of c.layer.namedParameters())
          assertClose(p.grad!, answer.grads![pyName(n)]!, `${c.name}: ∂/∂${n}`, tol);
      }),
    );
  });
}
