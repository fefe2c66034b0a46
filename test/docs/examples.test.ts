// Runs every code block of the docs pages written to run (docs/library.md, training.md, widgets.md,
// graph-mode.md; top-level await allowed) and checks every value their comments promise
// (`expr; // [2, -4, 6]`), what a console.log or a bare expression promises to print, and that each try
// block promising an error throws it: documentation that cannot silently go stale.
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, test } from "node:test";
import ts from "typescript";
import * as exercises from "../../exercises/index";
import * as gradlab from "../../lib/index";
import { Tensor } from "../../lib/index";
import * as widgets from "../../widgets/index";

/** What a block may import: the package's entry points, as a notebook sees them. */
const modules: Record<string, unknown> = {
  gradlab,
  "gradlab/widgets": widgets,
  "gradlab/exercises": exercises,
};

/** The ```ts blocks of a page under docs/. */
function blocksOf(page: string): string[] {
  const text = readFileSync(join(__dirname, "../../docs", page), "utf8");
  return [...text.matchAll(/^```ts\n([^]*?)^```/gm)].map((m) => m[1]);
}

/** A JSON value at the start of `text`, with what follows it; undefined when `text` starts with none. */
function leadingValue(text: string): { value: unknown; rest: string } | undefined {
  for (let end = text.length; end > 0; end--) {
    try {
      return { value: JSON.parse(text.slice(0, end)), rest: text.slice(end) };
    } catch {
      // shorter
    }
  }
  return undefined;
}

/**
 * The value a statement's comment promises: `// VALUE`, `// VALUE: why`, `// VALUE = why` or
 * `// why: VALUE` (VALUE as JSON); undefined for a comment that is prose only.
 */
function promisedValue(comment: string): { value: unknown } | undefined {
  const lead = leadingValue(comment);
  if (lead && (lead.rest === "" || /^(:| =) /.test(lead.rest))) return { value: lead.value };
  const tail = comment.match(/: (.+)$/);
  if (tail) {
    const value = leadingValue(tail[1]);
    if (value && value.rest === "") return { value: value.value };
  }
  return undefined;
}

