// The reference backend: plain loops that read like the formulas. Slow, obvious, and the truth in tests.
import type { Backend } from "../registry";
import type { Kernels } from "../kernels";
import { matmul } from "./matmul";
import { conv2d, conv2dInputGrad, conv2dWeightGrad } from "./conv2d";
import { avgPool2d, avgPool2dGrad, maxPool2d, maxPool2dGrad } from "./pool2d";

export const referenceKernels: Kernels = {
  matmul,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  maxPool2d,
  maxPool2dGrad,
  avgPool2d,
  avgPool2dGrad,
};

export function createReferenceBackend(): Backend {
  return { name: "reference", kernels: referenceKernels, info: () => ({ name: "reference" }) };
}
