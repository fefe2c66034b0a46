// DataLoader: walks a dataset in batches, once per epoch (`for (const [x, y] of loader)`), reshuffling
// each time it starts if asked to. Shuffles come from the global seeded generator: after manualSeed(n)
// every epoch's order is reproducible.
import { permutation } from "../random";
import { type Dataset, type Sample, stackRows } from "./dataset";

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** samples per batch (default 32); the last batch may be smaller unless `dropLast` */
  batchSize?: number;
  /** a fresh random order every epoch (use it for training; not needed to evaluate; default false) */
  shuffle?: boolean;
  /** skip the last batch if it would be smaller than batchSize (default false) */
  dropLast?: boolean;
}

/**
 * Walks a dataset in batches, once per iteration: each batch is `[x, y]` with the samples stacked
 * along a new first dim (inputs [B, ...], targets [B, ...], B = batchSize, or fewer in the last batch).
 * With `shuffle`, each `for…of` starts a fresh random order (reproducible after manualSeed).
 * @example
 * const { train } = data.mnist();
 * const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
 * loader.length; // 125 batches per epoch
 * for (const [x, y] of loader) {
 *   // x: [64, 1, 28, 28] float32, y: [64] int32
 * }
 */
export class DataLoader implements Iterable<Sample> {
  /** samples per batch */
  readonly batchSize: number;
  /** whether each epoch has a fresh random order */
  readonly shuffle: boolean;
  /** whether a smaller last batch is skipped */
  readonly dropLast: boolean;

  constructor(
    /** the samples to walk through */
    readonly dataset: Dataset,
    { batchSize = 32, shuffle = false, dropLast = false }: DataLoaderOptions = {},
  ) {
    if (!(batchSize >= 1)) throw new RangeError(`DataLoader: batchSize must be ≥ 1, got ${batchSize}`);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** The sample indices of one epoch, batch by batch. */
  batchIndices(): Int32Array[] {
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
    return Array.from({ length: this.length }, (_, b) =>
      order.subarray(b * this.batchSize, (b + 1) * this.batchSize),
    );
  }

  /** One epoch of batches `[x, y]`, in a fresh order when `shuffle` is on. */
  *[Symbol.iterator](): Iterator<Sample> {
    for (const indices of this.batchIndices()) yield this.collate(indices);
  }

  private collate(indices: Int32Array): Sample {
    if (this.dataset.batch) return this.dataset.batch(indices);
    const samples = Array.from(indices, (i) => this.dataset.get(i));
    return [stackRows(samples.map((s) => s[0])), stackRows(samples.map((s) => s[1]))];
  }

  toString(): string {
    return `DataLoader(${this.dataset.length} samples, batchSize=${this.batchSize}, shuffle=${this.shuffle}, dropLast=${this.dropLast}: ${this.length} batches)`;
  }
}
