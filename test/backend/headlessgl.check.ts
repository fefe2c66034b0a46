// Run by gpu-headlessgl.test.ts under xvfb-run (headless-gl needs an X server): the GLSL kernels
// against the reference, on Mesa's software rasterizer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { gpuDevices } from "../../lib/backend/gpu/modes";
import { agreesWithReference } from "./agree";

test("headless-gl creates a context here", () => {
  setBackend("gpu:headlessgl");
  assert.equal(backendInfo().mode, "headlessgl");
});
test('"gpu" takes headless-gl only where a GPU device could draw it', () => {
  setBackend("gpu");
  const info = backendInfo();
  if (gpuDevices()?.length === 0) {
    // an X server with no GPU behind it (Xvfb here): Mesa's llvmpipe, slower than WebAssembly SIMD
    assert.equal(info.mode, "webasm");
    assert.match(info.unavailable?.headlessgl ?? "", /could only run on the CPU/);
    // forced, it runs, and says where
    setBackend("gpu:headlessgl");
    assert.equal(backendInfo().software, true);
    assert.match(
      backendInfo().summary ?? "",
      /^Matrix products and convolutions run on the CPU, through WebGL \(headless-gl\) drawn in software/,
    );
  } else assert.equal(info.mode, "headlessgl");
  setBackend("reference");
});
agreesWithReference("gpu:headlessgl", () => kernelsOf("gpu:headlessgl"));
