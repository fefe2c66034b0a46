// Interrupts over the control channel (interrupt_request) and by SIGINT, spoken to directly over ZeroMQ:
// a synchronous loop, an awaited promise and an async loop that yields like fit() all stop, the kernel
// replies, and what was defined before survives.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as zmq from "zeromq";
import { KernelClient, type Exchange } from "../../kernel/client";
import { endpoint } from "../../kernel/connection";
import { kernelJson } from "../../kernel/kernelspec";

let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start(kernelJson().argv);
  assert.equal((await kernel.execute("const kept = 41;\nlet ticks = 0;")).reply.content.status, "ok");
});

after(() => kernel.close());

/** Starts `code` and interrupts it with `how` until it replies: a cell still being compiled when the first
 * interrupt lands (a slow CI machine) is caught by the next one, so the test does not depend on timing. */
async function interrupted(code: string, how: () => Promise<unknown>): Promise<Exchange> {
  let done = false;
  const running = kernel.execute(code).finally(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 300));
    if (!done) await how();
  }
  return running;
}

const byControl = () => kernel.request("interrupt_request", {}, kernel.control);
const bySignal = async () => kernel.process.kill("SIGINT");

async function assertInterrupted(exchange: Exchange): Promise<void> {
  assert.equal(exchange.reply.content.status, "error");
  assert.equal(exchange.reply.content.ename, "Interrupt");
  const error = exchange.iopub.find((m) => m.header.msg_type === "error");
  assert.equal(error?.content.ename, "Interrupt");
}

async function stateIntact(): Promise<void> {
  const { iopub } = await kernel.execute("kept + 1");
  assert.equal((iopub.at(-1)?.content.data as Record<string, string>)["text/plain"], "42");
}

test("interrupt_request is answered on control with status ok", async () => {
  const { reply } = await kernel.request("interrupt_request", {}, kernel.control);
  assert.equal(reply.header.msg_type, "interrupt_reply");
  assert.equal(reply.content.status, "ok");
});

// Every case both ways: an interrupt_request on the control channel, and SIGINT (interrupt_mode "signal").
for (const [how, interrupt] of [
  ["interrupt_request on control", byControl],
  ["SIGINT", bySignal],
] as const) {
  test(`${how} stops a synchronous busy loop`, async () => {
    await assertInterrupted(await interrupted("for (;;) { Math.sqrt(2); }", interrupt));
    await stateIntact();
  });

  test(`${how} stops an awaited promise that never settles`, async () => {
    await assertInterrupted(await interrupted("await new Promise(() => {});", interrupt));
    await stateIntact();
  });

  test(`${how} stops an async loop that yields between steps, as fit() does`, async () => {
    const loop = "while (true) {\n  ticks++;\n  await new Promise((r) => setTimeout(r, 1));\n}";
    await assertInterrupted(await interrupted(loop, interrupt));
    const { iopub } = await kernel.execute(
      "const t0 = ticks;\nawait new Promise((r) => setTimeout(r, 200));\n[ticks > 0, ticks - t0]",
    );
    assert.equal((iopub.at(-1)?.content.data as Record<string, string>)["text/plain"], "[ true, 0 ]");
    await stateIntact();
  });
}

test("the heartbeat answers while a cell keeps the main thread busy", async () => {
  const running = kernel.execute("const end = Date.now() + 1500;\nwhile (Date.now() < end) {}");
  await new Promise((r) => setTimeout(r, 300));
  const hb = new zmq.Request({ linger: 0, receiveTimeout: 1000 });
  hb.connect(endpoint(kernel.info, "hb"));
  await hb.send("ping");
  const [pong] = await hb.receive();
  hb.close();
  assert.equal(pong.toString(), "ping");
  assert.equal((await running).reply.content.status, "ok");
});
