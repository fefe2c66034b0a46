// Completion and inspection teach: Shift+Tab (inspect_request) shows an API's doc comment — summary, shape
// rules, example, derivative — and Tab (complete_request) sends each match's type and offers an options
// object's fields inside `{`.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startSession, type Session } from "./session";

let s: Session;

before(async () => {
  s = await startSession(mkdtempSync(join(tmpdir(), "gradlab-docs-")));
  await s.run(
    'import { tensor, matmul, sum, fit, nn, optim } from "gradlab";\nconst t = tensor([[1, 2], [3, 4]]);',
  );
});

after(async () => {
  await s?.server.stop();
});

/** What Shift+Tab shows at the end of `code`. */
async function inspect(code: string, cursor = code.length): Promise<string> {
  const reply = await s.kernel.requestInspect({ code, cursor_pos: cursor, detail_level: 0 });
  assert.equal(reply.content.status, "ok");
  const content = reply.content as { found: boolean; data: Record<string, string> };
  assert.ok(content.found, `nothing found for ${code}`);
  return content.data["text/plain"];
}

async function complete(code: string, cursor = code.length) {
  const reply = await s.kernel.requestComplete({ code, cursor_pos: cursor });
  assert.equal(reply.content.status, "ok");
  const content = reply.content as { matches: string[]; metadata: Record<string, unknown> };
  const types = content.metadata._jupyter_types_experimental as {
    text: string;
    type: string;
    signature?: string;
  }[];
  return { matches: content.matches, types };
}

test("inspect shows the signature, the doc comment and its tags: shape rules, example, derivative", async () => {
  const mm = await inspect("matmul");
  assert.match(mm, /function matmul\(a: Tensor, b: Tensor\): Tensor/);
  assert.match(mm, /\[m, k\] @ \[k, n\] → \[m, n\]/, mm); // the shape rule
  assert.match(mm, /∂\/∂a = g @ bᵀ/, mm); // the derivative
  assert.match(mm, /Example:\n\s+matmul\(/, mm); // the @example tag, shown as code under a heading

  const s1 = await inspect("sum");
  assert.match(s1, /Example:\n[^]*sum\(/, s1);
  assert.doesNotMatch(s1, /\{@link|@example/, "tags are rendered, not shown raw");

  const method = await inspect("t.sum");
  assert.match(method, /\(method\) Tensor\.sum\(/);
  assert.match(method, /keepDim/, method); // its doc, not only the bare signature
  assert.match(method, /Example:/, method);

  assert.match(await inspect("fit"), /Example:\n[^]*await fit\(/);
  const linear = await inspect("nn.Linear");
  assert.match(linear, /x Wᵀ \+ b/, linear);
  assert.match(linear, /Example:/, linear);
});

test("completion after `t.` carries each match's kind and its signature", async () => {
  const { matches, types } = await complete("t.");
  assert.ok(matches.includes("matmul") && matches.includes("shape"), matches.join(" "));
  const sum = types.find((m) => m.text === "sum");
  assert.equal(sum?.type, "method");
  assert.match(sum?.signature ?? "", /\(dim\?: Dims, options\?: ReduceOptions\) => Tensor|Tensor\.sum\(/);
  assert.match(types.find((m) => m.text === "shape")?.signature ?? "", /number\[\]/);
});

test("inside an options object literal, completion offers the options' fields", async () => {
  for (const code of ["tensor([1], {", "const u = tensor([1], {\n  "]) {
    const { matches, types } = await complete(code);
    assert.ok(matches.includes("requiresGrad") && matches.includes("dtype"), `${code}: ${matches.join(" ")}`);
    assert.match(types.find((m) => m.text === "requiresGrad")?.signature ?? "", /boolean/);
  }
  // with the closing brace a front end inserts: the cursor between `{` and `}`
  const closed = await complete("tensor([1], {})", 13);
  assert.ok(closed.matches.includes("requiresGrad"), closed.matches.join(" "));
  const model = "const model = new nn.Linear(2, 1);\n";
  const fitted = await complete(`${model}fit(model, [], {`);
  assert.ok(
    ["epochs", "optimizer", "loss", "batchSize"].every((f) => fitted.matches.includes(f)),
    fitted.matches.join(" "),
  );
  const typed = await complete(`${model}fit(model, [], { epochs: 3, `);
  assert.ok(
    typed.matches.includes("optimizer") && !typed.matches.includes("epochs"),
    typed.matches.join(" "),
  );
});
