// One measurement, the unit of every benchmark: `npm run bench -- --json FILE` writes these.
export interface Row {
  suite: string;
  case: string;
  impl: string;
  /** NaN when the implementation lacks the kernel ("n/a" in the table) */
  value: number;
  unit: string;
}

export interface BenchContext {
  /** `--quick`: a subset that runs in about two minutes (2 min 12 s on the 2-core development VM) */
  quick: boolean;
  log(line: string): void;
}

/** A benchmark suite: measures every implementation of its cases in the same run. */
export interface Suite {
  name: string;
  run(ctx: BenchContext): Promise<Row[]>;
}

/** The middle value (the upper one of an even count); `xs` is left as it is. */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time in ms of `fn` over `repeats` runs after `warmup` untimed runs. */
export async function medianMs(fn: () => unknown, repeats = 5, warmup = 1): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}
