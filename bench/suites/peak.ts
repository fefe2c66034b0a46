// What this machine can do in WebAssembly: a register-only SIMD multiply-add loop (acc = acc·m + c on
// 12 independent f32x4 registers, nothing loaded or stored) on all the threads gradlab uses, and on one.
// Every kernel's GFLOP/s can be read as a fraction of `wasm-peak`; the targets in main.ts do.
import { createGpuBackend } from "../../lib/backend/gpu";
import { backendOf } from "../../lib/backend/registry";
import type { BenchContext, Row, Suite } from "../row";
import { gradlabThreads } from "../threads";
import { median } from "../row";

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

export const peakSuite: Suite = { name: "peak", run: measure };
