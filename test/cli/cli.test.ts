import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gradlab } from "../helpers/cli";

test("--help lists every subcommand", () => {
  const out = gradlab(["--help"]);
  assert.equal(out.status, 0);
  for (const name of ["install", "start", "run", "release", "grade", "bench"])
    assert.match(out.stdout, new RegExp(`^  ${name} `, "m"));
});

test("an unknown subcommand fails with usage", () => {
  const out = gradlab(["frobnicate"]);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /unknown command "frobnicate"/);
});

test("install --prefix writes a kernelspec that starts our kernel", () => {
  const prefix = mkdtempSync(join(tmpdir(), "gradlab-prefix-"));
  const out = gradlab(["install", "--prefix", prefix]);
  assert.equal(out.status, 0, out.stderr);
  const spec = JSON.parse(readFileSync(join(prefix, "share/jupyter/kernels/gradlab/kernel.json"), "utf8"));
  assert.equal(spec.display_name, "TypeScript (gradlab)");
  assert.equal(spec.language, "typescript");
  assert.equal(spec.argv.at(-1), "{connection_file}");
  assert.match(spec.argv[1], /kernel[/\\]main\.js$/);
});
