// Run by gpu-headlessgl.test.ts under xvfb-run (headless-gl needs an X server): the GLSL kernels
// against the reference, on Mesa's software rasterizer.
import assert from "node:assert/strict";
import { test } from "node:test";
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { agreesWithReference } from "./agree";

test("headless-gl creates a context here", () => {
  setBackend("gpu:headlessgl");
  assert.equal(backendInfo().mode, "headlessgl");
});
agreesWithReference("gpu:headlessgl", () => kernelsOf("gpu:headlessgl"));
