// Runs every code block of README's training section (top-level await allowed) and checks the values
// its comments promise (`expr; // VALUE`), so the documentation cannot silently go stale.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import ts from "typescript";
import * as gradlab from "../../lib/index";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
const section = readme.slice(
  readme.indexOf("<!-- section:training -->"),
  readme.indexOf("<!-- /section:training -->"),
);
const blocks = [...section.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]);

/** `expr; // VALUE` with VALUE valid JSON becomes `__check(expr, VALUE, line)`. */
const withChecks = (code: string) =>
  code
    .split("\n")
    .map((line, i) => {
      const m = line.match(/^(\s*)(.+?);\s*\/\/ (.+?)(?:(?::| =) .*)?$/);
      if (!m || !/^[A-Za-z_$]/.test(m[2].trim()) || /^(const|let|import)\b/.test(m[2].trim())) return line;
      try {
        JSON.parse(m[3]);
      } catch {
        return line;
      }
      return `${m[1]}__check(${m[2]}, ${m[3]}, ${i + 1});`;
    })
    .join("\n");

let checked = 0;

describe("README training section", () => {
  test("has code blocks", () => assert.ok(blocks.length >= 5));
  blocks.forEach((block, n) =>
    test(`block ${n + 1} runs and its commented values hold`, async () => {
      const js = ts.transpileModule(withChecks(block), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const check = (value: unknown, expected: unknown, line: number) => {
        checked++;
        const actual = value instanceof gradlab.Tensor ? value.toArray() : value;
        assert.deepEqual(actual, expected, `block ${n + 1} line ${line}`);
      };
      const cwd = process.cwd();
      process.chdir(mkdtempSync(join(tmpdir(), "gradlab-readme-"))); // blocks may write files
      try {
        const run = new Function("require", "exports", "__check", `return (async () => {\n${js}\n})();`);
        await run(() => gradlab, {}, check);
      } finally {
        process.chdir(cwd);
      }
    }),
  );
  test("checked the values the comments promise", () => assert.ok(checked >= 10, `only ${checked} checks`));
});
