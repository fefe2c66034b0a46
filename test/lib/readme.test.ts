// Runs every code block of README's library section, and checks the values its comments promise
// (`expr; // [2, -4, 6]`): documentation that cannot silently go stale.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import * as gradlab from "../../lib/index";
import { Tensor } from "../../lib/index";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
const section = readme.slice(
  readme.indexOf("<!-- section:library -->"),
  readme.indexOf("<!-- /section:library -->"),
);
const blocks = [...section.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]);

/** `expr; // VALUE` (VALUE as JSON, optionally followed by ": why" or " = why") becomes a check. */
function withChecks(code: string): string {
  return code
    .split("\n")
    .map((line, i) => {
      const m = line.match(/^(\s*)(.+?);\s*\/\/ (.+?)(?:(?::| =) .*)?$/);
      // only whole statements that start with a name (not the tail of a multi-line one, not declarations)
      const statement = m?.[2].trim() ?? "";
      if (!m || !/^[A-Za-z_$]/.test(statement) || /^(const|let|import|if|try)\b/.test(statement)) return line;
      try {
        JSON.parse(m[3]);
      } catch {
        return line;
      }
      return `${m[1]}__check(${m[2]}, ${m[3]}, ${i + 1});`;
    })
    .join("\n");
}

function close(actual: unknown, expected: unknown): boolean {
  if (typeof expected === "number") return typeof actual === "number" && Math.abs(actual - expected) <= 1e-6;
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => close(actual[i], e))
    );
  return actual === expected;
}

let checked = 0;

describe("README library section", () => {
  it("has code blocks", () => assert.ok(blocks.length >= 6));
  blocks.forEach((block, n) => {
    it(`block ${n + 1} runs and its commented values hold`, () => {
      const js = ts.transpileModule(withChecks(block), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      }).outputText;
      const check = (value: unknown, expected: unknown, line: number) => {
        checked++;
        const actual = value instanceof Tensor ? value.toArray() : Array.isArray(value) ? [...value] : value;
        assert.ok(
          close(actual, expected),
          `block ${n + 1} line ${line}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
        );
      };
      const requireGradlab = (name: string) => {
        assert.equal(name, "gradlab");
        return gradlab;
      };
      const log = console.log;
      console.log = () => {};
      try {
        new Function("require", "exports", "__check", js)(requireGradlab, {}, check);
      } finally {
        console.log = log;
      }
    });
  });
  it("checked the values the comments promise", () => assert.ok(checked >= 15, `only ${checked} checks`));
});
