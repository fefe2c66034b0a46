// `gradlab classroom init` without a hub: what it writes (the config Python accepts, private; the released
// tutorials and the kernelspec readable by every student), and one sentence for each bad input.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { exitStatus } from "../../cli/errors";
import { gradlab } from "../helpers/cli";

const base = mkdtempSync(join(tmpdir(), "gradlab-classroom-"));
const dir = join(base, "class");

describe("gradlab classroom init", () => {
  const out = gradlab(["classroom", "init", dir, "--students", "ann,ben", "--port", "8800"]);

  test("says what it wrote, the password and how to start", () => {
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /Teacher \(admin\): teacher\. Shared password: \S{12}/);
    assert.match(out.stdout, /Start it with: gradlab classroom start /);
  });

  test("the configuration is Python, private to root, with the class's choices", () => {
    const config = join(dir, "jupyterhub_config.py");
    assert.equal(statSync(config).mode & 0o777, 0o600);
    const py = spawnSync("/usr/bin/python3", [
      "-c",
      `compile(open(${JSON.stringify(config)}).read(), "c", "exec")`,
    ]);
    assert.equal(py.status, 0, String(py.stderr));
    const text = readFileSync(config, "utf8");
    for (const line of [
      'c.JupyterHub.bind_url = "http://127.0.0.1:8800"',
      'c.Authenticator.allowed_users = {"ann", "ben"}',
      'c.JupyterHub.spawner_class = "localprocess"',
      'MEMORY_LIMIT = "1G"',
      "CELL_TIME_LIMIT = 120",
      "c.Spawner.pre_spawn_hook = prepare_student",
      '#   c.JupyterHub.authenticator_class = "pam"',
    ])
      assert.ok(text.includes(line), line);
  });

  test("every student can read the tutorials and the kernel; the proxy is linked", () => {
    assert.equal(statSync(dir).mode & 0o777, 0o755);
    const shipped = readdirSync(join(__dirname, "../../notebooks")).filter((n) => n.endsWith(".ipynb"));
    assert.deepEqual(readdirSync(join(dir, "tutorials")).sort(), shipped.sort());
    const spec = join(dir, "share/jupyter/kernels/gradlab/kernel.json");
    assert.equal(statSync(spec).mode & 0o777, 0o644);
    assert.ok(
      (JSON.parse(readFileSync(spec, "utf8")) as { argv: string[] }).argv.includes(
        "--max-old-space-size=2048",
      ),
    );
    assert.ok(existsSync(join(dir, "bin/configurable-http-proxy")));
    assert.match(readFileSync(join(dir, "README.md"), "utf8"), /gradlab grade --homes \/home/);
  });

  test("bad input: one sentence and its exit status", () => {
    const cases: [string[], number, RegExp][] = [
      [["classroom"], exitStatus.usage, /say what to do: gradlab classroom init DIR/],
      [
        ["classroom", "init", join(base, "x"), "--memory-limit", "lots"],
        exitStatus.usage,
        /--memory-limit lots is not a size/,
      ],
      [
        ["classroom", "init", join(base, "x"), "--students", "Ann"],
        exitStatus.usage,
        /"Ann" is not a plain account name/,
      ],
      [["classroom", "init", dir], exitStatus.usage, /exists \(your edits would be lost\): pass --force/],
      [
        ["classroom", "start", join(base, "none")],
        exitStatus.missingFile,
        /does not exist: write the class first/,
      ],
    ];
    for (const [args, status, message] of cases) {
      const r = gradlab(args);
      assert.equal(r.status, status, args.join(" "));
      assert.match(r.stderr.trim(), message);
    }
  });
});
