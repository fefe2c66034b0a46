// conv2d forward, input gradient and weight gradient in ms, batch 64, 3×3 "same":
//   (a) 28×28×1 → 32, the first conv of the MNIST CNN;  (b) 14×14×32 → 64, its second.
// PyTorch runs on gradlab's thread count (`torch`) and on one (`torch-1t`); gradlab-gpu on one too
// (`gradlab-gpu-1t`). Scaling: (b) at batch 1 → 256 in GFLOP/s (cases `b-N16-forward` …), gradlab-gpu
// and PyTorch. Also estimates one MNIST-CNN training step from gradlab-gpu's kernel times. gradlab's
// results go back to the storage pool after each run (pooled in ../peers/measure.ts), as in training.
import { kernelsOf } from "../../lib/backend";
import { createGpuBackend } from "../../lib/backend/gpu";
import type { Conv2dGeometry, Kernels, Pool2dGeometry } from "../../lib/backend/kernels";
import { budget, pooled, timeMs, timeOrNaN, uniform } from "../peers/measure";
import { tfjsConv, useTfjs, type ConvShape } from "../peers/tfjs";
import { torchTimes } from "../peers/torch";
import type { BenchContext, Row, Suite } from "../row";
import { peakFraction } from "./peak";
import { torchRows } from "../threads";

const cases: Record<string, ConvShape> = {
  a: { n: 64, h: 28, w: 28, c: 1, o: 32, k: 3 },
  b: { n: 64, h: 14, w: 14, c: 32, o: 64, k: 3 },
};
const passes = ["forward", "dinput", "dweight"] as const;

/** Multiply-adds ×2 of one pass (each pass is the same count): the convolution's, not im2col's. */
export const convFlops = (s: ConvShape): number => 2 * s.n * s.o * s.h * s.w * s.c * s.k * s.k;
/** Batches of the scaling rows (case b at each). */
const scalingBatches = (quick: boolean) => (quick ? [1, 16, 256] : [1, 4, 16, 64, 256]);

function geometry(s: ConvShape): Conv2dGeometry {
  const pad = (s.k - 1) / 2;
  return {
    xShape: [s.n, s.c, s.h, s.w],
    wShape: [s.o, s.c, s.k, s.k],
    stride: [1, 1],
    padding: [pad, pad, pad, pad],
    dilation: [1, 1],
    groups: 1,
  };
}

function gradlabConv(kernels: Kernels, s: ConvShape) {
  const g = geometry(s);
  const x = uniform(s.n * s.c * s.h * s.w, 1);
  const w = uniform(s.o * s.c * s.k * s.k, 2);
  const bias = uniform(s.o, 3);
  const dy = uniform(s.n * s.o * s.h * s.w, 4);
  return {
    forward: pooled(() => kernels.conv2d(x, w, bias, g)),
    dinput: pooled(() => kernels.conv2dInputGrad(dy, w, g)),
    dweight: pooled(() => kernels.conv2dWeightGrad(x, dy, g)),
  };
}

