// The op suites' oracle: each case runs an op on seeded inputs in gradlab and, in one PyTorch process for
// the whole file, the same expression in PyTorch 1.13; forward values, the output dtype, whether the output
// requires grad and (whenever PyTorch's does) the gradients of sum(out · upstream) must agree to float32
// rounding, on every backend the suite is given.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import type { Kernels } from "../../../lib/backend/kernels";
import { referenceKernels } from "../../../lib/backend/reference";
import { getBackend, randn, setBackend, Tensor, type DType } from "../../../lib/index";
import { assertClose, type Tolerance } from "../../helpers/close";
import { askTorchAsync, specOf, type TorchCase, type TorchResult } from "../../helpers/torch";

export interface OpCase {
  name: string;
  /** the inputs by the names both `ours` and `torch` use; leaves that require grad get gradients compared */
  inputs: Record<string, Tensor>;
  ours: (x: Record<string, Tensor>) => Tensor;
  /** the same computation as a Python expression over the input names (`torch`, `F` in scope) */
  torch: string;
  tol?: Tolerance;
}

const dtypeIndex: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };
/** PyTorch's dtype as a number (the oracle runs our int32 as int64: the same promotion rules). */
const torchDtype = (expr: string) =>
  `(lambda o: torch.tensor(float(["torch.bool", "torch.int64", "torch.float32", "torch.float64"]` +
  `.index(str((o[0] if isinstance(o, tuple) else o).dtype)))))(${expr})`;

/** Fresh leaves with the same values, so each run starts with no gradients. */
function fresh(inputs: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(inputs).map(([k, t]) => [
      k,
      new Tensor(t.data.slice(), t.shape, { requiresGrad: t.requiresGrad }),
    ]),
  );
}

/**
 * Declares one test per case (per backend): forward, dtype and gradients against PyTorch.
 * `cases` are built before this is called, so seed first.
 */
export function oracleSuite(title: string, cases: OpCase[], backends: string[] = ["reference"]): void {
  describe(title, () => {
    let results: TorchResult[] = [];
    let dtypes: TorchResult[] = [];
    const upstreams: (Tensor | undefined)[] = cases.map((c) => {
      try {
        // every floating output gets one, whether or not ours requires grad: PyTorch's answer decides
        // whether gradients are compared, so an op that wrongly drops grad tracking cannot skip the check
        const out = c.ours(fresh(c.inputs));
        const floating = out.dtype === "float32" || out.dtype === "float64";
        return floating ? randn(out.shape, { dtype: out.dtype }) : undefined;
      } catch {
        return undefined; // the test itself will report our error
      }
    });

    before(async () => {
      const torchCases: TorchCase[] = cases.map((c, i) => ({
        expr: c.torch,
        inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, specOf(t)])),
        upstream: upstreams[i] && specOf(upstreams[i]),
      }));
      const answers = await askTorchAsync([
        ...torchCases,
        ...torchCases.map((c) => ({ ...c, expr: torchDtype(c.expr), upstream: undefined })),
      ]);
      results = answers.slice(0, cases.length);
      dtypes = answers.slice(cases.length);
    });

    for (const backend of backends) {
      cases.forEach((c, i) => {
        const fallback = referenceFallback(c, backend);
        const label = fallback ? `${backend}: ${fallback.join("/")} runs the reference kernels` : backend;
        it(`${c.name}${backends.length > 1 ? ` [${label}]` : ""}`, () => {
          const expected = results[i];
          assert.equal(expected.error, undefined, `PyTorch raised on ${c.torch}: ${expected.error}`);
          const previous = getBackend();
          setBackend(backend);
          try {
            const referenceCalls = countReferenceCalls(() => check(c, expected, dtypes[i], upstreams[i]));
            // the label says which kernels ran: prove it
            if (backend !== "reference" && !fallback)
              assert.equal(referenceCalls, 0, `${c.name}: the reference kernels ran on ${backend}`);
            if (fallback) assert.ok(referenceCalls > 0, `${c.name}: the reference kernels did not run`);
          } finally {
            setBackend(previous);
          }
        });
      });
    }
  });
}

/**
 * The dtypes that send a case to the reference kernels on a gpu backend (gpu.js computes in float32
 * only), or undefined when the case runs on `backend`'s own kernels.
 */
function referenceFallback(c: OpCase, backend: string): DType[] | undefined {
  if (backend === "reference") return undefined;
  const others = new Set(Object.values(c.inputs).map((t) => t.dtype));
  others.delete("float32");
  return others.size ? [...others] : undefined;
}

/** Runs `f` and counts the calls it made to the reference kernels (the gpu backend's float64 path). */
function countReferenceCalls(f: () => void): number {
  const saved = { ...referenceKernels };
  const spied = referenceKernels as unknown as Record<string, (...args: unknown[]) => unknown>;
  let calls = 0;
  for (const name of Object.keys(saved) as (keyof Kernels)[]) {
    const original = saved[name] as unknown as (...args: unknown[]) => unknown;
    spied[name] = (...args) => {
      calls++;
      return original(...args);
    };
  }
  try {
    f();
  } finally {
    Object.assign(referenceKernels, saved);
  }
  return calls;
}

function check(c: OpCase, expected: TorchResult, dtype: TorchResult, upstream: Tensor | undefined): void {
  const leaves = fresh(c.inputs);
  const out = c.ours(leaves);
  assertClose(out, expected.out!, `${c.name} forward`, c.tol);
  assert.equal(
    dtypeIndex[out.dtype],
    dtype.out!.data[0],
    `${c.name}: dtype ${out.dtype} differs from PyTorch's`,
  );
  assert.equal(
    out.requiresGrad,
    expected.requiresGrad,
    `${c.name}: requiresGrad is ${out.requiresGrad}, PyTorch's requires_grad is ${expected.requiresGrad}`,
  );
  if (!expected.grads) return;
  assert.ok(upstream, `${c.name}: PyTorch has gradients but no upstream was made for our output`);
  out.backward(upstream);
  for (const [name, leaf] of Object.entries(leaves)) {
    if (!leaf.requiresGrad) continue;
    const theirs = expected.grads?.[name];
    if (!theirs) {
      assert.ok(!leaf.grad || leaf.grad.data.every((v) => v === 0), `${c.name}: ∂/∂${name} should be none`);
      continue;
    }
    if (!leaf.grad && theirs.data.every((v) => v === 0)) continue; // PyTorch's zeros where no path leads
    assert.ok(leaf.grad, `${c.name}: no gradient reached ${name}`);
    assertClose(leaf.grad, theirs, `${c.name} ∂/∂${name}`, c.tol);
  }
}

/**
 * A seeded leaf that requires grad: standard normal values, or spread over [lo, hi) with `range`
 * (for ops defined on part of the line, like log).
 */
export function leaf(
  shape: number[],
  { dtype = "float32", range }: { dtype?: DType; range?: [number, number] } = {},
): Tensor {
  const t = randn(shape, { dtype });
  if (!range) return new Tensor(t.data, shape, { requiresGrad: true });
  const [lo, hi] = range;
  const data = t.data.map((v) => lo + (hi - lo) * (0.5 + 0.5 * Math.tanh(v)));
  return new Tensor(data, shape, { requiresGrad: true });
}

/** A constant (no grad) tensor of `dtype` holding `values`. */
export function constant(values: number[], shape: number[], dtype: DType = "float32"): Tensor {
  return new Tensor(new Tensor(new Float64Array(values), shape).to(dtype).data, shape);
}
