// Runs every code block of README's library and training sections (top-level await allowed) and checks
// the values their comments promise (`expr; // [2, -4, 6]`): documentation that cannot silently go stale.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import * as gradlab from "../../lib/index";
import { Tensor } from "../../lib/index";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");

function blocksOf(section: string): string[] {
  const text = readme.slice(
    readme.indexOf(`<!-- section:${section} -->`),
    readme.indexOf(`<!-- /section:${section} -->`),
  );
  return [...text.matchAll(/```ts\n([^]*?)```/g)].map((m) => m[1]);
}

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

/** Runs one block as a notebook cell would: `import … from "gradlab"`, top-level await, in a scratch folder. */
async function runBlock(block: string, check: (value: unknown, expected: unknown, line: number) => void) {
  const js = ts.transpileModule(withChecks(block), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const requireGradlab = (name: string) => {
    assert.equal(name, "gradlab");
    return gradlab;
  };
  const [cwd, log] = [process.cwd(), console.log];
  process.chdir(mkdtempSync(join(tmpdir(), "gradlab-readme-"))); // blocks may write files
  console.log = () => {};
  try {
    const run = new Function("require", "exports", "__check", `return (async () => {\n${js}\n})();`);
    await run(requireGradlab, {}, check);
  } finally {
    process.chdir(cwd);
    console.log = log;
  }
}

for (const [section, minBlocks, minChecks] of [
  ["library", 6, 15],
  ["training", 5, 10],
] as const) {
  describe(`README ${section} section`, () => {
    const blocks = blocksOf(section);
    let checked = 0;
    it("has code blocks", () => assert.ok(blocks.length >= minBlocks));
    blocks.forEach((block, n) => {
      it(`block ${n + 1} runs and its commented values hold`, () =>
        runBlock(block, (value, expected, line) => {
          checked++;
          const actual =
            value instanceof Tensor ? value.toArray() : Array.isArray(value) ? [...value] : value;
          assert.ok(
            close(actual, expected),
            `block ${n + 1} line ${line}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`,
          );
        }));
    });
    it("checked the values the comments promise", () =>
      assert.ok(checked >= minChecks, `only ${checked} checks`));
  });
}
