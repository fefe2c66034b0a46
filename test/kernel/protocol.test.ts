// The kernel through a real Jupyter server, driven by @jupyterlab/services (the client JupyterLab uses).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import { errorOf, plain, startSession, text, type Session } from "./session";

let session: Session;
let kernel: Kernel.IKernelConnection;
const notebookDir = mkdtempSync(join(tmpdir(), "gradlab-notebook-"));
const packageVersion = JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")).version;

/** A notebook folder outside the repository, with a local .ts module and two npm packages (CJS and ESM). */
function writeNotebookFolder(): void {
  writeFileSync(
    join(notebookDir, "helper.ts"),
    "export function double(x: number): number {\n  return 2 * x;\n}\n",
  );
  const pkg = (name: string, json: object, js: string, dts: string) => {
    const dir = join(notebookDir, "node_modules", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name, main: "index.js", types: "index.d.ts", ...json }),
    );
    writeFileSync(join(dir, "index.js"), js);
    writeFileSync(join(dir, "index.d.ts"), dts);
  };
  pkg("cjs-pkg", {}, "exports.triple = (x) => 3 * x;", "export declare function triple(x: number): number;");
  pkg(
    "esm-pkg",
    { type: "module" },
    'export const answer = 42;\nexport default "esm default";',
    "export declare const answer: number;\ndeclare const d: string;\nexport default d;",
  );
}

before(async () => {
  writeNotebookFolder();
  session = await startSession(notebookDir);
  kernel = session.kernel;
});

after(async () => {
  await session?.server.stop();
});

const run: Session["run"] = (code, onStdin) => session.run(code, onStdin);

test("execute: the last expression is the result, with an execution count", async () => {
  const r = await run("const a: number = 6;\na * 7");
  assert.equal(r.reply.status, "ok");
  assert.equal(text(r), "42");
  assert.equal(r.reply.execution_count, 1);
});

test("cells see earlier cells' declarations, and a const can be re-declared", async () => {
  assert.equal(text(await run("a + 1")), "7");
  assert.equal(text(await run('const a = "now a string";\na.toUpperCase()')), "'NOW A STRING'");
});

test("type errors name the cell line and column, and the cell does not run", async () => {
  // the cell's first statement writes a file: a side effect that must not happen when the cell fails
  const marker = join(notebookDir, "type-error-cell-ran");
  const writes = `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");`;
  const r = await run(`${writes}\nconst n: number = "text";`);
  const err = errorOf(r);
  assert.equal(err.ename, "TypeScriptError");
  assert.equal(existsSync(marker), false, "the cell with a type error ran");
  assert.match(
    plain(err.traceback).join("\n"),
    /cell\[\d+\]:3:7 - error TS2322: Type 'string' is not assignable to type 'number'/,
  );
  assert.equal((await run(writes)).reply.status, "ok");
  assert.equal(existsSync(marker), true, "the same cell without the type error writes the file");
});

test("runtime errors: the traceback points at the cell's TypeScript line, not the kernel", async () => {
  const code = [
    "interface Point { x: number }",
    "const p: Point = { x: 1 };",
    "",
    "function fail(p: Point): never {",
    '  throw new RangeError("bad " + p.x);',
    "}",
    "fail(p);",
  ].join("\n");
  const err = errorOf(await run(code));
  assert.equal(err.ename, "RangeError");
  assert.equal(err.evalue, "bad 1");
  const frames = plain(err.traceback).slice(1);
  assert.match(frames[0], /at fail \(cell\[\d+\]:5:9\)/);
  assert.match(frames[1], /cell\[\d+\]:7:1/);
  assert.equal(frames.length, 2, frames.join("\n")); // no frame for the kernel's wrapper around the cell
  assert.ok(!frames.some((f) => /kernel[/\\]|node:internal/.test(f)), frames.join("\n"));
});

test("destructuring of an earlier cell's variables: renamed, shorthand, array, nested, default, rest", async () => {
  await run("const obj = { e: 1, a: { b: undefined as number | undefined }, z: 2 };");
  assert.equal(text(await run("const { e: e2 } = obj;\ne2")), "1");
  assert.equal(
    text(await run("const { a: { b: c = 3 }, ...rest } = obj;\n[c, rest]")),
    "[ 3, { e: 1, z: 2 } ]",
  );
  assert.equal(text(await run("const [p, q] = [1, 2];\n[q, p]")), "[ 2, 1 ]");
  assert.equal(text(await run("const wrapped = { obj, e2 };\nwrapped.obj.e + wrapped.e2")), "2");
  assert.equal(
    text(await run("function f(o: typeof obj) {\n  const { e: x } = o;\n  return x;\n}\nf(obj)")),
    "1",
  );
});

