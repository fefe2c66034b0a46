// A per-batch curve that stays small however long training runs: it keeps every `stride`-th batch and,
// whenever it holds twice its budget, drops every other point and doubles the stride. So 10,000 batches
// keep between `budget` and 2 × `budget` evenly spaced points, and a skipped batch costs nothing.
// Beside the raw values it keeps an exponential moving average over every batch (the smoothed curve).

export class Series {
  readonly x: number[] = [];
  readonly raw: number[] = [];
  readonly smooth: number[] = [];
  private stride = 1;
  private mean = 0;
  private count = 0;

  /** `smoothing`: how much of the average each new value keeps (0: none, 0.9: heavy) */
  constructor(
    private readonly budget: number,
    private readonly smoothing: number,
  ) {}

  /** Whether batch `step` will be kept: a caller can skip measuring batches that would be dropped. */
  keeps(step: number): boolean {
    return step % this.stride === 0;
  }

  /** Adds batch `step` (0, 1, 2, …) at position x with its value. */
  push(step: number, x: number, value: number): void {
    if (Number.isFinite(value)) {
      this.mean = this.smoothing * this.mean + (1 - this.smoothing) * value;
      this.count++;
    }
    // divided by 1 − sᵗ (as Adam's moments are), so the first points are not pulled towards 0
    const smoothed = this.count ? this.mean / (1 - this.smoothing ** this.count) : NaN;
    if (!this.keeps(step)) return;
    this.x.push(x);
    this.raw.push(value);
    this.smooth.push(smoothed);
    if (this.x.length >= 2 * this.budget) this.thin();
  }

  private thin(): void {
    for (const values of [this.x, this.raw, this.smooth]) {
      const kept = values.filter((_, i) => i % 2 === 0);
      values.splice(0, values.length, ...kept);
    }
    this.stride *= 2;
  }
}
