// gradlab: the teaching tensor library. `import { tensor, nn, optim } from "gradlab"`.
// Importing an ops file also installs its Tensor methods, so every family is imported here.
export { version } from "./version";
export {
  Tensor,
  RecycledTensorError,
  type TensorLike,
  type NestedArray,
  type GradFn,
  type GradHook,
  type GradCut,
} from "./tensor";
export type { DType, Storage } from "./dtype";
export {
  setMemoryLimit,
  memoryLimit,
  checkAllocation,
  formatBytes,
  MemoryLimitError,
  type MemoryLimitOptions,
} from "./memory";
export { ShapeError, type Shape } from "./shape";
export { stepScope, keep } from "./step-scope";
export { clearStoragePool, setStoragePoolCap, storagePoolStats, type StoragePoolStats } from "./storage-pool";
export { manualSeed } from "./random";
export * from "./creation";
export {
  backward,
  grad,
  record,
  noGrad,
  enableGrad,
  isGradEnabled,
  topologicalOrder,
  inScope,
  type BackwardOptions,
  type BackwardStep,
} from "./autograd";
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled, AnomalyError } from "./check/anomaly";
export { gradcheck, GradcheckResult, type GradcheckOptions, type GradcheckRow } from "./check/gradcheck";
export {
  setBackend,
  getBackend,
  backendInfo,
  listBackends,
  gpujs,
  type BackendInfo,
  type GpuJs,
  type Gpu,
  type GpuKernel,
  type GpuKernelThis,
  type GpuKernelArgument,
  type GpuXYZ,
  type GpuConstructor,
} from "./backend";
export * from "./ops/arithmetic";
export * from "./ops/unary";
export * from "./ops/compare";
export * from "./ops/cast";
export * from "./ops/movement";
export * from "./ops/reduce";
export * from "./ops/activation";
export * from "./ops/matmul";
export * from "./ops/indexing";
export * from "./ops/join";
export * from "./ops/pad";
export * from "./ops/conv";
export * from "./ops/pool";
export * from "./ops/loss";
export * from "./ops/dropout";
export * from "./ops/normalization";
export * as nn from "./nn";
export * as optim from "./optim";
export * as data from "./data";
export * from "./train";
export * from "./graph";
