// The op suites whose heavy ops reach the kernels (conv, matmul, pool; checked against PyTorch) rerun
// on the gpu backend's GLSL path: headless-gl needs an X server, so they run in a child process under
// `xvfb-run -a` with GRADLAB_TEST_BACKENDS=gpu:headlessgl (test/helpers/backends.ts). The webasm and cpu
// modes are in those suites' default backend list already.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";

const suites = ["conv", "matmul", "pool"].map((name) => join(__dirname, "../lib/ops", `${name}.test.ts`));

test("op suites for conv, matmul and pool pass on gpu:headlessgl (under xvfb-run)", () => {
  const run = spawnSync(
    "xvfb-run",
    ["-a", process.execPath, "--import", "tsx", "--test", "--test-concurrency=1", ...suites],
    {
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, GRADLAB_TEST_BACKENDS: "gpu:headlessgl", NODE_TEST_CONTEXT: undefined },
    },
  );
  const output = `${run.stdout}\n${run.stderr}`;
  assert.equal(run.error, undefined, `could not start xvfb-run: ${run.error}`);
  assert.match(output, /# pass [1-9]\d*/, output);
  assert.match(output, /# fail 0/, output);
  assert.equal(run.status, 0, output);
});
