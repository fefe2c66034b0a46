// The kernel against tslab's, in the same run: start-up to the first kernel_info_reply, start-up to the
// first cell's result (TypeScript loaded), and the round trip of a trivial cell on a warm kernel.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KernelClient } from "../../kernel/client";
import { kernelJson } from "../../kernel/kernelspec";
import { median, type BenchContext, type Row, type Suite } from "../row";

const impls: Record<string, () => string[]> = {
  gradlab: () => (kernelJson() as { argv: string[] }).argv,
  tslab: () => [
    process.execPath,
    require.resolve("tslab/bin/tslab"),
    "kernel",
    "--config-path",
    "{connection_file}",
  ],
};

interface Timings {
  kernelInfo: number;
  firstCell: number;
  roundTrips: number[];
}

async function measure(argv: string[], cells: number): Promise<Timings> {
  // A folder of its own, so neither kernel finds a project (tslab looks for a local install from its cwd).
  const cwd = mkdtempSync(join(tmpdir(), "gradlab-bench-kernel-"));
  const t0 = performance.now();
  const kernel = await KernelClient.start(argv, { cwd });
  const kernelInfo = kernel.firstKernelInfoReply! - t0;
  try {
    await kernel.execute("1 + 1");
    const firstCell = performance.now() - t0;
    const roundTrips: number[] = [];
    for (let i = 0; i < cells; i++) {
      const t = performance.now();
      const { reply } = await kernel.execute("1 + 1");
      if (reply.content.status !== "ok")
        throw new Error(`a trivial cell failed: ${JSON.stringify(reply.content)}`);
      roundTrips.push(performance.now() - t);
    }
    return { kernelInfo, firstCell, roundTrips };
  } finally {
    await kernel.close();
  }
}

export const kernelSuite: Suite = {
  name: "kernel",
  async run(ctx: BenchContext): Promise<Row[]> {
    const starts = ctx.quick ? 1 : 3;
    const cells = ctx.quick ? 10 : 30;
    const rows: Row[] = [];
    for (const [impl, argv] of Object.entries(impls)) {
      const runs: Timings[] = [];
      for (let i = 0; i < starts; i++) runs.push(await measure(argv(), cells));
      const row = (name: string, value: number) =>
        rows.push({ suite: "kernel", case: name, impl, value, unit: "ms" });
      row("start-up to kernel_info_reply", median(runs.map((r) => r.kernelInfo)));
      row("start-up to first cell result", median(runs.map((r) => r.firstCell)));
      row("trivial cell round trip", median(runs.flatMap((r) => r.roundTrips)));
      ctx.log(`kernel: ${impl} measured`);
    }
    return rows;
  },
};
