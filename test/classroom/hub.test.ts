// A class on a real JupyterHub, on loopback: `gradlab classroom init` writes the configuration (plus a
// test-only block: the null authenticator and a service token), `gradlab classroom start` runs the hub,
// ten students with real Unix accounts each start a server, a gradlab kernel, run tutorial 02 and do the
// homework — all at once. Then: students cannot touch each other's files, the memory and CPU limits stop a
// student with a clear error and the kernel lives on, `gradlab grade --homes` grades everyone, and the hub
// restarts with every file intact. Accounts and processes are removed even when a step fails.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import type { Kernel, KernelManager, KernelMessage } from "@jupyterlab/services";
import { freePort } from "../../kernel/connection";
import { executeNotebook, type Notebook } from "../../kernel/notebook";
import { quietServices } from "../../cli/run";
import { unreadableByOthers } from "../../cli/readable";
import { kernelMain } from "../../kernel/paths";
import { studentNotebook, teacherNotebook } from "../helpers/assignment";
import { gradlab, gradlabBackground } from "../helpers/cli";
import { Accounts, Hub, LatencyWatch, MemorySampler, withTimeout } from "../helpers/hub";

/** Runs at most `n` of the given tasks at once; the others wait their turn. */
function slots(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let free = n;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (free === 0) await new Promise<void>((go) => waiting.push(go));
    else free--;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free++;
    }
  };
}

const isRoot = process.getuid?.() === 0;
const hasHub = spawnSync("jupyterhub", ["--version"], { stdio: "ignore" }).status === 0;
const skip = !isRoot ? "needs root (real Unix accounts)" : !hasHub ? "needs jupyterhub (apt)" : false;

const STUDENTS = 10;
const tag = randomBytes(2).toString("hex");
const names = Array.from({ length: STUDENTS }, (_, i) => `gl${tag}s${String(i + 1).padStart(2, "0")}`);
const base = mkdtempSync("/tmp/gradlab-class-");
const classDir = join(base, "class");
const homes = join(base, "home");
const teacherNb = join(base, "teacher", "homework.ipynb");
const token = randomBytes(24).toString("hex");
const MB = 2 ** 20;

/** Each student's homework answers: right, wrong, or untouched, in turn — and the table that follows. */
const variants: { answers: Record<string, string>; row: string[] }[] = [
  {
    answers: { "double-answer": "return x.mul(2);", "square-answer": "return n * n;" },
    row: ["2", "1", "3"],
  },
  {
    answers: { "double-answer": "return x.mul(3);", "square-answer": "return n * 3;" },
    row: ["0 wrong", "0 wrong", "0"],
  },
  { answers: {}, row: ["0 not done", "0 not done", "0"] },
];
const variantOf = (i: number) => variants[i % variants.length];

interface Student {
  name: string;
  kernel: Kernel.IKernelConnection;
  manager: KernelManager;
}

/** Runs code in a kernel: the reply's status and error, and what it printed or returned. */
async function run(kernel: Kernel.IKernelConnection, code: string, timeoutMs = 60_000) {
  let text = "";
  const future = kernel.requestExecute({ code, stop_on_error: false });
  future.onIOPub = (msg: KernelMessage.IIOPubMessage) => {
    const c = msg.content as { text?: string; data?: Record<string, string> };
    if (c.text) text += c.text;
    if (c.data?.["text/plain"]) text += c.data["text/plain"];
  };
  const reply = (await withTimeout(`running ${JSON.stringify(code.slice(0, 40))}`, timeoutMs, future.done))
    .content as { status: string; ename?: string; evalue?: string };
  return { status: reply.status, ename: reply.ename, evalue: reply.evalue ?? "", text };
}

