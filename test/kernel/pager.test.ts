// IPython's `name?`: the cell is not run; the name's signature and docs come back as a pager payload.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { KernelClient } from "../../kernel/client";
import { kernelJson } from "../../kernel/kernelspec";
import { pagerTarget } from "../../kernel/pager";

let kernel: KernelClient;

before(async () => {
  kernel = await KernelClient.start(kernelJson().argv);
});

after(() => kernel.close());

async function page(code: string): Promise<string> {
  const { reply, iopub } = await kernel.execute(code);
  assert.equal(reply.content.status, "ok");
  assert.ok(!iopub.some((m) => m.header.msg_type === "execute_result"), `${code} was run`);
  const payload = reply.content.payload as { source: string; data: Record<string, string> }[];
  assert.equal(payload.length, 1);
  assert.equal(payload[0].source, "page");
  return payload[0].data["text/plain"];
}

test("`name?` and `?name` page the signature and docs instead of running", async () => {
  assert.match(await page("Math.max?"), /max\(\.\.\.values: number\[\]\): number/);
  assert.match(await page("?Math.max"), /Returns the larger of a set of supplied numeric expressions/);
});

test("an earlier cell's declaration is paged with its type", async () => {
  const { reply } = await kernel.execute("/** the learning rate */\nconst lr = 0.01;");
  assert.equal(reply.content.status, "ok");
  const text = await page("lr?");
  assert.match(text, /const lr: 0\.01/);
  assert.match(text, /the learning rate/);
});

test("only a lone name with ? is a pager request", () => {
  assert.equal(pagerTarget("  x.grad?  "), "x.grad");
  assert.equal(pagerTarget("a ? b : c"), undefined);
  assert.equal(pagerTarget("x?.y"), undefined);
  assert.equal(pagerTarget("f(x)?"), undefined);
});
