// A node:test reporter that ends the run with one line per test folder: "suite test/lib/ops: 612 tests
// (612 passed)", so a folder whose tests silently stopped running shows up as a small number or 0.
// Used next to the usual reporter by `npm run test:unit`; it prints nothing until the run ends.
import { readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** Every folder under test/ that holds a *.test.ts file, so one that ran nothing is listed with 0. */
function testFolders() {
  return readdirSync("test", { recursive: true })
    .filter((f) => String(f).endsWith(".test.ts"))
    .map((f) => dirname(join("test", String(f))));
}

export default async function* suiteCount(source) {
  const suites = new Map(testFolders().map((f) => [f, { tests: 0, passed: 0, skipped: 0 }]));
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { data } = event;
    if (!data.file || data.details?.type === "suite") continue; // count tests, not describe() blocks
    if (data.nesting === 0 && data.name === data.file) continue; // a file that failed to load
    const folder = dirname(relative(process.cwd(), data.file));
    const counts = suites.get(folder) ?? { tests: 0, passed: 0, skipped: 0 };
    counts.tests++;
    if (event.type === "test:pass" && !data.skip && !data.todo) counts.passed++;
    if (data.skip || data.todo) counts.skipped++;
    suites.set(folder, counts);
  }
  for (const [folder, c] of [...suites].sort(([a], [b]) => a.localeCompare(b)))
    yield `suite ${folder}: ${c.tests} tests (${c.passed} passed${c.skipped ? `, ${c.skipped} skipped` : ""})\n`;
}
