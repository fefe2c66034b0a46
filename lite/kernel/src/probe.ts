// What the backends' choice needs to know before the first cell and cannot find out synchronously:
// whether a WebGPU adapter exists. gpu.js's webgpu worker is started here too, so that the first kernel
// call, which blocks on Atomics.wait, finds it running.
interface Probe {
  /** why WebGPU cannot run here; undefined when it can */
  webgpu?: string;
  done?: boolean;
}

const globals = globalThis as unknown as {
  __gradlabProbe: Probe;
  __gradlabGpuWorkers: Record<string, Worker>;
  navigator: { gpu?: { requestAdapter(): Promise<unknown> } };
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
      if (!(await globals.navigator.gpu.requestAdapter()))
        probe.webgpu = "navigator.gpu.requestAdapter() found no GPU adapter";
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
