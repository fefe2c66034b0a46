// The official Jupyter kernel conformance suite (jupyter_kernel_test) against the built gradlab kernel.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { kernelEnv, python } from "./setup";

test("jupyter_kernel_test: every sample passes", () => {
  const out = spawnSync(python, ["-m", "unittest", "-v", "conformance"], {
    cwd: __dirname,
    env: kernelEnv(),
    encoding: "utf8",
    timeout: 120_000,
  });
  const log = out.stdout + out.stderr;
  assert.equal(out.status, 0, log);
  const ran = Number(log.match(/^Ran (\d+) tests?/m)?.[1]);
  assert.ok(ran >= 12, `ran ${ran} tests:\n${log}`);
  // Every sample the suite offers is filled in, the pager (`name?`) included: nothing is skipped.
  const skipped = [...log.matchAll(/^(test_\w+) .* skipped/gm)].map((m) => m[1]);
  assert.deepEqual(skipped, [], log);
});
