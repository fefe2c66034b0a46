// `npm run bench [-- --quick] [-- --json FILE] [-- --only a,b]`: every suite, every peer, in one run, as
// ratio tables, then a ✓/✗ line per target.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { table } from "./report";
import type { Row, Suite } from "./row";
import { conv2dSuite } from "./suites/conv2d";
import { peakSuite } from "./suites/peak";
import { targets } from "./targets";
import { widgetsSuite } from "./suites/widgets";
import { graphSuite } from "./suites/graph";
import { kernelSuite } from "./suites/kernel";
import { matmulSuite } from "./suites/matmul";
import { trainSuite } from "./suites/train";
import { browserSuite } from "./suites/browser";
import { gradlabThreads } from "./threads";

/** Suites in the order they print; each file in suites/ adds one. */
const suites: Suite[] = [
  peakSuite,
  matmulSuite,
  conv2dSuite,
  trainSuite,
  graphSuite,
  kernelSuite,
  widgetsSuite,
  browserSuite,
];

/** Ratios in each table are against this implementation when it is measured, else the table's first. */
const baselines = ["gradlab-reference", "tslab"];

async function main() {
  const { values } = parseArgs({
    options: { quick: { type: "boolean" }, json: { type: "string" }, only: { type: "string" } },
  });
  const only = values.only?.split(",");
  const ctx = { quick: values.quick ?? false, log: (line: string) => console.error(line) };
  const rows: Row[] = [];
  const failed: string[] = [];
  for (const suite of suites) {
    if (only && !only.includes(suite.name)) continue;
    // one suite failing (a peer missing, say) must not cost the others' measurements
    const suiteRows = await suite.run(ctx).catch((err: unknown) => {
      console.error(`suite ${suite.name} failed:`, err);
      failed.push(suite.name);
      return [] as Row[];
    });
    rows.push(...suiteRows);
    const baseline = baselines.find((b) => suiteRows.some((r) => r.impl === b)) ?? suiteRows[0]?.impl;
    console.log(`\n## ${suite.name} (ratios: × better than ${baseline})\n`);
    console.log(table(suiteRows, baseline));
  }
  // a line per target of issue 13 (NaN, "n/a", when a suite did not run: ✗)
  console.log(`\n## targets (gradlab uses ${gradlabThreads()} thread(s))\n`);
  for (const line of targets(rows)) console.log(line);
  // JSON has no NaN: "n/a" (an implementation lacking the kernel) is written as null
  if (values.json) writeFileSync(values.json, JSON.stringify({ rows }, null, 2) + "\n");
  if (failed.length) throw new Error(`suites failed: ${failed.join(", ")}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