/** A notebook as the contents API sends it (each source one string) with sources as lists of lines. */
function asSaved(nb: Notebook): Notebook {
  for (const cell of nb.cells)
    if (typeof cell.source === "string") cell.source = (cell.source as string).split(/(?<=\n)/);
  return nb;
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("a class of 10 on JupyterHub", { skip, timeout: 900_000 }, () => {
  const accounts = new Accounts(homes);
  let hub: Hub;
  let latency: LatencyWatch;
  let memory: MemorySampler;
  const students: Student[] = [];
  let wallSeconds = 0;

  before(async () => {
    // the students' kernels run this checkout's kernel: `gradlab classroom start` refuses otherwise
    assert.equal(unreadableByOthers(kernelMain), undefined, "students cannot read this checkout");
    quietServices();
    chmodSync(base, 0o755);
    mkdirSync(homes, { mode: 0o755 });
    mkdirSync(join(base, "teacher"));
    writeFileSync(teacherNb, JSON.stringify(teacherNotebook()));
    let port = await freePort();
    while (port > 65000) port = await freePort();
    const init = gradlab([
      "classroom",
      "init",
      classDir,
      teacherNb,
      "--port",
      String(port),
      "--students",
      names.join(","),
      "--home-base",
      homes,
      "--memory-limit",
      "256M",
      "--cell-time-limit",
      "10",
    ]);
    assert.equal(init.status, 0, init.stderr);
    // test only: no logins at all (the null authenticator); the test acts through a service's token
    appendFileSync(
      join(classDir, "jupyterhub_config.py"),
      `
# ---- added by test/classroom/hub.test.ts
c.JupyterHub.authenticator_class = "null"
c.JupyterHub.services = [{"name": "classroom-test", "api_token": "${token}"}]
c.JupyterHub.load_roles = [{"name": "classroom-test", "services": ["classroom-test"],
    "scopes": ["admin:users", "admin:servers", "access:servers"]}]
`,
    );
    for (const name of names) accounts.add(name);
    hub = new Hub(classDir, port, token);
    await hub.start();
    latency = new LatencyWatch(hub);
    latency.start();
    const uids = new Set(names.map((n) => Number(execFileSync("id", ["-u", n], { encoding: "utf8" }))));
    memory = new MemorySampler(() => hub.hubPid(), uids);
    memory.start();
  });

  beforeEach((t) => {
    if (latency) latency.phase = t.name;
  });

  after(async () => {
    memory?.stop();
    await latency?.stop();
    for (const s of students) {
      await s.kernel.shutdown().catch(() => undefined);
      s.manager.dispose();
    }
    await hub?.stop();
    accounts.removeAll();
    rmSync(base, { recursive: true, force: true });
  });

  test("10 students at once: a server each, a gradlab kernel, tutorial 02 and the homework", async () => {
    const started = performance.now();
    const created = await hub.api("POST", "/users", { usernames: names });
    // the class list in the configuration has made them already (409); the API adds any missing
    assert.ok([201, 409].includes(created.status), await created.text());
    // Servers start two at a time (a Jupyter server's start-up takes a core for a second or two: ten at
    // once starve the hub of CPU); then every student works at the same time.
    const spawning = slots(2);
    await Promise.all(
      names.map(async (name, i) => {
        await spawning(() => hub.startServer(name));
        const { kernel, manager } = await hub.startKernel(name);
        students.push({ name, kernel, manager });
        // tutorial 02, as the student's copy in their home
        const tutorial = asSaved((await hub.contents(name, "02-autograd.ipynb")) as Notebook);
        const failure = await withTimeout(
          `${name}'s tutorial 02`,
          300_000,
          executeNotebook(tutorial, kernel),
        );
        assert.equal(failure, undefined, `${name}: 02-autograd failed: ${JSON.stringify(failure)}`);
        // the homework: the student writes their answers, saves, runs it
        const released = asSaved((await hub.contents(name, "homework.ipynb")) as Notebook);
        const work = studentNotebook(released, variantOf(i).answers);
        await kernel.restart();
        await withTimeout(
          `${name}'s homework`,
          120_000,
          executeNotebook(work, kernel, { continueOnError: true }),
        );
        await hub.contents(name, "homework.ipynb", work);
      }),
    );
    wallSeconds = (performance.now() - started) / 1000;
    console.log(
      `# 10 students: servers, kernels, tutorial 02 and the homework in ${wallSeconds.toFixed(1)} s; ` +
        `peak memory: hub ${(memory.hubPeak / MB).toFixed(0)} MB, one kernel ${(memory.kernelPeak / MB).toFixed(0)} MB, ` +
        `all kernels together ${(memory.kernelsTogetherPeak / MB).toFixed(0)} MB (${memory.kernelsSeen.size} kernels seen); ` +
        `hub API worst ${latency.worst.toFixed(0)} ms over ${latency.samples} calls`,
    );
    assert.equal(students.length, STUDENTS);
  });

  test("every student's files are theirs, in a private home", () => {
    for (const name of names) {
      const home = join(homes, name);
      assert.equal(statSync(home).mode & 0o777, 0o700, `${name}'s home`);
      const nb = join(home, "gradlab-notebooks", "homework.ipynb");
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }));
      assert.equal(statSync(nb).uid, uid, `${name}'s homework belongs to them`);
    }
  });

  test("a student's kernel cannot read or write another student's notebook", async () => {
    const [me, other] = [students.find((s) => s.name === names[0])!, names[1]];
    const theirs = join(homes, other, "gradlab-notebooks", "homework.ipynb");
    const read = await run(
      me.kernel,
      `require("node:fs").readFileSync(${JSON.stringify(theirs)}, "utf8").length`,
    );
    assert.equal(read.status, "error");
    assert.match(read.evalue, /EACCES|permission denied/i);
    const write = await run(
      me.kernel,
      `require("node:fs").writeFileSync(${JSON.stringify(join(homes, other, "gradlab-notebooks", "mine.ipynb"))}, "{}")`,
    );
    assert.equal(write.status, "error");
    assert.match(write.evalue, /EACCES|permission denied/i);
  });

  test("the memory cap: a tensor past it is a clear error, the kernel keeps running, others unaffected", async () => {
    const me = students.find((s) => s.name === names[0])!;
    const big = await run(me.kernel, `import { zeros } from "gradlab";\nconst big = zeros([20000, 20000]);`);
    assert.equal(big.status, "error");
    assert.equal(big.ename, "MemoryLimitError");
    assert.match(
      big.evalue,
      /a float32 tensor of 400,000,000 elements needs 1\.6 GB, over this kernel's memory limit of 268 MB/,
    );
    // many smaller ones, kept: refused once the ones held fill the budget
    const many = await run(
      me.kernel,
      `const kept: unknown[] = [];\nfor (let i = 0; i < 20; i++) kept.push(zeros([8_000_000]));`,
    );
    assert.equal(many.ename, "MemoryLimitError", many.evalue);
    assert.match(many.evalue, /in use already/);
    const after = await run(me.kernel, `kept.length = 0;\nzeros([2, 2]).sum().item() + 42`);
    assert.equal(after.status, "ok", after.evalue);
    assert.match(after.text, /42/);
    const other = students.find((s) => s.name === names[1])!;
    const fine = await run(other.kernel, `import { ones } from "gradlab";\nones([1000, 1000]).sum().item()`);
    assert.equal(fine.status, "ok", fine.evalue);
    assert.match(fine.text, /1000000/);
  });

  test("the CPU-time limit per cell: a runaway loop is stopped with a clear message, the kernel lives on", async () => {
    const me = students.find((s) => s.name === names[2])!;
    const t = performance.now();
    const loop = await run(me.kernel, `let n = 0;\nwhile (true) n++;`, 90_000);
    const seconds = (performance.now() - t) / 1000;
    assert.equal(loop.ename, "TimeLimit", loop.evalue);
    assert.match(loop.evalue, /more than 10 s of CPU time/);
    assert.ok(seconds >= 10 && seconds < 80, `stopped after ${seconds.toFixed(1)} s`);
    const after = await run(me.kernel, `n > 0`);
    assert.equal(after.status, "ok", after.evalue);
    assert.match(after.text, /true/);
  });

  test("the teacher's gradlab grade --homes sees everyone's work and gives the expected table", async () => {
    const csv = join(base, "grades.csv");
    const child = gradlabBackground([
      "grade",
      "--homes",
      homes,
      "--assignment",
      teacherNb,
      "gradlab-notebooks/homework.ipynb",
      "--csv",
      csv,
      "--timeout",
      "120",
    ]);
    // run in the background, so that the hub's latency is still measured while grading
    const out = { status: null as number | null, stdout: "", stderr: "" };
    child.stdout?.on("data", (d: Buffer) => (out.stdout += d));
    child.stderr?.on("data", (d: Buffer) => (out.stderr += d));
    out.status = await withTimeout(
      "gradlab grade",
      300_000,
      new Promise<number | null>((done) => child.on("exit", (code) => done(code))),
    );
    assert.equal(out.status, 0, out.stderr);
    assert.match(
      out.stdout,
      new RegExp(`^homework: 2 exercises, 3 points; ${STUDENTS} of ${STUDENTS} notebooks run`, "m"),
    );
    const lines = out.stdout.split("\n");
    const start = lines.findIndex((l) => l.startsWith("student "));
    const rows = new Map(
      lines.slice(start + 1, start + 1 + STUDENTS).map((l) => [l.split(" ")[0], l.split(/ {2,}/).slice(1)]),
    );
    assert.deepEqual([...rows.keys()], names);
    names.forEach((name, i) => assert.deepEqual(rows.get(name), variantOf(i).row, name));
    assert.equal(readFileSync(csv, "utf8").trim().split("\n").length, STUDENTS + 1);
  });

  test("the hub restarts (stop, start) with every student's files intact", async () => {
    const files = names.flatMap((n) =>
      ["02-autograd.ipynb", "homework.ipynb"].map((f) => join(homes, n, "gradlab-notebooks", f)),
    );
    const before = files.map(sha);
    for (const s of students.splice(0)) s.manager.dispose();
    await latency.stop();
    await hub.stop();
    assert.deepEqual(files.map(sha), before, "files after the hub stopped");
    await hub.start();
    latency.start();
    const users = (await (await hub.api("GET", "/users")).json()) as { name: string }[];
    assert.deepEqual(
      users
        .map((u) => u.name)
        .filter((n) => names.includes(n))
        .sort(),
      names,
    );
    await hub.startServer(names[0]);
    const saved = (await hub.contents(names[0], "homework.ipynb")) as Notebook;
    assert.match(JSON.stringify(saved.cells), /return x\.mul\(2\);/);
    assert.deepEqual(files.map(sha), before, "files after the hub started again");
  });

  test("the hub answered its API within 1 s throughout", async () => {
    await latency.stop();
    console.log(`# hub API: ${latency.samples} calls, worst ${latency.worst.toFixed(0)} ms`);
    assert.deepEqual(latency.failures, []);
    assert.deepEqual(latency.slow, [], "answers slower than 1 s");
    assert.ok(latency.worst < 1000, `worst ${latency.worst.toFixed(0)} ms`);
  });
});
