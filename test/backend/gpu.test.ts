// The gpu backend in each CPU mode against the reference kernels; the GL mode runs under xvfb-run in
// gpu-headlessgl.test.ts.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { GPU } from "gpu.js";
import { createGpuBackend } from "../../lib/backend/gpu";
import { KernelCache } from "../../lib/backend/gpu/kernel-cache";
import { gpuDevices, onCpu } from "../../lib/backend/gpu/modes";
import { createSimdMatmul } from "../../lib/backend/gpu/simd/matmul";
import { referenceKernels } from "../../lib/backend/reference";
import { agreesWithReference } from "./agree";

agreesWithReference("gpu:webasm (SIMD micro-kernel, threads)", () => kernelsOf("gpu:webasm"), {
  exactMaxPoolGrad: true,
});
// one thread: the kernel on a memory of its own, unshared, as in a page with no shared memory
const oneThread = createGpuBackend("webasm", { threads: 1 });
agreesWithReference("gpu:webasm (SIMD micro-kernel, one thread, unshared memory)", () => oneThread.kernels, {
  exactMaxPoolGrad: true,
});
test("with no SharedArrayBuffer (a page without cross-origin isolation) the SIMD kernel runs, on one thread", () => {
  const global = globalThis as { SharedArrayBuffer?: SharedArrayBufferConstructor };
  const saved = global.SharedArrayBuffer;
  delete global.SharedArrayBuffer;
  let simd: ReturnType<typeof createSimdMatmul>;
  try {
    simd = createSimdMatmul(2); // threads need shared memory: it makes do with one
  } finally {
    global.SharedArrayBuffer = saved;
  }
  try {
    assert.equal(simd.threads, 1);
    const [m, k, n] = [67, 300, 61]; // ragged tiles and panels
    const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i));
    const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(0.7 * i));
    const args = { a, b, batch: 1, m, k, n };
    const [got, want] = [simd.matmul(args), referenceKernels.matmul(args)];
    for (let i = 0; i < want.length; i++) assert.ok(Math.abs(got[i] - want[i]) < 1e-4, `C[${i}]`);
  } finally {
    simd.destroy();
  }
  assert.equal(oneThread.info().threads, false);
  assert.match(oneThread.info().detail ?? "", /on 1 thread\(s\)/);
});
const gpujsOnly = createGpuBackend("webasm", { simd: false });
agreesWithReference("gpu:webasm (gpu.js kernels only)", () => gpujsOnly.kernels);
agreesWithReference("gpu:cpu", () => kernelsOf("gpu:cpu"));

test("backendInfo says which mode runs, why better ones did not, and whether threads are on", () => {
  setBackend("gpu:webasm");
  const info = backendInfo();
  assert.equal(info.mode, "webasm");
  assert.equal(info.threads, true);
  assert.match(info.detail ?? "", /SIMD/);
  setBackend("gpu");
  const auto = backendInfo();
  assert.ok(auto.unavailable?.webgpu, "webgpu's reason is reported");
  if (auto.mode === "webasm") assert.ok(auto.unavailable?.headlessgl, "headless-gl's reason is reported");
  setBackend("reference");
  assert.equal(backendInfo().name, "reference");
});

test("GRADLAB_GPU_MODE forces the mode, and an unknown one is refused by name", () => {
  process.env.GRADLAB_GPU_MODE = "cpu";
  try {
    assert.equal(createGpuBackend().info().mode, "cpu");
    process.env.GRADLAB_GPU_MODE = "tpu";
    assert.throws(
      () => createGpuBackend(),
      /GRADLAB_GPU_MODE="tpu" is not one of webgpu, headlessgl, webasm, cpu/,
    );
  } finally {
    delete process.env.GRADLAB_GPU_MODE;
  }
});

test('with no GPU device, headless-gl and WebGPU could only run on the CPU: "gpu" passes them over and says why', () => {
  // this machine's device nodes, listed by the shell as the oracle
  const listed = spawnSync("sh", ["-c", "ls -d /dev/dri/renderD* /dev/nvidia[0-9]* /dev/dxg 2>/dev/null"], {
    encoding: "utf8",
  })
    .stdout.split("\n")
    .filter(Boolean);
  assert.deepEqual([...(gpuDevices() ?? [])].sort(), listed.sort());
  assert.match(onCpu("headlessgl", []) ?? "", /^headless-gl here could only run on the CPU \(no GPU device/);
  assert.match(onCpu("headlessgl", []) ?? "", /setBackend\("gpu:headlessgl"\) uses it anyway/);
  assert.match(onCpu("webgpu", []) ?? "", /^WebGPU here could only run on the CPU .*"gpu:webgpu"/);
  assert.equal(onCpu("headlessgl", ["/dev/dri/renderD128"]), undefined, "a render node: maybe a GPU");
  assert.equal(onCpu("webgpu", ["/dev/nvidia0"]), undefined, "an NVIDIA device");
  assert.equal(onCpu("headlessgl", null), undefined, "not Linux: no device files to go by");
  assert.equal(onCpu("webasm", []), undefined, "the CPU modes are not judged by the devices");
  // and "gpu" itself: on a machine with no GPU device both GPU modes are passed over for that reason
  setBackend("gpu");
  const { mode, unavailable } = backendInfo();
  if (listed.length === 0) {
    assert.equal(mode, "webasm");
    assert.match(unavailable?.webgpu ?? "", /^WebGPU here could only run on the CPU/);
    assert.match(unavailable?.headlessgl ?? "", /^headless-gl here could only run on the CPU/);
  } else
    // with a GPU device, a GPU mode passed over is passed over for another reason (a missing library, no X)
    for (const reason of Object.values(unavailable ?? {}))
      assert.doesNotMatch(reason, /could only run on the CPU/);
  setBackend("reference");
});

// The bridge webgpu runs behind (gpu.js async in a worker, Atomics.wait here), exercised with webasm
// because dawn.node does not load on this Debian; the GPU machine check runs it with webgpu itself.
const bridged = createGpuBackend("webasm", { simd: false, worker: true });
agreesWithReference("gpu:webasm through the async worker bridge", () => bridged.kernels);

test("gpu.js kernels compile once per shape signature, and the cache stays bounded", () => {
  const cache = new KernelCache(new GPU({ mode: "cpu" }));
  function double(this: { thread: { x: number } }, a: Float32Array): number {
    return a[this.thread.x] * 2;
  }
  const first = cache.get(double, { n: 3 }, 3);
  assert.equal(cache.get(double, { n: 3 }, 3), first, "same signature, same compiled kernel");
  assert.notEqual(cache.get(double, { n: 4 }, 4), first, "new constants, new kernel");
  assert.deepEqual(Array.from(cache.run(double, { n: 3 }, 3, Float32Array.of(1, 2, 3))), [2, 4, 6]);
  for (let n = 5; n < 80; n++) cache.get(double, { n }, n);
  assert.equal(cache.size, 64, "least recently used kernels are destroyed past 64");
  cache.destroy();
  assert.equal(cache.size, 0);
});