async function measure(ctx: BenchContext): Promise<Row[]> {
  const rows: Row[] = [];
  const add = (name: string, pass: string, impl: string, value: number) =>
    rows.push({ suite: "conv2d", case: `${name}-${pass}`, impl, value, unit: "ms" });
  // --quick: the slow implementations (reference loops, tfjs-cpu's 25 s weight gradient) only on (a)
  const slowToo = (name: string) => !ctx.quick || name === "a";
  const time = (fn: () => unknown) => timeMs(fn, budget(ctx.quick));

  // (b)'s passes as fractions of wasm-peak, each round paired with its own peak (the targets read these),
  // first: before any peer has run (tfjs-wasm's threads may still spin after it)
  const b = gradlabConv(kernelsOf("gpu"), cases.b);
  for (const pass of passes) {
    const { fraction } = await peakFraction(convFlops(cases.b), b[pass], ctx.quick ? 3 : 11);
    rows.push({
      suite: "conv2d",
      case: `b-${pass}`,
      impl: "gradlab-gpu",
      value: fraction,
      unit: "× wasm-peak",
    });
  }
  const oneThread = createGpuBackend("webasm", { threads: 1 });
  for (const [name, s] of Object.entries(cases)) {
    for (const impl of ["gpu", "gpu-1t", "reference"]) {
      if (impl === "reference" && !slowToo(name)) continue;
      const conv = gradlabConv(impl === "gpu-1t" ? oneThread.kernels : kernelsOf(impl), s);
      for (const pass of passes) add(name, pass, `gradlab-${impl}`, await time(conv[pass]));
    }
    for (const backend of ["cpu", "wasm"] as const) {
      if (backend === "cpu" && !slowToo(name)) continue;
      await useTfjs(backend);
      const conv = tfjsConv(s);
      for (const pass of passes)
        add(
          name,
          pass,
          `tfjs-${backend}`,
          await timeOrNaN(conv[pass], ctx.log, `tfjs-${backend} ${name}-${pass}`, budget(ctx.quick)),
        );
      conv.dispose();
    }
  }
  oneThread.destroy?.();
  // scaling: case (b) from batch 1 to 256, in GFLOP/s
  const scaled = scalingBatches(ctx.quick).map((n) => ({ ...cases.b, n, name: `b-N${n}` }));
  const addRate = (s: ConvShape & { name: string }, pass: string, impl: string, ms: number) =>
    rows.push({
      suite: "conv2d",
      case: `${s.name}-${pass}`,
      impl,
      value: convFlops(s) / ms / 1e6,
      unit: "GFLOP/s",
    });
  for (const s of scaled) {
    const conv = gradlabConv(kernelsOf("gpu"), s);
    for (const pass of passes) addRate(s, pass, "gradlab-gpu", await time(conv[pass]));
  }
  const torchCases = [...Object.entries(cases).map(([name, s]) => ({ name, ...s })), ...scaled];
  for (const [impl, threads] of torchRows()) {
    const torch = torchTimes({ conv: torchCases }, ctx.log, threads);
    if (!torch) continue;
    for (const name of Object.keys(cases))
      for (const pass of passes) add(name, pass, impl, torch.results[`${name}-${pass}`]);
    for (const s of scaled)
      for (const pass of passes) addRate(s, pass, impl, torch.results[`${s.name}-${pass}`]);
  }

  await logTrainingEstimate(ctx, rows);
  return rows;
}

/**
 * One MNIST-CNN step (conv32-pool-conv64-pool-dense128-dense10, batch 64) costs about: conv (a)
 * forward + weight gradient (no input gradient for the first layer), conv (b) all three, both pools
 * forward and backward, and the dense layers' three matmuls each. Elementwise ops are left out.
 */
async function logTrainingEstimate(ctx: BenchContext, rows: Row[]): Promise<void> {
  const at = (c: string) => rows.find((r) => r.impl === "gradlab-gpu" && r.case === c)?.value ?? NaN;
  const kernels = kernelsOf("gpu");
  let ms = at("a-forward") + at("a-dweight") + at("b-forward") + at("b-dinput") + at("b-dweight");
  for (const [c, hw] of [
    [32, 28],
    [64, 14],
  ]) {
    const g: Pool2dGeometry = { xShape: [64, c, hw, hw], kernel: [2, 2], stride: [2, 2], padding: [0, 0] };
    const x = uniform(64 * c * hw * hw);
    const { y, argmax } = kernels.maxPool2d(x, g);
    ms += await timeMs(() => kernels.maxPool2d(x, g));
    ms += await timeMs(() => kernels.maxPool2dGrad(y, argmax, g));
  }
  for (const [k, n] of [
    [3136, 128],
    [128, 10],
  ]) {
    const x = uniform(64 * k);
    const w = uniform(k * n);
    const dy = uniform(64 * n);
    ms += await timeMs(() => kernels.matmul({ a: x, b: w, batch: 1, m: 64, k, n }));
    ms += await timeMs(() => kernels.matmul({ a: dy, b: w, batch: 1, m: 64, k: n, n: k, transB: true }));
    ms += await timeMs(() => kernels.matmul({ a: x, b: dy, batch: 1, m: k, k: 64, n, transA: true }));
  }
  ctx.log(
    `gradlab-gpu: one MNIST-CNN training step (batch 64) ≈ ${ms.toFixed(0)} ms of kernels ≈ ${((64 / ms) * 1000).toFixed(0)} samples/s`,
  );
}

export const conv2dSuite: Suite = { name: "conv2d", run: measure };
