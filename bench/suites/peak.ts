// What this machine can do in WebAssembly: a register-only SIMD multiply-add loop (acc = acc·m + c on
// 12 independent f32x4 registers, nothing loaded or stored) on all the threads gradlab uses, and on one.
// Every kernel's GFLOP/s can be read as a fraction of `wasm-peak`; the targets (targets.ts) read the
// fractions that peakFraction measures, each kernel paired with a peak measured just before it.
import { createGpuBackend } from "../../lib/backend/gpu";
import { backendOf } from "../../lib/backend/registry";
import type { BenchContext, Row, Suite } from "../row";
import { gradlabThreads } from "../threads";
import { median, medianMs } from "../row";

async function measure(ctx: BenchContext): Promise<Row[]> {
  const threads = gradlabThreads();
  const all = backendOf("gpu");
  const one = createGpuBackend("webasm", { threads: 1 });
  const rounds = ctx.quick ? 3 : 7;
  // interleaved, median of several: the machine may be shared
  const [many, single]: number[][] = [[], []];
  for (let i = 0; i < rounds; i++) {
    many.push(all.peak?.(150) ?? NaN);
    single.push(one.peak?.(150) ?? NaN);
  }
  one.destroy?.();
  ctx.log(
    `wasm-peak: ${threads} thread(s) ${many.map((v) => v.toFixed(1)).join(", ")}; 1 thread ${single.map((v) => v.toFixed(1)).join(", ")}`,
  );
  const row = (c: string, value: number): Row => ({
    suite: "peak",
    case: c,
    impl: "wasm-peak",
    value,
    unit: "GFLOP/s",
  });
  return [row("wasm-simd", median(many)), row("wasm-simd-1t", median(single))];
}

/**
 * `fn`'s GFLOP/s (`flops` per call) as a fraction of wasm-peak, measured so that a shared machine's busy
 * minutes do not decide it: `rounds` times, the peak loop (150 ms) and then `fn` (median of 7 runs) back to
 * back, and the median of the rounds' ratios. Measured minutes apart, as separate rows, the two drifted by
 * up to 15% on the development machine (the peak read 57–68 GFLOP/s in runs an hour apart).
 */
export async function peakFraction(
  flops: number,
  fn: () => unknown,
  rounds: number,
): Promise<{ fraction: number; gflops: number; peak: number }> {
  const peakOf = backendOf("gpu").peak;
  const [fractions, rates, peaks]: number[][] = [[], [], []];
  for (let r = 0; r < rounds; r++) {
    const peak = peakOf?.(150) ?? NaN;
    const gflops = flops / (await medianMs(fn, 7, 2)) / 1e6;
    fractions.push(gflops / peak);
    rates.push(gflops);
    peaks.push(peak);
  }
  return { fraction: median(fractions), gflops: median(rates), peak: median(peaks) };
}

export const peakSuite: Suite = { name: "peak", run: measure };
