// lib/backend/gpu/modes.ts in the browser: which gpu.js modes work in this page, best first, and in plain
// words why the others don't (or, for a GPU mode drawn on the CPU, why "gpu" passes it over). WebGPU
// answers asynchronously, so it runs in its own worker behind gradlab's synchronous ops
// (shims/async-bridge.js), which needs shared memory: a cross-origin-isolated page.
import { GPU } from "gpu.js";

export const gpuModes = ["webgpu", "webgl2", "webasm", "cpu"];

/** What the kernel's worker found out before the first cell (lite/kernel/src/probe.ts). */
const probed = () => globalThis.__gradlabProbe ?? {};

export function whyUnavailable(mode) {
  switch (mode) {
    case "webgpu":
      return probed().done ? probed().webgpu : "the WebGPU check has not finished";
    case "webgl2":
      return webgl2Problem();
    case "webasm":
      return GPU.isWebAssemblySupported ? undefined : "this browser has no WebAssembly";
    case "cpu":
      return undefined;
    case "headlessgl":
      return "headless-gl is for Node; in the browser gpu.js uses WebGL 2 (gpu:webgl2)";
    default:
      return `"${mode}" is not a gpu.js mode`;
  }
}

/** One small WebGL 2 context for the checks (a page may hold only a few), or null where there is none. */
let probeContext;
const webgl2 = () => (probeContext ??= new OffscreenCanvas(1, 1).getContext("webgl2"));

function webgl2Problem() {
  if (typeof OffscreenCanvas === "undefined")
    return "this browser has no OffscreenCanvas for WebGL in a worker";
  const gl = webgl2();
  if (!gl) return "this browser gives no WebGL 2 context (WebGL is off, or the GPU is blocklisted)";
  if (!gl.getExtension("EXT_color_buffer_float"))
    return "WebGL 2 here cannot render to float textures (no EXT_color_buffer_float)";
  return undefined;
}

/**
 * Why a mode that works is not worth choosing: it computes on the CPU. A browser with no usable GPU (none,
 * or a blocklisted driver) may still offer WebGL 2 and WebGPU through a software rasterizer such as
 * SwiftShader, 49–87× slower than the WebAssembly SIMD kernel on the same CPU at an MNIST-MLP step
 * (docs/lite.md's browser bench). Forcing the mode (gpu:webgl2, gpu:webgpu) still runs it.
 */
export function onCpu(mode) {
  if (mode === "webgpu") return probed().webgpuOnCpu;
  if (mode !== "webgl2") return undefined;
  const gl = webgl2();
  const debug = gl.getExtension("WEBGL_debug_renderer_info");
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  if (!/swiftshader|llvmpipe|lavapipe|softpipe|software|basic render/i.test(renderer)) return undefined;
  return `WebGL 2 here is drawn on the CPU (${renderer}), where WebAssembly SIMD is far faster: setBackend("gpu:webgl2") uses it anyway`;
}

export function chooseMode(forced) {
  const wanted = forced ?? (globalThis.__gradlabEnv?.GRADLAB_GPU_MODE || undefined);
  const unavailable = {};
  for (const mode of wanted === undefined ? gpuModes : [wanted]) {
    const reason = whyUnavailable(mode) ?? (wanted === undefined ? onCpu(mode) : undefined);
    if (reason === undefined) return { mode, unavailable };
    if (wanted !== undefined) throw new Error(`gpu.js mode "${mode}" is not available here: ${reason}`);
    unavailable[mode] = reason;
  }
  return { mode: "cpu", unavailable };
}
