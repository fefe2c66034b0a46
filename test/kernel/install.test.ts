// `gradlab install`: each destination the issue names writes a kernelspec Jupyter can use.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gradlab } from "../helpers/cli";
import { python } from "./setup";

const temp = (name: string) => mkdtempSync(join(tmpdir(), `gradlab-${name}-`));

function readSpec(kernelsDir: string) {
  return JSON.parse(readFileSync(join(kernelsDir, "gradlab", "kernel.json"), "utf8"));
}

// Each install gets its own empty data folder, so the default is proven to write there itself.
for (const args of [["install", "--user"], ["install"]]) {
  test(`${args.join(" ")} writes to Jupyter's per-user data folder${args.length === 1 ? " (the default)" : ""}`, () => {
    const data = temp("user-data");
    assert.deepEqual(readdirSync(data), []);
    const out = gradlab(args, { ...process.env, JUPYTER_DATA_DIR: data });
    assert.equal(out.status, 0, out.stderr);
    const spec = readSpec(join(data, "kernels"));
    assert.equal(spec.display_name, "TypeScript (gradlab)");
    assert.match(spec.argv[1], /dist[/\\]kernel[/\\]main\.js$/);
  });
}

test("install without JUPYTER_DATA_DIR writes where jupyter_core says the user's data folder is", () => {
  const home = temp("home");
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
  delete env.JUPYTER_DATA_DIR;
  delete env.XDG_DATA_HOME;
  const out = gradlab(["install"], env);
  assert.equal(out.status, 0, out.stderr);
  const where = spawnSync(
    python,
    ["-c", "from jupyter_core.paths import jupyter_data_dir as d; print(d())"],
    {
      env,
      encoding: "utf8",
    },
  );
  assert.equal(where.status, 0, where.stderr);
  assert.equal(readSpec(join(where.stdout.trim(), "kernels")).language, "typescript");
});

test("install --sys-prefix --python PATH writes under that Python's sys.prefix", () => {
  const prefix = temp("sys-prefix");
  // A stand-in "python" that answers `-c "import sys; print(sys.prefix)"` with our temp prefix.
  const python = join(temp("python"), "python");
  writeFileSync(python, `#!/bin/sh\necho ${prefix}\n`);
  chmodSync(python, 0o755);
  const out = gradlab(["install", "--sys-prefix", "--python", python]);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(readSpec(join(prefix, "share", "jupyter", "kernels")).language, "typescript");
});

test("install --sys-prefix with a Python that does not run is a clear error", () => {
  const out = gradlab(["install", "--sys-prefix", "--python", "/nonexistent/python"]);
  assert.equal(out.status, 1);
  assert.match(out.stderr, /could not run \/nonexistent\/python/);
});

test("the kernelspec lets Jupyter list the kernel", () => {
  const prefix = temp("prefix");
  assert.equal(gradlab(["install", "--prefix", prefix]).status, 0);
  const env = { ...process.env, JUPYTER_PATH: join(prefix, "share", "jupyter") };
  const script =
    "import json; from jupyter_client.kernelspec import KernelSpecManager as M; print(json.dumps(M().get_all_specs()))";
  const list = spawnSync(python, ["-c", script], { env, encoding: "utf8" });
  assert.equal(list.status, 0, list.stderr);
  const specs = JSON.parse(list.stdout);
  assert.equal(specs.gradlab.spec.display_name, "TypeScript (gradlab)");
});
