// What can be checked here of a class on Kubernetes (Docker and Kubernetes cannot run on this machine):
// deploy/Dockerfile passes dockerfile-utils' linter (which does catch a planted mistake) and keeps the
// docker-stacks conventions; deploy/z2jh-values.yaml is YAML whose every key is one the Zero to JupyterHub
// chart documents; and the image's install steps, deploy/install.sh, run as a plain script.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { validate } from "dockerfile-utils";
import { parse } from "yaml";

const root = resolve(__dirname, "../..");
const dockerfile = readFileSync(join(root, "deploy/Dockerfile"), "utf8");

describe("deploy/Dockerfile", () => {
  test("passes dockerfile-utils' linter", () => {
    const problems = validate(dockerfile).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(problems, []);
  });

  test("the linter catches a planted mistake (so a pass means something)", () => {
    const broken = dockerfile.replace("USER root", "USER").replace(/^RUN mamba/m, "RUNN mamba");
    assert.ok(validate(broken).length >= 2);
  });

  test("keeps docker-stacks' conventions: a docker-stacks base, fix-permissions, back to the notebook user", () => {
    assert.match(dockerfile, /^ARG BASE_IMAGE=quay\.io\/jupyter\/base-notebook:[\w.-]+$/m);
    assert.match(dockerfile, /^FROM \$\{BASE_IMAGE\}$/m);
    assert.match(dockerfile, /fix-permissions "\$\{CONDA_DIR\}"/);
    const users = [...dockerfile.matchAll(/^USER (.+)$/gm)].map((m) => m[1]);
    assert.equal(users.at(-1), "${NB_UID}", "the image ends as the unprivileged notebook user");
    assert.match(dockerfile, /deploy\/install\.sh/);
  });
});

/** Every key the chart documents that the values file may use (from the chart's values.yaml/schema). */
const chartKeys = new Set([
  "hub",
  "hub.config",
  "singleuser",
  "singleuser.image",
  "singleuser.image.name",
  "singleuser.image.tag",
  "singleuser.defaultUrl",
  "singleuser.storage",
  "singleuser.storage.capacity",
  "singleuser.memory",
  "singleuser.memory.guarantee",
  "singleuser.memory.limit",
  "singleuser.cpu",
  "singleuser.cpu.guarantee",
  "singleuser.cpu.limit",
  "singleuser.extraEnv",
  "singleuser.lifecycleHooks",
  "cull",
  "cull.enabled",
  "cull.timeout",
  "cull.every",
]);
/** Below these, the keys are free (JupyterHub's traitlets, environment variables, a Kubernetes hook). */
const freeBelow = ["hub.config", "singleuser.extraEnv", "singleuser.lifecycleHooks"];

function keyPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix ? `${prefix}.${k}` : k;
    return freeBelow.includes(path) ? [path] : [path, ...keyPaths(v, path)];
  });
}

describe("deploy/z2jh-values.yaml", () => {
  const values = parse(readFileSync(join(root, "deploy/z2jh-values.yaml"), "utf8")) as unknown;
  /** The value at a dotted path ("singleuser.image.name"). */
  const at = (path: string): unknown =>
    path.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], values);

  test("every key is one the Zero to JupyterHub chart documents", () => {
    assert.deepEqual(
      keyPaths(values).filter((k) => !chartKeys.has(k)),
      [],
    );
  });

  test("the class: the gradlab image, a teacher, limits for Kubernetes and for gradlab, tutorials on start", () => {
    assert.deepEqual(at("hub.config.Authenticator.admin_users"), ["teacher"]);
    assert.match(String(at("singleuser.image.name")), /gradlab-singleuser$/);
    assert.equal(typeof at("singleuser.image.tag"), "string");
    assert.equal(at("singleuser.extraEnv.GRADLAB_MEMORY_LIMIT"), "1G");
    assert.equal(
      typeof at("singleuser.extraEnv.GRADLAB_CELL_TIME_LIMIT"),
      "string",
      "env values are strings",
    );
    assert.deepEqual(at("singleuser.lifecycleHooks.postStart.exec.command"), ["gradlab-copy-tutorials"]);
    assert.equal(at("singleuser.memory.limit"), "2G");
  });
});

describe("deploy/install.sh, the image's install steps, as a plain script", () => {
  test("registers the kernel, releases the tutorials, and its copy command keeps a student's edits", () => {
    const dir = mkdtempSync(join(tmpdir(), "gradlab-install-"));
    try {
      const env = {
        ...process.env,
        SKIP_NPM: "1",
        KERNEL_PREFIX: join(dir, "prefix"),
        TUTORIALS_DIR: join(dir, "tutorials"),
        BIN_DIR: join(dir, "bin"),
      };
      const run = spawnSync("bash", [join(root, "deploy/install.sh")], { encoding: "utf8", env });
      assert.equal(run.status, 0, run.stderr);
      const spec = JSON.parse(
        readFileSync(join(dir, "prefix/share/jupyter/kernels/gradlab/kernel.json"), "utf8"),
      ) as { argv: string[] };
      assert.ok(spec.argv.some((a) => a.endsWith("dist/kernel/main.js")));
      const shipped = readdirSync(join(root, "notebooks")).filter((n) => n.endsWith(".ipynb"));
      assert.deepEqual(readdirSync(join(dir, "tutorials")).sort(), shipped.sort());

      const home = join(dir, "home");
      mkdirSync(home);
      const copy = () =>
        spawnSync(join(dir, "bin/gradlab-copy-tutorials"), [], {
          encoding: "utf8",
          env: { ...env, HOME: home },
        });
      assert.equal(copy().status, 0);
      const mine = join(home, "gradlab-notebooks", shipped[0]);
      writeFileSync(mine, "my edits");
      rmSync(join(home, "gradlab-notebooks", shipped[1]));
      assert.equal(copy().status, 0);
      assert.equal(readFileSync(mine, "utf8"), "my edits", "an edited copy stays");
      assert.ok(existsSync(join(home, "gradlab-notebooks", shipped[1])), "a missing one comes back");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
