// Backends are found by name; ops ask `kernels()` for the active one's implementation.
import type { Kernels } from "./kernels";

/** What `backendInfo()` reports: which backend runs, and for gpu.js which mode and why. */
export interface BackendInfo {
  name: string;
  /** gpu.js mode actually running: "webgpu" | "headlessgl" | "webgl2" | "webgl" | "webasm" | "cpu" */
  mode?: string;
  /** why each better mode was not available, e.g. { webgpu: "dawn.node needs glibc 2.38" } */
  unavailable?: Record<string, string>;
  threads?: boolean;
  /** gpu.js runs in a worker thread under its async contract (webgpu), behind synchronous kernels */
  worker?: boolean;
  /** anything else worth knowing, e.g. that matmul runs on a hand-written SIMD kernel */
  detail?: string;
}

export interface Backend {
  name: string;
  kernels: Kernels;
  info(): BackendInfo;
}

const factories = new Map<string, () => Backend>();
const loaded = new Map<string, Backend>();
let active = "reference";

/** Makes a backend available under `name`; the factory runs on first use, so heavy ones load lazily. */
export function registerBackend(name: string, factory: () => Backend): void {
  factories.set(name, factory);
  loaded.delete(name);
}

function load(name: string): Backend {
  let backend = loaded.get(name);
  if (!backend) {
    const factory = factories.get(name);
    if (!factory)
      throw new Error(`unknown backend "${name}"; registered: ${[...factories.keys()].join(", ")}`);
    backend = factory();
    loaded.set(name, backend);
  }
  return backend;
}

/** Chooses the backend every heavy op runs on from now on. Results agree to float32 rounding. */
export function setBackend(name: string): void {
  load(name);
  active = name;
}

export function getBackend(): string {
  return active;
}

export function backendInfo(): BackendInfo {
  return load(active).info();
}

/** The active backend's kernels. */
export function kernels(): Kernels {
  return load(active).kernels;
}

/** A registered backend's kernels by name (tests compare backends side by side). */
export function kernelsOf(name: string): Kernels {
  return load(name).kernels;
}

export function listBackends(): string[] {
  return [...factories.keys()];
}