test("let variables are re-assigned across cells, also by destructuring assignment", async () => {
  await run("let counter = 1;\nlet other = 0;");
  await run("counter = counter + 1;");
  await run("({ e: other } = obj);\n[counter] = [counter * 10];");
  assert.equal(text(await run("[counter, other]")), "[ 20, 1 ]");
});

test("anomaly mode names the cell line and column where the NaN was made", async () => {
  const line = "detectAnomaly(() => { const x = tensor([-1]); return x.sqrt(); })";
  const err = errorOf(
    await run(`import { tensor, detectAnomaly } from "gradlab";\n// a second line\n${line}`),
  );
  assert.equal(err.ename, "AnomalyError");
  // V8 places a method call at the method's name: `sqrt`, on the cell's third line.
  assert.match(err.evalue, new RegExp(`created at cell\\[\\d+\\]:3:${line.indexOf("sqrt") + 1}$`));
});

test("top-level await", async () => {
  assert.equal(text(await run("await new Promise((r) => setTimeout(() => r(5), 10))")), "5");
});

test('import from "gradlab" works in a notebook outside the package, types included', async () => {
  assert.equal(text(await run('import { version } from "gradlab";\nversion')), `'${packageVersion}'`);
  assert.equal(errorOf(await run("const v: number = version;")).ename, "TypeScriptError");
});

test("import of local .ts files and of CommonJS and ESM npm packages", async () => {
  assert.equal(text(await run('import { double } from "./helper";\ndouble(21)')), "42");
  assert.equal(text(await run('import { triple } from "cjs-pkg";\ntriple(14)')), "42");
  assert.equal(text(await run('import d, { answer } from "esm-pkg";\n`${d} ${answer}`')), "'esm default 42'");
});

test("console output streams promptly during a long cell", async () => {
  const r = await run(
    'console.log("first");\nawait new Promise((r) => setTimeout(r, 1000));\nconsole.error("second");',
  );
  const streams = r.outputs.filter((o) => o.msg.header.msg_type === "stream");
  assert.deepEqual(
    streams.map((s) => [(s.msg.content as { name: string }).name, (s.msg.content as { text: string }).text]),
    [
      ["stdout", "first\n"],
      ["stderr", "second\n"],
    ],
  );
  assert.ok(
    r.repliedAt - streams[0].at >= 800,
    `first arrived ${r.repliedAt - streams[0].at} ms before the reply`,
  );
});

test("display: MIME helpers, objects that render themselves, and updatable handles", async () => {
  const r = await run(
    [
      'display.html("<b>hi</b>");',
      'const h = display("step 1", { id: "progress" });',
      'h.update("step 2");',
      '({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<i>me</i>" }) })',
    ].join("\n"),
  );
  const [html, first, update, result] = r.outputs.map((o) => o.msg);
  assert.equal(html.header.msg_type, "display_data");
  assert.equal((html.content as { data: Record<string, string> }).data["text/html"], "<b>hi</b>");
  assert.equal(first.header.msg_type, "display_data");
  assert.deepEqual((first.content as { transient: object }).transient, { display_id: "progress" });
  assert.equal(update.header.msg_type, "update_display_data");
  assert.deepEqual((update.content as { data: object }).data, { "text/plain": "'step 2'" });
  assert.deepEqual((update.content as { transient: object }).transient, { display_id: "progress" });
  assert.equal(result.header.msg_type, "execute_result");
  assert.equal((result.content as { data: Record<string, string> }).data["text/html"], "<i>me</i>");
});

test("a view as a cell's result is display_data with its display id, which JupyterLab follows", async () => {
  const r = await run(
    'import { tensor } from "gradlab";\nimport { stepper } from "gradlab/widgets";\nconst sv = stepper(tensor([1, -2], { requiresGrad: true }).mul(2).sum());\nsv',
  );
  const shown = r.outputs.map((o) => o.msg).filter((m) => m.header.msg_type !== "stream");
  const view = shown.at(-1)!;
  assert.equal(view.header.msg_type, "display_data");
  const { data, transient } = view.content as {
    data: Record<string, string>;
    transient: { display_id?: string };
  };
  assert.match(data["text/html"], /class="gradlab-view"/);
  assert.match(String(transient.display_id), /^gradlab-/);
});

