// `gradlab start`: the student's own copy of the tutorials (copied in the released version, kept, reset),
// served by a Jupyter server that culls the kernels of closed tabs.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { notebookText, studentVersion } from "../../cli/release";
import { prepareWorkDir } from "../../cli/start";
import { sourceOf, type Notebook } from "../../kernel/notebook";
import { gradlabBackground, waitForOutput } from "../helpers/cli";

const tutorials = join(__dirname, "../../notebooks");
const shipped = readdirSync(tutorials).filter((n) => n.endsWith(".ipynb"));
const env = { ...process.env, JUPYTER_DATA_DIR: mkdtempSync(join(tmpdir(), "gradlab-data-")) };

async function withServer<T>(args: string[], use: (url: URL, output: string) => Promise<T>): Promise<T> {
  const child: ChildProcess = gradlabBackground(
    ["start", "--no-browser", "--port", "0", "--no-install", ...args],
    env,
  );
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  try {
    const [url] = await waitForOutput(child, /http:\/\/(localhost|127\.0\.0\.1):\d+\/\S*token=\w+/);
    return await use(new URL(url), output);
  } finally {
    const exited = new Promise<number | null>((done) => child.on("exit", done));
    child.kill("SIGINT");
    // a server that ignores Ctrl+C must fail the test, not hang it
    const late = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await exited;
    clearTimeout(late);
    assert.equal(code, 0, "gradlab start did not stop on Ctrl+C within 30 s");
  }
}

async function api(url: URL, path: string, init?: RequestInit): Promise<unknown> {
  const res = await fetch(`${url.origin}/api/${path}?token=${url.searchParams.get("token")}`, init);
  return res.status === 204 ? undefined : res.json();
}

test("start copies the tutorials into the working folder, serves it, keeps edits, and --reset brings fresh ones", async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "gradlab-home-")), "my notebooks");
  await withServer(["--dir", dir], async (url, output) => {
    assert.deepEqual(readdirSync(dir).sort(), [...shipped].sort());
    assert.match(output, new RegExp(`Your tutorials: ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    assert.match(output, /Open 00-welcome\.ipynb first\./);
    const listing = (await api(url, "contents")) as { content: { name: string }[] };
    assert.deepEqual(listing.content.map((e) => e.name).sort(), [...shipped].sort());
    const kernels = (await api(url, "kernelspecs")) as { kernelspecs: object };
    assert.ok("gradlab" in kernels.kernelspecs);
  });
  const mine = join(dir, "00-welcome.ipynb");
  writeFileSync(mine, readFileSync(mine, "utf8").replace("}", ', "edited": true}'));
  const edited = readFileSync(mine, "utf8");
  await withServer(["--dir", dir], async () => {
    assert.equal(readFileSync(mine, "utf8"), edited, "the student's edit was overwritten");
  });
  await withServer(["--dir", dir, "--reset"], async (_url, output) => {
    assert.equal(
      readFileSync(mine, "utf8"),
      notebookText(studentVersion(join(tutorials, "00-welcome.ipynb")).notebook),
    );
    assert.equal(readFileSync(join(dir, "00-welcome (before reset).ipynb"), "utf8"), edited);
    assert.match(output, /reset: 00-welcome\.ipynb\)/);
  });
  assert.ok(!existsSync(join(tutorials, ".ipynb_checkpoints")));
});

test("start gives students the released tutorials: every solution a stub that says not done, the checks kept", () => {
  const dir = mkdtempSync(join(tmpdir(), "gradlab-students-"));
  const copied = prepareWorkDir(dir);
  assert.deepEqual(copied, [...shipped].sort());
  let stubs = 0;
  for (const name of shipped) {
    const teacher = readFileSync(join(tutorials, name), "utf8");
    const student = readFileSync(join(dir, name), "utf8");
    const [t, s] = [JSON.parse(teacher) as Notebook, JSON.parse(student) as Notebook];
    const count = (nb: Notebook, line: RegExp) =>
      nb.cells
        .filter((c) => c.cell_type === "code")
        .flatMap((c) => sourceOf(c).split("\n"))
        .filter((l) => line.test(l)).length;
    const solutions = count(t, /^\s*\/\/ BEGIN SOLUTION$/);
    assert.doesNotMatch(student, /BEGIN SOLUTION|END SOLUTION|HIDDEN TESTS/, name);
    assert.equal(count(s, /^\s*throw notDone\(\);$/), solutions, `${name}: one stub per solution`);
    stubs += solutions;
    assert.deepEqual(
      s.cells.map((c) => [c.id, c.metadata]),
      t.cells.map((c) => [c.id, c.metadata]),
      `${name}: cell ids and metadata (nbgrader's) kept`,
    );
    const checks = t.cells.filter((c) => (c.metadata as { nbgrader?: { grade?: boolean } }).nbgrader?.grade);
    for (const check of checks)
      assert.equal(
        sourceOf(s.cells.find((c) => c.id === check.id)!),
        sourceOf(check),
        `${name}: a check changed`,
      );
  }
  assert.ok(stubs >= 5, `only ${stubs} exercises in the tutorials`);
  assert.deepEqual(prepareWorkDir(dir), [], "a second start copies nothing");
});

test("start's server culls a kernel no tab is connected to once it has been idle for --cull-after seconds", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gradlab-cull-"));
  await withServer(["--dir", dir, "--cull-after", "2"], async (url) => {
    const kernel = (await api(url, "kernels", {
      method: "POST",
      body: JSON.stringify({ name: "gradlab" }),
    })) as {
      id: string;
    };
    const deadline = Date.now() + 30_000;
    let running: { id: string }[];
    do {
      await new Promise((r) => setTimeout(r, 500));
      running = (await api(url, "kernels")) as { id: string }[];
    } while (running.some((k) => k.id === kernel.id) && Date.now() < deadline);
    assert.deepEqual(running, [], "the idle kernel was not culled");
  });
});
