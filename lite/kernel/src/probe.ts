// What the backends' choice needs to know before the first cell and cannot find out synchronously:
// whether a WebGPU adapter exists. gpu.js's webgpu worker is started here too, so that the first kernel
// call, which blocks on Atomics.wait, finds it running.
interface Probe {
  /** why WebGPU cannot run here; undefined when it can */
  webgpu?: string;
  /** set when WebGPU runs but on the CPU (a fallback adapter such as SwiftShader): why "gpu" skips it */
  webgpuOnCpu?: string;
  done?: boolean;
}

interface AdapterInfo {
  isFallbackAdapter?: boolean;
  architecture?: string;
  description?: string;
}

const globals = globalThis as unknown as {
  __gradlabProbe: Probe;
  __gradlabGpuWorkers: Record<string, Worker>;
  navigator: {
    gpu?: { requestAdapter(): Promise<{ info?: AdapterInfo; isFallbackAdapter?: boolean } | null> };
  };
};

export async function probeBrowser(): Promise<Probe> {
  const probe: Probe = {};
  globals.__gradlabProbe = probe;
  globals.__gradlabGpuWorkers = {};
  if (!globalThis.crossOriginIsolated)
    probe.webgpu =
      "WebGPU answers asynchronously; running it behind gradlab's synchronous ops needs shared memory, which a page has only when cross-origin isolated (served with COOP/COEP headers, as `gradlab lite` does)";
  else if (!globals.navigator.gpu) probe.webgpu = "this browser has no WebGPU (navigator.gpu is missing)";
  else {
    try {
      const adapter = await globals.navigator.gpu.requestAdapter();
      if (!adapter) probe.webgpu = "navigator.gpu.requestAdapter() found no GPU adapter";
      else probe.webgpuOnCpu = onCpu(adapter.info ?? {}, adapter.isFallbackAdapter);
    } catch (err) {
      probe.webgpu = `navigator.gpu.requestAdapter() failed: ${String(err)}`;
    }
  }
  if (probe.webgpu === undefined) {
    // start gpu.js's worker and wait until it has set up (asynchronously: nothing blocks yet)
    const worker = new Worker(new URL("gpu-worker.js", self.location.href));
    const status = new Int32Array(new SharedArrayBuffer(4));
    worker.postMessage({
      mode: "webgpu",
      size: 0,
      status: status.buffer,
      result: new SharedArrayBuffer(0),
      error: new SharedArrayBuffer(4096),
    });
    const waited = (
      Atomics as unknown as {
        waitAsync(a: Int32Array, i: number, v: number, t: number): { value: Promise<string> | string };
      }
    ).waitAsync(status, 0, 0, 30_000);
    await waited.value;
    if (status[0] === 1) globals.__gradlabGpuWorkers.webgpu = worker;
    else {
      probe.webgpu = "gpu.js could not set up WebGPU in its worker";
      worker.terminate();
    }
  }
  probe.done = true;
  return probe;
}

/**
 * Why a WebGPU adapter that runs on the CPU is not worth choosing, or undefined for a real GPU. Chromium
 * gives SwiftShader (a CPU rasterizer) as a fallback adapter; the WebAssembly SIMD kernel is far faster on
 * the same CPU (matmul 512: 0.17 against 23 GFLOP/s, docs/lite.md).
 */
function onCpu(info: AdapterInfo, fallback?: boolean): string | undefined {
  const name = [info.architecture, info.description].filter(Boolean).join(" ");
  if (!(info.isFallbackAdapter ?? fallback) && !/swiftshader|llvmpipe|lavapipe|software/i.test(name))
    return undefined;
  return `the WebGPU adapter here (${name || "a fallback adapter"}) computes on the CPU, where WebAssembly SIMD is far faster: setBackend("gpu:webgpu") uses it anyway`;
}