/** The comment lines that follow line `i` (the text a `console.log` or a `catch` promises), joined. */
function commentLinesAfter(lines: string[], i: number): string | undefined {
  const text: string[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const m = lines[j].match(/^\s*\/\/ ?(.*)$/);
    if (m) text.push(m[1]);
    else if (text.length || !/^\s*(if \(|console\.log)/.test(lines[j])) break;
  }
  return text.length ? text.join("\n") : undefined;
}

/** The comment lines right after line `i` (what a bare expression promises to show), joined. */
function commentLinesRightAfter(lines: string[], i: number): string | undefined {
  const text: string[] = [];
  for (let j = i + 1; j < lines.length; j++) {
    const m = lines[j].match(/^\s*\/\/ ?(.*)$/);
    if (!m) break;
    text.push(m[1]);
  }
  return text.length ? text.join("\n") : undefined;
}

const statementKeyword =
  /^(const|let|var|import|export|if|for|while|try|return|throw|await|class|function)\b/;

/**
 * Turns every promise a block's comments make into a check:
 * - `expr; // VALUE` (see promisedValue) checks the value of expr;
 * - `console.log(expr);` followed by comment lines checks what it prints (`<…>` matches anything);
 * - a bare `expr;` followed by comment lines checks `String(expr)`: what a notebook shows for it;
 * - `} catch (err) {` checks that the try block threw, and that the message is the comment lines that
 *   follow in the catch block, when there are some.
 * A comment that promises a value where no check can be made (a declaration, the tail of a multi-line
 * statement) is an error, so no promise goes unchecked.
 */
function withChecks(code: string): string {
  const lines = code.split("\n");
  return lines
    .map((line, i) => {
      const at = i + 1;
      const caught = line.match(/^(\s*)\} catch \((\w+)\) \{$/);
      if (caught) {
        const [, indent, name] = caught;
        const message = JSON.stringify(commentLinesAfter(lines, i) ?? null);
        return `${indent}  __noThrow(${at});\n${line}\n${indent}  __caught(${name}, ${message}, ${at});`;
      }
      const log = line.match(/^(\s*)console\.log\((.+)\);$/);
      const printed = log && commentLinesAfter(lines, i);
      if (log && printed !== undefined)
        return `${log[1]}__printed(String(${log[2]}), ${JSON.stringify(printed)}, ${at});`;
      const bare = !log && line.match(/^(\s*)([A-Za-z_$][^;]*);$/);
      const shown = bare && !statementKeyword.test(bare[2]) && commentLinesRightAfter(lines, i);
      if (bare && shown) return `${bare[1]}__printed(String(${bare[2]}), ${JSON.stringify(shown)}, ${at});`;
      const m = line.match(/^(\s*)(.+?);\s*\/\/ (.+)$/);
      const promise = m && promisedValue(m[3]);
      if (!m || !promise) return line;
      const statement = m[2].trim();
      if (!/^[A-Za-z_$]/.test(statement) || /^(const|let|var|import|if|try|return)\b/.test(statement))
        throw new Error(`line ${at} promises ${m[3]} but is not an expression that can be checked`);
      return `${m[1]}__check(${m[2]}, ${JSON.stringify(promise.value)}, ${at});`;
    })
    .join("\n");
}

/** `text` matches `expected`, where `<…>` in expected stands for any text on one line. */
function sameText(text: string, expected: string): boolean {
  const pattern = expected
    .split(/<[^>\n]+>/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^\\n]+");
  return new RegExp(`^${pattern}$`).test(text);
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

type Check = (value: unknown, expected: unknown, line: number) => void;

/** What a block's promises are checked with; `check` compares values, the others compare text. */
function checkers(check: Check, where: string) {
  const noThrow = new Error("no error came");
  const text = (actual: string, expected: string, line: number) => {
    check(true, true, line);
    assert.ok(sameText(actual, expected), `${where} line ${line} prints:\n${actual}\nnot:\n${expected}`);
  };
  return {
    __check: check,
    __printed: text,
    __noThrow: (line: number) => {
      throw Object.assign(noThrow, { line });
    },
    __caught: (err: unknown, message: string | null, line: number) => {
      if (err === noThrow)
        assert.fail(`${where} line ${line}: the try block promises an error, but none came`);
      if (message !== null) text((err as Error).message, message, line);
    },
  };
}

/** Runs one block as a notebook cell would: imports of "gradlab…", top-level await, in a scratch folder. */
async function runBlock(block: string, where: string, check: Check) {
  const js = ts.transpileModule(withChecks(block), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const requireGradlab = (name: string) => {
    assert.ok(name in modules, `${where} imports ${name}`);
    return modules[name];
  };
  const [cwd, log] = [process.cwd(), console.log];
  process.chdir(mkdtempSync(join(tmpdir(), "gradlab-readme-"))); // blocks may write files
  console.log = () => {};
  try {
    const helpers = checkers(check, where);
    const run = new Function(
      "require",
      "exports",
      ...Object.keys(helpers),
      `return (async () => {\n${js}\n})();`,
    );
    await run(requireGradlab, {}, ...Object.values(helpers));
  } finally {
    process.chdir(cwd);
    console.log = log;
  }
}

/**
 * Pages whose blocks are not run here, and why; every other page under docs/ runs, new ones included. The
 * per-page minimums catch a block pattern that silently stops matching.
 */
const notRun: Record<string, string> = {
  "backends.md": "its backendInfo() output is this machine's; test/backend/ proves the backends",
  "kernel.md": "its blocks use the kernel's globals (display, input); test/kernel/ runs them in a kernel",
  "cli.md": "shell commands; test/cli/ and test/kernel/run.test.ts run them",
};
const minimums: Record<string, [blocks: number, checks: number]> = {
  "library.md": [6, 15],
  "training.md": [5, 10],
  "widgets.md": [6, 1],
  "graph-mode.md": [10, 29],
};
const pages = readdirSync(join(__dirname, "../../docs"))
  .filter((f) => f.endsWith(".md") && !(f in notRun))
  .sort();

test("every page with TypeScript blocks is run, or says why not", () => {
  for (const page of Object.keys(minimums)) assert.ok(pages.includes(page), page);
  for (const page of Object.keys(notRun))
    assert.ok(existsSync(join(__dirname, "../../docs", page)), `notRun lists ${page}, which is gone`);
});

for (const page of pages) {
  const [minBlocks, minChecks] = minimums[page] ?? [0, 0];
  describe(`docs/${page}`, () => {
    const blocks = blocksOf(page);
    let checked = 0;
    it("has code blocks", () => assert.ok(blocks.length >= minBlocks));
    blocks.forEach((block, n) => {
      it(`block ${n + 1} runs and its commented values hold`, () =>
        runBlock(block, `block ${n + 1}`, (value, expected, line) => {
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
