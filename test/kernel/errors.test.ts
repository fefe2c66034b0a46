// What a newcomer meets when a cell goes wrong: a cell that threw keeps what it declared, tracebacks that
// look like errors (colour, the user's frames first, the library's folded), and hints on TypeScript's errors.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { errorOf, startSession, text, type Session } from "./session";

let s: Session;

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
