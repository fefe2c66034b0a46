// The targets of issues 13 (the CNN step) and 11 (graph mode), checked on the rows of one run: a line each,
// ✓ or ✗, with the numbers.
import type { Row } from "./row";
import { convFlops } from "./suites/conv2d";

const B = { n: 64, h: 14, w: 14, c: 32, o: 64, k: 3 };

export function targets(rows: Row[]): string[] {
  const at = (suite: string, c: string, impl: string, unit: string) =>
    rows.find((r) => r.suite === suite && r.case === c && r.impl === impl && r.unit === unit)?.value ?? NaN;
  const peak = at("peak", "wasm-simd", "wasm-peak", "GFLOP/s");
  const lines: string[] = [];
  const check = (ok: boolean, text: string) => lines.push(`${ok ? "✓" : "✗"} ${text}`);
  const fmt = (v: number, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");

  const cnn = at("train", "mnist-cnn", "gradlab-gpu", "samples/s");
  check(cnn >= 1000, `MNIST-CNN training ${fmt(cnn, 0)} samples/s (target ≥ 1000)`);
  for (const torch of ["torch", "torch-1t"]) {
    const t = at("train", "mnist-cnn", torch, "samples/s");
    check(cnn / t >= 1 / 3, `MNIST-CNN ${fmt(cnn / t)}× ${torch} (${fmt(t, 0)} samples/s; target ≥ 0.33×)`);
  }
  const acc = at("train", "mnist-cnn", "gradlab-gpu", "accuracy");
  check(acc >= 0.97, `MNIST-CNN test accuracy ${fmt(100 * acc, 1)}% (target ≥ 97%)`);
  // fractions of wasm-peak as peakFraction measures them (each round's kernel over the peak just before it);
  // the GFLOP/s of the suites' own rows and the peak suite's figure beside them, for the reader
  const mm = at("matmul", "512", "gradlab-gpu", "× wasm-peak");
  check(
    mm >= 0.75,
    `matmul 512 ${fmt(mm)}× wasm-peak, paired rounds (${fmt(at("matmul", "512", "gradlab-gpu", "GFLOP/s"), 1)} ` +
      `GFLOP/s in the matmul table, wasm-peak ${fmt(peak, 1)} in the peak table; target ≥ 0.75×)`,
  );
  for (const pass of ["forward", "dinput", "dweight"]) {
    const fraction = at("conv2d", `b-${pass}`, "gradlab-gpu", "× wasm-peak");
    const gflops = convFlops(B) / at("conv2d", `b-${pass}`, "gradlab-gpu", "ms") / 1e6;
    check(
      fraction >= 0.6,
      `conv2d (b) ${pass} ${fmt(fraction)}× wasm-peak, paired rounds (${fmt(gflops, 1)} GFLOP/s in the ` +
        `conv2d table; target ≥ 0.6×)`,
    );
  }
  const gc = at("train", "mnist-cnn", "gradlab-gpu", "GC ms/step");
  check(gc < 2, `MNIST-CNN step GC ${fmt(gc, 1)} ms/step (target < 2)`);
  const heap = at("train", "mnist-cnn", "gradlab-gpu", "heap MB/step");
  check(heap < 1, `MNIST-CNN step new heap ${fmt(heap)} MB/step (target < 1)`);
  for (const kind of ["mnist-mlp", "mnist-cnn"]) {
    const speed =
      at("graph", kind, "gradlab-graph", "samples/s") / at("graph", kind, "gradlab-eager", "samples/s");
    const want = kind === "mnist-mlp" ? 1.3 : 1;
    // the MLP's kernels alone, back to back: the ceiling of any runtime around them (bench/suites/graph.ts)
    const ceiling =
      kind === "mnist-mlp"
        ? `; the step's kernels alone ${fmt(at("graph", kind, "gradlab-kernels-only", "samples/s") / at("graph", kind, "gradlab-eager", "samples/s"))}×`
        : "";
    check(speed >= want, `graph mode ${kind} ${fmt(speed)}× eager samples/s (target ≥ ${want}×${ceiling})`);
    const alloc = (impl: string) => at("graph", `${kind} allocation`, impl, "allocator KiB/step");
    const less = alloc("gradlab-eager") / Math.max(alloc("gradlab-graph"), 1);
    check(
      less >= 5,
      `graph mode ${kind} allocates ${fmt(alloc("gradlab-graph"), 0)} KiB of new storage per step, ${fmt(less)}× ` +
        `less than eager's ${fmt(alloc("gradlab-eager"), 0)} (target ≥ 5×)`,
    );
  }
  return lines;
}
