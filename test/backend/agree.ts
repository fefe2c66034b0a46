// One backend against the reference kernels on every case in cases.ts (the reference itself is checked
// against PyTorch in reference.test.ts). Shared by the in-process tests and the headless-gl subprocess.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Kernels } from "../../lib/backend/kernels";
import { referenceKernels as ref } from "../../lib/backend/reference";
import { assertKernelClose } from "../helpers/close";
import { convCases, convInputs, matmulCases, matmulInputs, poolCases, poolInputs } from "./cases";

export interface AgreeOptions {
  /**
   * maxPool2dGrad equal to the reference bit for bit: a backend that scatters in the reference's order
   * (outputs in increasing order, float32 sums) must round every overlapping window's sum the same way;
   * gathers (gpu.js) add a cell's windows in another order, so they are only close.
   */
  exactMaxPoolGrad?: boolean;
}

export function agreesWithReference(label: string, kernels: () => Kernels, options: AgreeOptions = {}): void {
  describe(`${label} = reference`, () => {
    matmulCases.forEach((c, i) => {
      test(`matmul ${c.name}`, () => {
        const { a, b } = matmulInputs(c, 100 + i);
        const y = kernels().matmul({ a, b, ...c.args });
        assert.ok(y instanceof Float32Array);
        assertKernelClose(y, ref.matmul({ a, b, ...c.args }), `${label} matmul ${c.name}`);
      });
    });
    convCases.forEach((c, i) => {
      test(`conv2d ${c.name}`, () => {
        const { x, w, bias, dy } = convInputs(c, 200 + 10 * i);
        const k = kernels();
        assertKernelClose(
          k.conv2d(x, w, bias, c.g),
          ref.conv2d(x, w, bias, c.g),
          `${label} conv2d ${c.name}`,
        );
        assertKernelClose(
          k.conv2dInputGrad(dy, w, c.g),
          ref.conv2dInputGrad(dy, w, c.g),
          `${label} dx ${c.name}`,
        );
        assertKernelClose(
          k.conv2dWeightGrad(x, dy, c.g),
          ref.conv2dWeightGrad(x, dy, c.g),
          `${label} dw ${c.name}`,
        );
      });
    });
    poolCases.forEach((c, i) => {
      test(`pool ${c.name}`, () => {
        const { x, dy } = poolInputs(c, 400 + i);
        const k = kernels();
        const got = k.maxPool2d(x, c.g);
        const want = ref.maxPool2d(x, c.g);
        assertKernelClose(got.y, want.y, `${label} maxPool2d ${c.name}`);
        assert.deepEqual(Array.from(got.argmax), Array.from(want.argmax), `${label} argmax ${c.name}`);
        const dmax = k.maxPool2dGrad(dy, want.argmax, c.g);
        const wantDmax = ref.maxPool2dGrad(dy, want.argmax, c.g);
        if (options.exactMaxPoolGrad) {
          assert.ok(dmax instanceof Float32Array);
          assert.deepEqual(dmax, wantDmax, `${label} dmax ${c.name}, bit for bit`);
        } else assertKernelClose(dmax, wantDmax, `${label} dmax ${c.name}`);
        assertKernelClose(k.avgPool2d(x, c.g), ref.avgPool2d(x, c.g), `${label} avgPool2d ${c.name}`);
        assertKernelClose(k.avgPool2dGrad(dy, c.g), ref.avgPool2dGrad(dy, c.g), `${label} davg ${c.name}`);
      });
    });
    // gpu.js computes in float32 only: float64 (gradcheck's) goes to the reference kernels, bit for bit
    test("float64 inputs fall back to the reference kernels (float64 out, identical values)", () => {
      const c = convCases[0];
      const { x, w, bias } = convInputs(c, 7);
      const [x64, w64, b64] = [x, w, bias!].map((a) => Float64Array.from(a));
      const y = kernels().conv2d(x64, w64, b64, c.g);
      assert.ok(y instanceof Float64Array);
      assert.deepEqual(y, ref.conv2d(x64, w64, b64, c.g));
    });
  });
}
