// The GLSL path of the gpu backend, checked on every run: headless-gl only creates a context under an
// X server, so the checks run in a child process under `xvfb-run -a` (Mesa llvmpipe: correctness, not speed).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

test("gpu:headlessgl agrees with the reference on every case (under xvfb-run)", () => {
  const check = join(__dirname, "headlessgl.check.ts");
  const run = spawnSync("xvfb-run", ["-a", process.execPath, "--import", "tsx", "--test", check], {
    encoding: "utf8",
    timeout: 120_000,
    // without this the child's node:test reports to our runner instead of printing its summary
    env: { ...process.env, NODE_TEST_CONTEXT: undefined },
  });
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.error, undefined, `could not start xvfb-run: ${run.error}`);
  assert.match(output, /# pass \d+/, output);
  assert.match(output, /# fail 0/, output);
  assert.equal(run.status, 0, output);
});
