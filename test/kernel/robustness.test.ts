// What a kernel must survive with its state intact: bad signatures, broken JSON, unknown messages,
// huge outputs and errors thrown after their cell returned. Spoken to directly over ZeroMQ.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KernelClient } from "../../kernel/client";
import { kernelJson } from "../../kernel/kernelspec";
import { encode } from "../../kernel/wire";
import { Signer } from "../../kernel/connection";

let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start(kernelJson().argv);
  const { reply } = await kernel.execute("let state = 41;");
  assert.equal(reply.content.status, "ok");
});

after(() => kernel.close());

/** The kernel still answers and still has `state`. */
async function stateIntact(): Promise<void> {
  const { reply, iopub } = await kernel.execute("state + 1");
  assert.equal(reply.content.status, "ok");
  const result = iopub.find((m) => m.header.msg_type === "execute_result");
  assert.equal((result?.content.data as Record<string, string>)["text/plain"], "42");
}

async function logged(pattern: RegExp): Promise<void> {
  for (let i = 0; i < 50 && !pattern.test(kernel.stderr); i++) await new Promise((r) => setTimeout(r, 20));
  assert.match(kernel.stderr, pattern);
}

test("a message with a wrong signature is dropped with a log line, never executed", async () => {
  const msg = kernel.message("execute_request", { code: "state = 0; (globalThis as any).pwned = true" });
  await kernel.sendRaw(kernel.shell, encode(msg, new Signer("not-the-key")));
  await logged(/dropped a message on shell: bad or missing signature/);
  await stateIntact();
  const { iopub } = await kernel.execute("typeof (globalThis as any).pwned");
  assert.equal((iopub.at(-1)?.content.data as Record<string, string>)["text/plain"], "'undefined'");
});

test("a message with no signature is dropped too", async () => {
  const frames = encode(kernel.message("execute_request", { code: "state = 0" }), kernel.signer);
  frames[1] = Buffer.from("");
  await kernel.sendRaw(kernel.shell, frames);
  await logged(/dropped a message on shell: bad or missing signature[\s\S]*bad or missing signature/);
  await stateIntact();
});

test("malformed JSON, correctly signed, is dropped with a log line", async () => {
  const parts = ["{not json", "{}", "{}", "{}"].map((s) => Buffer.from(s));
  const frames = [Buffer.from("<IDS|MSG>"), Buffer.from(kernel.signer.sign(parts)), ...parts];
  await kernel.sendRaw(kernel.shell, frames);
  await kernel.sendRaw(kernel.control, [Buffer.from("garbage")]);
  await logged(/malformed header: not a JSON object/);
  await logged(/not a Jupyter message/);
  await stateIntact();
});

test("an unknown message type is logged, answered with busy/idle, and harmless", async () => {
  const { id } = { id: kernel.message("x", {}).header.msg_id };
  const msg = kernel.message("frobnicate_request", {});
  await kernel.sendRaw(kernel.shell, encode(msg, kernel.signer));
  const idle = await kernel.waitFor(
    (m) => m.parent_header.msg_id === msg.header.msg_id && m.content.execution_state === "idle",
  );
  assert.equal(idle.header.msg_type, "status", id);
  await logged(/unknown type "frobnicate_request"/);
  await stateIntact();
});

test("a huge output (5 MB) arrives whole", async () => {
  const { reply, iopub } = await kernel.execute('console.log("x".repeat(5_000_000))');
  assert.equal(reply.content.status, "ok");
  const text = iopub
    .filter((m) => m.header.msg_type === "stream")
    .map((m) => m.content.text)
    .join("");
  assert.equal(text.length, 5_000_001);
  await stateIntact();
});

test("a cell that throws after it returned: reported, and the kernel lives on", async () => {
  const { reply } = await kernel.execute(
    'setTimeout(() => { throw new Error("late boom"); }, 10);\nPromise.reject(new Error("unawaited"));\n"returned"',
  );
  assert.equal(reply.content.status, "ok");
  const late = await kernel.waitFor(
    (m) => m.header.msg_type === "stream" && /late boom/.test(String(m.content.text)),
  );
  assert.equal(late.content.name, "stderr");
  await kernel.waitFor((m) => m.header.msg_type === "stream" && /unawaited/.test(String(m.content.text)));
  assert.equal(kernel.process.exitCode, null);
  await stateIntact();
});

test("shutdown_request on control: a reply, then the kernel exits cleanly", async () => {
  const exited = new Promise<number | null>((done) => kernel.process.once("exit", done));
  const { reply } = await kernel.request("shutdown_request", { restart: false }, kernel.control);
  assert.equal(reply.header.msg_type, "shutdown_reply");
  assert.deepEqual(reply.content, { status: "ok", restart: false });
  assert.equal(await exited, 0);
});
