// `npm run bench [-- --quick] [-- --json FILE]`: every suite, every peer, in one run, as ratio tables.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { table } from "./report";
import type { Row, Suite } from "./row";
import { conv2dSuite } from "./suites/conv2d";
import { widgetsSuite } from "./suites/widgets";
import { kernelSuite } from "./suites/kernel";
import { matmulSuite } from "./suites/matmul";
import { trainSuite } from "./suites/train";

/** Suites in the order they print; each file in suites/ adds one. */
const suites: Suite[] = [matmulSuite, conv2dSuite, trainSuite, kernelSuite, widgetsSuite];

/** Ratios in each table are against this implementation when it is measured, else the table's first. */
const baselines = ["gradlab-reference", "tslab"];

async function main() {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, json: { type: "string" } } });
  const ctx = { quick: values.quick ?? false, log: (line: string) => console.error(line) };
  const rows: Row[] = [];
  const failed: string[] = [];
  for (const suite of suites) {
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
