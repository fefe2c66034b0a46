// The kernel against tslab's, in the same run: start-up to the first kernel_info_reply, start-up to the
// first cell's result (TypeScript loaded), and the round trip of a trivial cell on a warm kernel; for ours,
// the resident memory after the first cell and after a long session of small cells (once idle).
import { mkdtempSync, readFileSync } from "node:fs";
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

/** A process's resident memory in MB (Linux). */
function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** A small cell whose variables go out of scope: what a long session is made of. */
const smallCell = (i: number) =>
  `(() => { const t = tensor([${i}, 2, 3]); const xs = Array.from({ length: 200 }, (_, j) => j * ${i}); ` +
  `return t.sum().item() + xs.length; })()`;

/** Resident memory after the first cell, and after `cells` small cells and 3 s of idleness. */
async function memory(argv: string[], cells: number): Promise<{ start: number; after: number }> {
  const kernel = await KernelClient.start(argv, { cwd: mkdtempSync(join(tmpdir(), "gradlab-bench-rss-")) });
  try {
    await kernel.execute('import { tensor } from "gradlab";\n1 + 1');
    const start = rssMB(kernel.process.pid!);
    for (let i = 0; i < cells; i++) await kernel.execute(smallCell(i));
    await new Promise((r) => setTimeout(r, 3000));
    return { start, after: rssMB(kernel.process.pid!) };
  } finally {
    await kernel.close();
  }
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
      if (process.platform === "linux" && impl === "gradlab") {
        // tslab's kernel does not resolve "gradlab" from a bare folder, so only ours runs the tensor cells.
        const longSession = ctx.quick ? 200 : 1200;
        const { start, after } = await memory(argv(), longSession);
        rows.push({
          suite: "kernel",
          case: "resident memory after the first cell",
          impl,
          value: start,
          unit: "MB",
        });
        rows.push({
          suite: "kernel",
          case: `resident memory after ${longSession} small cells`,
          impl,
          value: after,
          unit: "MB",
        });
      }
      ctx.log(`kernel: ${impl} measured`);
    }
    return rows;
  },
};
