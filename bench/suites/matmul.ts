// matmul N×N·N×N in GFLOP/s: gradlab's backends against a plain JS loop, tfjs (cpu, wasm) and PyTorch
// (on gradlab's thread count, `torch`, and on one, `torch-1t`). gradlab-gpu also runs from 64 to 2048
// (how its speed grows with the work) and on one thread (`gradlab-gpu-1t`: the parallel efficiency).
// gradlab's products go back to the storage pool after each run (pooled in ../peers/measure.ts).
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { createGpuBackend } from "../../lib/backend/gpu";
import { budget, pooled, timeMs, uniform } from "../peers/measure";
import { plainMatmul } from "../peers/plain-js";
import { run, useTfjs } from "../peers/tfjs";
import { torchTimes } from "../peers/torch";
import type { BenchContext, Row, Suite } from "../row";
import { torchRows } from "../threads";
import { peakFraction } from "./peak";

/** Sizes every implementation runs, and the scaling sizes only the fast ones run. */
const sizes = (quick: boolean) => ({
  peers: quick ? [128, 512] : [128, 256, 512, 1024],
  scaling: quick ? [64, 128, 512, 1024] : [64, 128, 256, 512, 1024, 2048],
});

async function measure(ctx: BenchContext): Promise<Row[]> {
  const { peers, scaling } = sizes(ctx.quick);
  const rows: Row[] = [];
  const add = (n: number, impl: string, ms: number) =>
    rows.push({ suite: "matmul", case: String(n), impl, value: (2 * n ** 3) / ms / 1e6, unit: "GFLOP/s" });

  const time = (fn: () => unknown) => timeMs(fn, budget(ctx.quick));
  setBackend("gpu");
  ctx.log(`gradlab-gpu: ${JSON.stringify(backendInfo())}`);
  setBackend("reference");
  // matmul 512 as a fraction of wasm-peak, each round paired with its own peak (the target reads this),
  // first: before any peer has run
  const [a512, b512] = [uniform(512 * 512, 1), uniform(512 * 512, 2)];
  const product = pooled(() =>
    kernelsOf("gpu").matmul({ a: a512, b: b512, batch: 1, m: 512, k: 512, n: 512 }),
  );
  const { fraction } = await peakFraction(2 * 512 ** 3, product, ctx.quick ? 3 : 11);
  rows.push({ suite: "matmul", case: "512", impl: "gradlab-gpu", value: fraction, unit: "× wasm-peak" });
  const oneThread = createGpuBackend("webasm", { threads: 1 });
  for (const n of [...new Set([...scaling, ...peers])].sort((a, b) => a - b)) {
    const a = uniform(n * n, 1);
    const b = uniform(n * n, 2);
    const args = { a, b, batch: 1, m: n, k: n, n };
    add(n, "gradlab-gpu", await time(pooled(() => kernelsOf("gpu").matmul(args))));
    add(n, "gradlab-gpu-1t", await time(pooled(() => oneThread.kernels.matmul(args))));
    if (!peers.includes(n)) continue;
    add(n, "gradlab-reference", await time(pooled(() => kernelsOf("reference").matmul(args))));
    add(n, "plain-js", await time(() => plainMatmul(a, b, n, n, n)));
    for (const backend of ["cpu", "wasm"] as const) {
      const tf = await useTfjs(backend);
      const [ta, tb] = [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])];
      add(n, `tfjs-${backend}`, await time(() => run(() => tf.matMul(ta, tb))));
      tf.dispose([ta, tb]);
    }
  }
  oneThread.destroy?.();
  const all = [...new Set([...scaling, ...peers])];
  for (const [impl, threads] of torchRows()) {
    const torch = torchTimes({ matmul: all }, ctx.log, threads);
    if (torch) for (const n of all) add(n, impl, torch.results[`matmul-${n}`]);
  }
  return rows;
}

export const matmulSuite: Suite = { name: "matmul", run: measure };
