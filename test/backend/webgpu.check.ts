// For a machine with a GPU and a Linux new enough for dawn.node (glibc 2.38): the gpu backend's
// webgpu mode against the reference kernels, plus what backendInfo reports. Not part of `npm test`
// (no GPU in CI); run it as `node --import tsx --test test/backend/webgpu.check.ts`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { agreesWithReference } from "./agree";

test("webgpu runs here", () => {
  setBackend("gpu:webgpu");
  const info = backendInfo();
  console.log(JSON.stringify(info));
  assert.equal(info.mode, "webgpu");
});
agreesWithReference("gpu:webgpu", () => kernelsOf("gpu:webgpu"));
