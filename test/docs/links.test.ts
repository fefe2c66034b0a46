// Every relative link in README.md and docs/*.md points to a file or folder that exists, and a link with
// an anchor (`page.md#heading`, `#heading`) to a heading of that page, slugged as GitHub does.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, test } from "node:test";

const root = resolve(__dirname, "../..");
const pages = [
  "README.md",
  ...readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** The text with fenced code blocks and inline code removed: what they hold is not a link. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^]*?^```/gm, "").replace(/`[^`\n]*`/g, "``");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens; repeats get -1, -2… */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[^]*?^```/gm, "").matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = heading
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/ /g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The targets of a page's links and images, `[text](target)` and `![alt](target "title")`. */
export function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
}

test("the link finder sees links and images, not code, and slugs headings as GitHub does", () => {
  const md =
    '# The `gradlab` command\n## Install it and pick "TypeScript (gradlab)"\n## A\n## A\n' +
    "[x](a.md#b) ![p](images/p.png) `[not](this.md)`\n```ts\n[nor](that.md)\n```\n";
  assert.deepEqual(linkTargets(md), ["a.md#b", "images/p.png"]);
  assert.deepEqual(
    [...anchors(md)],
    ["the-gradlab-command", "install-it-and-pick-typescript-gradlab", "a", "a-1"],
  );
});

for (const page of pages) {
  describe(page, () => {
    const text = readFileSync(join(root, page), "utf8");
    const targets = linkTargets(text).filter((t) => !/^[a-z][a-z+.-]*:/i.test(t)); // not http:, mailto:
    test("every relative link points to something that exists", () => {
      const broken: string[] = [];
      for (const target of targets) {
        const [path, anchor] = target.split("#") as [string, string | undefined];
        const file = path ? resolve(root, dirname(page), decodeURIComponent(path)) : join(root, page);
        if (!file.startsWith(root + "/") && file !== root) broken.push(`${target} (outside the repository)`);
        else if (!existsSync(file)) broken.push(`${target} (no ${relative(root, file)})`);
        else if (anchor !== undefined && file.endsWith(".md")) {
          if (!anchors(readFileSync(file, "utf8")).has(anchor))
            broken.push(`${target} (no heading #${anchor} in ${relative(root, file)})`);
        }
      }
      assert.deepEqual(broken, [], `${page} has broken links:\n${broken.join("\n")}`);
    });
  });
}

test("README links every page under docs/", () => {
  const readme = linkTargets(readFileSync(join(root, "README.md"), "utf8"));
  const missing = pages.filter((p) => p !== "README.md" && !readme.includes(p));
  assert.deepEqual(missing, [], "README does not link these pages");
});
