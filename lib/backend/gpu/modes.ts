// Which gpu.js modes work on this machine, and in words why the others don't (or, for a GPU mode that can
// only draw on the CPU, why "gpu" passes it over).
import { existsSync, readdirSync } from "node:fs";
import { GPU } from "gpu.js";
import { AsyncBridge } from "./async-bridge";

/** Best first, as gpu.js ranks them. */
export const gpuModes = ["webgpu", "headlessgl", "webasm", "cpu"] as const;
export type GpuMode = (typeof gpuModes)[number];

const firstLine = (err: unknown) => String(err instanceof Error ? err.message : err).split("\n")[0];

/** undefined when `mode` can run here, else the reason it cannot. */
export function whyUnavailable(mode: GpuMode): string | undefined {
  switch (mode) {
    case "webgpu":
      return webgpuProblem();
    case "headlessgl":
      if (GPU.isHeadlessGLSupported) return undefined;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require("gl");
      } catch (err) {
        return `the optional "gl" package (headless-gl) did not load: ${firstLine(err)}`;
      }
      return (
        "headless-gl loaded but could not create a GL context: it needs an X server with a GPU's drivers " +
        "(xvfb-run -a gives one that draws on the CPU, slower than the WebAssembly kernel: for checking " +
        "the GLSL kernels)"
      );
    case "webasm":
      return GPU.isWebAssemblySupported ? undefined : "this runtime has no WebAssembly";
    case "cpu":
      return undefined;
  }
}

function webgpuProblem(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require("webgpu");
  } catch (err) {
    return `the "webgpu" package (dawn.node) did not load: ${firstLine(err)}`;
  }
  // it loads: ask for an adapter, the only proof that a webgpu kernel can run
  const bridge = new AsyncBridge("webgpu");
  try {
    bridge.start();
    return undefined;
  } catch (err) {
    return firstLine(err);
  } finally {
    bridge.destroy();
  }
}

/** This machine's GPU device nodes, looked up once: they do not change while it runs. */
let devices: string[] | undefined;

/**
 * The GPU device nodes of this machine (render nodes, NVIDIA's, WSL's), or null off Linux, where a GPU
 * need not be a file under /dev.
 */
export function gpuDevices(): string[] | null {
  if (process.platform !== "linux") return null;
  return (devices ??= listDevices());
}

function listDevices(): string[] {
  const list = (dir: string, pattern: RegExp) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => pattern.test(name))
          .map((name) => `${dir}/${name}`)
      : [];
  return [...list("/dev/dri", /^renderD\d+$/), ...list("/dev", /^(nvidia\d+|dxg)$/)];
}

/**
 * Why a GPU mode is not worth choosing, even where it starts: it could only run on the CPU. headless-gl
 * reports only "ANGLE", not what draws behind it, and a WebGPU adapter may be a software one, but on Linux
 * a GPU is a device node: with none (a cloud VM, a CI machine, a desktop VM without 3-D passthrough) an X
 * server's GL is Mesa's software rasterizer, llvmpipe (16–18× slower at an MNIST-MLP step than the
 * WebAssembly SIMD kernel on the same CPU, docs/backends.md), and a Vulkan adapter is lavapipe or
 * SwiftShader. Forcing the mode (gpu:headlessgl, gpu:webgpu) still runs it. `found`: the devices to judge by
 * (this machine's, gpuDevices(), unless given).
 */
export function onCpu(mode: GpuMode, found?: string[] | null): string | undefined {
  const api = { headlessgl: "headless-gl", webgpu: "WebGPU" }[mode as string];
  if (!api) return undefined;
  const present = found === undefined ? gpuDevices() : found;
  if (present === null || present.length > 0) return undefined;
  return (
    `${api} here could only run on the CPU (no GPU device: no /dev/dri/renderD*, /dev/nvidia* or ` +
    `/dev/dxg), where WebAssembly SIMD is far faster: setBackend("gpu:${mode}") uses it anyway`
  );
}

/** The mode "gpu" runs: GRADLAB_GPU_MODE if set, else the best available. Also why each better one was skipped. */
export function chooseMode(forced?: GpuMode): { mode: GpuMode; unavailable: Record<string, string> } {
  const fromEnv = process.env.GRADLAB_GPU_MODE as GpuMode | undefined;
  const wanted = forced ?? (fromEnv || undefined);
  if (wanted !== undefined && !gpuModes.includes(wanted))
    throw new Error(`GRADLAB_GPU_MODE="${wanted}" is not one of ${gpuModes.join(", ")}`);
  const unavailable: Record<string, string> = {};
  for (const mode of gpuModes) {
    if (wanted !== undefined && mode !== wanted) continue;
    // the devices first: no need to start dawn.node only to pass it over
    const reason = (wanted === undefined ? onCpu(mode) : undefined) ?? whyUnavailable(mode);
    if (reason === undefined) return { mode, unavailable };
    if (wanted !== undefined) throw new Error(`gpu.js mode "${mode}" is not available here: ${reason}`);
    unavailable[mode] = reason;
  }
  return { mode: "cpu", unavailable };
}
