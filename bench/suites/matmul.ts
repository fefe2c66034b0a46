// matmul N×N·N×N in GFLOP/s: gradlab's backends against a plain JS loop, tfjs (cpu, wasm) and PyTorch.
import { backendInfo, kernelsOf, setBackend } from "../../lib/backend";
import { budget, timeMs, uniform } from "../peers/measure";
import { plainMatmul } from "../peers/plain-js";
import { run, useTfjs } from "../peers/tfjs";
import { torchTimes } from "../peers/torch";
import type { BenchContext, Row, Suite } from "../row";

async function measure(ctx: BenchContext, sizes: number[]): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (n: number, impl: string, ms: number) =>
    rows.push({ suite: "matmul", case: String(n), impl, value: (2 * n ** 3) / ms / 1e6, unit: "GFLOP/s" });

  const time = (fn: () => unknown) => timeMs(fn, budget(ctx.quick));
  setBackend("gpu");
  ctx.log(`gradlab-gpu: ${JSON.stringify(backendInfo())}`);
  setBackend("reference");
  for (const n of sizes) {
    const a = uniform(n * n, 1);
    const b = uniform(n * n, 2);
    for (const impl of ["gpu", "reference"]) {
      const kernels = kernelsOf(impl);
      add(n, `gradlab-${impl}`, await time(() => kernels.matmul({ a, b, batch: 1, m: n, k: n, n })));
    }
    add(n, "plain-js", await time(() => plainMatmul(a, b, n, n, n)));
    for (const backend of ["cpu", "wasm"] as const) {
      const tf = await useTfjs(backend);
      const [ta, tb] = [tf.tensor2d(a, [n, n]), tf.tensor2d(b, [n, n])];
      add(n, `tfjs-${backend}`, await time(() => run(() => tf.matMul(ta, tb))));
      tf.dispose([ta, tb]);
    }
  }
  const torch = torchTimes({ matmul: sizes }, ctx.log);
  if (torch) for (const n of sizes) add(n, "torch", torch.results[`matmul-${n}`]);
  return rows;
}

export const matmulSuite: Suite = {
  name: "matmul",
  run: (ctx) => measure(ctx, ctx.quick ? [128, 512] : [128, 256, 512, 1024]),
};
