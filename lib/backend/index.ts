// The backends gradlab ships, registered by name. "gpu" loads gpu.js only on first use.
//
//   setBackend("reference")      plain loops, the ground truth
//   setBackend("gpu")            gpu.js in the best mode that works here (see backendInfo())
//   setBackend("gpu:webasm")     … or one mode forced: gpu:webgpu, gpu:headlessgl, gpu:webasm, gpu:cpu
//
// GRADLAB_GPU_MODE=webasm|cpu|headlessgl|webgpu forces the mode "gpu" picks, without changing code.
import { registerBackend } from "./registry";
import { createReferenceBackend } from "./reference";
import type { GpuMode } from "./gpu/modes";

registerBackend("reference", createReferenceBackend);

function gpu(mode?: GpuMode) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createGpuBackend } = require("./gpu") as typeof import("./gpu");
  return createGpuBackend(mode);
}
registerBackend("gpu", () => gpu());
for (const mode of ["webgpu", "headlessgl", "webasm", "cpu"] as const)
  registerBackend(`gpu:${mode}`, () => gpu(mode));

export * from "./gpujs";
export { backendInfo, getBackend, kernels, kernelsOf, listBackends, setBackend } from "./registry";
export type { BackendInfo } from "./registry";