test("a cell ending with display(x) shows x once, and no execute_result for the handle", async () => {
  const r = await run("const n = 3;\ndisplay(`n = ${n}`)");
  assert.deepEqual(
    r.outputs.map((o) => o.msg.header.msg_type),
    ["display_data"],
  );
  assert.equal(text(r, "display_data"), "'n = 3'");
  assert.deepEqual(
    (await run('display.html("<b>x</b>", { id: "last" })')).outputs.map((o) => o.msg.header.msg_type),
    ["display_data"],
  );
});

test("clearOutput({ wait }) sends clear_output", async () => {
  const r = await run("clearOutput({ wait: true })");
  assert.deepEqual(
    r.outputs.map((o) => [o.msg.header.msg_type, o.msg.content]),
    [["clear_output", { wait: true }]],
  );
});

test("await input(prompt) asks over the stdin channel", async () => {
  let prompt = "";
  const r = await run('const name = await input("Name? ");\n`hello ${name}`', (msg) => {
    prompt = (msg.content as { prompt: string }).prompt;
    kernel.sendInputReply(
      { status: "ok", value: "Ada" },
      msg.header as KernelMessage.IInputReplyMsg["parent_header"],
    );
  });
  assert.equal(prompt, "Name? ");
  assert.equal(text(r), "'hello Ada'");
});

test("complete and inspect", async () => {
  await run("const learningRate = 0.1;");
  const completion = await kernel.requestComplete({ code: "learningR", cursor_pos: 9 });
  assert.deepEqual(completion.content.status === "ok" && completion.content.matches, ["learningRate"]);
  const info = await kernel.requestInspect({ code: "Math.max", cursor_pos: 6, detail_level: 0 });
  assert.equal(info.content.status, "ok");
  const data = info.content.status === "ok" ? info.content.data : {};
  assert.match(String(data["text/plain"]), /max\(\.\.\.values: number\[\]\): number/);
});

test("interrupt stops a synchronous busy loop, an awaited promise and an async training loop; state survives", async () => {
  await run("const kept = 41;\nlet ticks = 0;");
  const cases = [
    "while (true) {}",
    "await new Promise(() => {});",
    "while (true) {\n  ticks++;\n  await new Promise((r) => setImmediate(r));\n}",
  ];
  for (const code of cases) {
    // Interrupt until it replies, so a cell still compiling when the first interrupt lands is caught too.
    let done = false;
    const pending = run(code).finally(() => (done = true));
    while (!done) {
      await new Promise((r) => setTimeout(r, 300));
      if (!done) await kernel.interrupt();
    }
    const err = errorOf(await pending);
    assert.equal(err.ename, "Interrupt", code);
  }
  // The async loop really stopped: `ticks` no longer moves.
  const r = await run(
    "const t0 = ticks;\nawait new Promise((r) => setTimeout(r, 200));\n[kept + 1, ticks > 0, ticks - t0]",
  );
  assert.equal(text(r), "[ 42, true, 0 ]");
});

test("comms: comm_info, comm_open, comm_msg and comm_close", async () => {
  await run(
    [
      'globalThis[Symbol.for("Jupyter.comms")].registerTarget("echo", (comm: any) => {',
      "  comm.onMsg = (data: any) => comm.send({ echo: data });",
      "});",
    ].join("\n"),
  );
  const comm = kernel.createComm("echo");
  const echoed = new Promise((done) => (comm.onMsg = (msg) => done(msg.content.data)));
  await comm.open({}).done;
  const info = await kernel.requestCommInfo({ target_name: "echo" });
  assert.ok(info.content.status === "ok" && comm.commId in info.content.comms);
  comm.send({ x: 1 });
  assert.deepEqual(await echoed, { echo: { x: 1 } });
  await comm.close().done;
  const afterClose = await kernel.requestCommInfo({ target_name: "echo" });
  assert.ok(afterClose.content.status === "ok" && !(comm.commId in afterClose.content.comms));
});

test("restart: a fresh kernel, counts from 1 again", async () => {
  await run("const keptAcross = 41;\n(globalThis as any).setBeforeRestart = true;");
  assert.equal(text(await run("[keptAcross + 1, (globalThis as any).setBeforeRestart]")), "[ 42, true ]");
  await kernel.restart();
  const r = await run("(globalThis as any).setBeforeRestart === undefined ? 'fresh' : 'stale'");
  assert.equal(text(r), "'fresh'");
  assert.equal(r.reply.execution_count, 1);
  const gone = errorOf(await run("keptAcross + 1"));
  assert.equal(gone.ename, "TypeScriptError");
  assert.match(gone.traceback.join("\n"), /Cannot find name 'keptAcross'/);
});
