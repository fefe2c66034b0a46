// The op suites' harness: each case pairs a PyTorch expression with our version of it. All cases of a file
// go to PyTorch in one process (in `before`); then each case runs here on every backend asked for, and its
// output and the gradients of sum(output · upstream) for every input that requires grad must match.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { setBackend } from "../../../lib/backend";
import { randn } from "../../../lib/creation";
import { isFloat } from "../../../lib/dtype";
import { manualSeed } from "../../../lib/random";
import type { Tensor } from "../../../lib/tensor";
import { type Tolerance, assertClose } from "../../helpers/close";
import { type TorchResult, askTorch, specOf } from "../../helpers/torch";

export type Inputs = Record<string, Tensor>;

export interface OpCase {
  name: string;
  /** a PyTorch expression over the input names (`torch` and `F` in scope) */
  expr: string;
  inputs: Inputs;
  ours: (inputs: Inputs) => Tensor;
  tolerance?: Tolerance;
}

/** How many op/shape cases the suites compare with PyTorch (reported by each file). */
export let comparedCases = 0;

/** Declares one test per case and backend; PyTorch is asked once for all of them. */
export function oracleSuite(title: string, cases: OpCase[], backends: string[] = ["reference"]): void {
  comparedCases += cases.length;
  let answers: TorchResult[] = [];
  const upstreams: (Tensor | undefined)[] = [];
  describe(title, () => {
    before(() => {
      manualSeed(4242);
      for (const c of cases) {
        let out: Tensor | undefined;
        try {
          out = c.ours(c.inputs);
        } catch {
          out = undefined; // the test itself will show the error
        }
        // an upstream gradient only where ours is differentiable (PyTorch's then is too)
        upstreams.push(
          out?.requiresGrad && isFloat(out.dtype) ? randn(out.shape, { dtype: out.dtype }) : undefined,
        );
      }
      answers = askTorch(
        cases.map((c, i) => ({
          expr: c.expr,
          inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, specOf(t)])),
          upstream: upstreams[i] && specOf(upstreams[i]),
        })),
      );
    });
    for (const backend of backends) {
      cases.forEach((c, i) => {
        test(backends.length > 1 ? `${c.name} [${backend}]` : c.name, () => {
          setBackend(backend);
          try {
            checkCase(c, answers[i], upstreams[i]);
          } finally {
            setBackend("reference");
          }
        });
      });
    }
  });
}

function checkCase(c: OpCase, answer: TorchResult, upstream: Tensor | undefined): void {
  assert.equal(answer.error, undefined, `${c.name}: PyTorch raised ${answer.error}`);
  for (const t of Object.values(c.inputs)) t.grad = null;
  const out = c.ours(c.inputs);
  assertClose(out, answer.out!, `${c.name} (output)`, c.tolerance);
  if (!upstream || !answer.grads) return;
  if (out.requiresGrad) out.backward(upstream);
  for (const [name, expected] of Object.entries(answer.grads)) {
    const grad = c.inputs[name].grad;
    if (expected === null) {
      assert.ok(!grad || grad.data.every((v) => v === 0), `${c.name}: PyTorch gives no gradient for ${name}`);
      continue;
    }
    if (!grad && expected.data.every((v) => v === 0)) continue; // PyTorch's zeros where no path leads
    assert.ok(grad, `${c.name}: no gradient reached ${name}`);
    assertClose(grad, expected, `${c.name} (∂/∂${name})`, c.tolerance);
  }
}

/** A seeded standard-normal leaf that requires grad. */
export const leaf = (shape: number[], dtype: "float32" | "float64" = "float32") =>
  randn(shape, { dtype, requiresGrad: true });
