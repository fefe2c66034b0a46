import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gradlab, gradlabBackground, waitForOutput } from "../helpers/cli";

test("--help lists every subcommand", () => {
  const out = gradlab(["--help"]);
  assert.equal(out.status, 0);
  for (const name of ["install", "start", "run", "bench"])
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

test("start --no-browser --port 0 serves the notebooks folder and stops on Ctrl+C", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "gradlab-data-"));
  const env = { ...process.env, JUPYTER_DATA_DIR: dataDir };
  const child = gradlabBackground(["start", "--no-browser", "--port", "0", "--no-install"], env);
  try {
    const [url] = await waitForOutput(child, /http:\/\/(localhost|127\.0\.0\.1):\d+\/\S*token=\w+/);
    const { origin, searchParams } = new URL(url);
    const res = await fetch(`${origin}/api/contents?token=${searchParams.get("token")}`);
    const listing = (await res.json()) as { content: { name: string }[] };
    assert.ok(
      listing.content.some((entry) => entry.name.endsWith(".ipynb")),
      `notebooks listed: ${listing.content.map((e) => e.name)}`,
    );
    const kernels = await (
      await fetch(`${origin}/api/kernelspecs?token=${searchParams.get("token")}`)
    ).json();
    assert.ok("gradlab" in (kernels as { kernelspecs: object }).kernelspecs);
  } finally {
    const exited = new Promise<number | null>((done) => child.on("exit", done));
    child.kill("SIGINT");
    assert.equal(await exited, 0);
  }
});
