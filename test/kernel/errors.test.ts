// What a newcomer meets when a cell goes wrong: a cell that threw keeps what it declared, tracebacks that
// look like errors (colour, the user's frames first, the library's folded), and hints on TypeScript's errors.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { errorOf, plain, startSession, text, type Session } from "./session";

let s: Session;
const [red, green, reset] = ["\x1b[0;31m", "\x1b[0;32m", "\x1b[0m"];

before(async () => {
  s = await startSession(mkdtempSync(join(tmpdir(), "gradlab-errors-")));
});

after(async () => {
  await s?.server.stop();
});

test("a cell that throws keeps its imports and the declarations it reached; a skipped one says why", async () => {
  const cell = [
    'import { tensor } from "gradlab";',
    "const z = tensor([1, 2]);",
    "z.add(tensor([1, 2, 3]));",
    "const never = 1;",
    "function hoisted() {",
    "  return 7;",
    "}",
  ].join("\n");
  const first = await s.run(cell);
  assert.equal(errorOf(first).ename, "ShapeError");
  const count = first.reply.execution_count;
  assert.equal(text(await s.run("z.add(tensor([10, 20])).toArray()")), "[ 11, 22 ]");
  assert.equal(text(await s.run("hoisted()")), "7");
  const err = errorOf(await s.run("never + 1"));
  assert.equal(err.ename, "ReferenceError");
  assert.equal(
    err.evalue,
    `never has no value: its declaration at cell[${count}]:4 did not run, because cell[${count}] stopped ` +
      "earlier at line 3 with ShapeError. Fix that cell and run it again.",
  );
  // Declaring it again (in a cell that runs) gives it a value.
  assert.equal(text(await s.run("const never = 2;\nnever")), "2");
});

test("a re-declaration the throw skipped does not leave the old value under the new type", async () => {
  await s.run("const label = 5;");
  assert.equal(errorOf(await s.run('throw new Error("stop");\nconst label = "five";')).ename, "Error");
  assert.equal(errorOf(await s.run("label.toUpperCase()")).ename, "ReferenceError");
});

test("a traceback is coloured as IPython's, the cell's frames first and the library's folded into one line", async () => {
  const code = 'import { tensor } from "gradlab";\nconst t = tensor([1, 2]);\n\nt.sum(2)';
  const err = errorOf(await s.run(code));
  assert.equal(err.ename, "ShapeError");
  assert.ok(err.traceback[0].startsWith(`${red}ShapeError${reset}: `), JSON.stringify(err.traceback[0]));
  const lines = plain(err.traceback);
  assert.match(lines[1], /^ {4}at cell\[\d+\]:4:3$/);
  assert.ok(err.traceback[1].endsWith(`${green}cell[${err.count}]:4:3${reset}`), err.traceback[1]);
  assert.match(lines.at(-1)!, /^ {4}… \d+ frames inside gradlab hidden \(lastError\.stack shows them\)$/);
  assert.equal(lines.length, 3, lines.join("\n"));
  assert.ok(!lines.some((f) => /[/\\]lib[/\\]|node_modules|kernel[/\\]|node:/.test(f)), lines.join("\n"));
  // The hidden frames are one expression away.
  assert.match(text(await s.run("lastError.stack")), /dist[/\\]lib[/\\]ops[/\\]reduce/);
});

test("type errors: the location in green and the word error in red, evalue without colour codes", async () => {
  const err = errorOf(await s.run('const n: number = "text";'));
  const where = `cell[${err.count}]:1:7`;
  assert.ok(err.traceback[0].startsWith(`${green}${where}${reset} - ${red}error${reset} TS2322: `));
  assert.match(err.evalue, /^cell\[\d+\]:1:7 - error TS2322: /);
});

test("TypeScript errors students meet with tensors come with a hint that says what to write", async () => {
  await s.run('import { tensor, randn, fit, nn, data, matmul } from "gradlab";\nconst t = tensor([1, 2]);');
  const hints = async (code: string) =>
    plain(errorOf(await s.run(code)).traceback)
      .filter((l) => l.startsWith("    Hint: "))
      .map((l) => l.slice("    Hint: ".length));
  const first = async (code: string) => (await hints(code))[0] ?? "(no hint)";
  assert.match(await first("t * 2"), /^tensors don't overload operators: use t\.mul\(2\) /);
  assert.match(await first("2 - t"), /use sub\(2, t\)/);
  assert.match(
    await first("const u = t.sum() / t.sum().add(1);"),
    /use t\.sum\(\)\.div\(t\.sum\(\)\.add\(1\)\)/,
  );
  assert.match(await first("let v = t;\nv += 1;"), /use v = v\.add\(1\)/);
  assert.match(await first("t > 0"), /use t\.gt\(0\)/);
  assert.match(await first("randn(2, 3)"), /^a shape is one array: randn\(\[2, 3\]\)$/);
  assert.match(
    await first("linspace(0, 1, 5)"),
    /^linspace comes from the library: import \{ linspace \} from "gradlab";$/,
  );
  const model = "const model = new nn.Linear(2, 2);\nconst ds = data.moons(8);\n";
  assert.match(
    await first(`${model}const history = fit(model, ds, { epochs: 1 });\nhistory.get("loss");`),
    /^this value is a Promise, not its result: put await in front/,
  );
  assert.match(
    await first("const w = tensor([1], { requiresGrad: true });\nw.grad.toArray();"),
    /null until backward\(\)/,
  );
  assert.match(await first("matmul(t, [1, 2])"), /wrap it as tensor\(…\)/);
  assert.match(await first("Math.exp(t.sum())"), /t\.item\(\)/);
  // An operator on plain values is not a tensor mistake: no hint.
  assert.deepEqual(await hints("const q = {} as { a: 1 };\nq * 2"), []);
});

test("completion sends each match's kind (_jupyter_types_experimental)", async () => {
  await s.run('import { tensor } from "gradlab";\nconst forTypes = tensor([1, 2]);');
  const code = "forTypes.su";
  const reply = await s.kernel.requestComplete({ code, cursor_pos: code.length });
  assert.equal(reply.content.status, "ok");
  const content = reply.content as { matches: string[]; metadata: Record<string, unknown> };
  assert.ok(content.matches.includes("sum"), content.matches.join(" "));
  const types = content.metadata._jupyter_types_experimental as { text: string; type: string }[];
  assert.equal(types.find((t) => t.text === "sum")?.type, "method");
  assert.ok(
    types.length === content.matches.length && types.every((t) => t.type !== ""),
    JSON.stringify(types),
  );
});
