// Datasets: anything with a length and a way to get sample i. TensorDataset holds whole tensors
// (inputs and targets, one row per sample) and hands out batches by copying rows — no autograd involved,
// data is not something we differentiate.
import { allocate } from "../dtype";
import { ShapeError, formatShape } from "../shape";
import { Tensor } from "../tensor";

/** A sample: an input and its target. */
export type Sample = [input: Tensor, target: Tensor];

/**
 * Anything with a length and a way to get sample i: what {@link DataLoader} and fit() walk through.
 * Write your own to load samples lazily, or to augment them on the fly.
 * @example
 * // noisy copies of a TensorDataset's samples, different each epoch
 * const noisy: data.Dataset = {
 *   length: train.length,
 *   get: (i) => {
 *     const [x, y] = train.get(i);
 *     return [x.add(randn(x.shape).mul(0.1)), y];
 *   },
 * };
 */
export interface Dataset {
  /** the number of samples */
  readonly length: number;
  /** sample i */
  get(i: number): Sample;
  /** the samples at `indices`, stacked into one batch (optional: the loader stacks get(i) otherwise) */
  batch?(indices: ArrayLike<number>): Sample;
}

/** The rows of `t` at `indices`, copied into a new tensor [indices.length, ...rest]. */
export function takeRows(t: Tensor, indices: ArrayLike<number>): Tensor {
  const rowSize = t.size / t.shape[0];
  const out = allocate(t.dtype, indices.length * rowSize);
  for (let i = 0; i < indices.length; i++) {
    const start = indices[i] * rowSize;
    out.set(t.data.subarray(start, start + rowSize), i * rowSize);
  }
  return new Tensor(out, [indices.length, ...t.shape.slice(1)]);
}

/** Tensors of one shape stacked along a new first dim (copies; no gradient). */
export function stackRows(rows: Tensor[]): Tensor {
  const first = rows[0];
  const out = allocate(first.dtype, rows.length * first.size);
  rows.forEach((r, i) => {
    if (r.size !== first.size)
      throw new ShapeError(
        `stackRows: sample ${i} is ${formatShape(r.shape)}, sample 0 is ${formatShape(first.shape)}`,
      );
    out.set(r.data, i * first.size);
  });
  return new Tensor(out, [rows.length, ...first.shape]);
}

/**
 * Inputs and targets as two tensors whose first dims are the samples: inputs shape [N, ...] and targets
 * shape [N, ...] with the same N. Sample i is row i of each.
 * @example
 * const ds = new data.TensorDataset(randn([100, 2]), zeros([100], { dtype: "int32" }));
 * ds.length;             // 100
 * ds.get(0)[0].shape;    // [2]
 * ds.subset(10).length;  // 10
 */
export class TensorDataset implements Dataset {
  constructor(
    /** the inputs, one row per sample: shape [N, ...] */
    readonly inputs: Tensor,
    /** the targets, one row per sample: shape [N, ...], often class labels [N] int32 */
    readonly targets: Tensor,
  ) {
    if (inputs.shape[0] !== targets.shape[0])
      throw new ShapeError(
        `TensorDataset: inputs ${formatShape(inputs.shape)} and targets ${formatShape(targets.shape)} ` +
          `must have the same number of samples (first dim)`,
      );
  }

  /** The number of samples N. */
  get length(): number {
    return this.inputs.shape[0];
  }

  /** Sample i: its input and target, without the sample dim. */
  get(i: number): Sample {
    const [x, y] = this.batch([i]);
    return [new Tensor(x.data, x.shape.slice(1)), new Tensor(y.data, y.shape.slice(1))];
  }

  /** The samples at `indices` as one batch: inputs [indices.length, ...] and targets likewise (copies). */
  batch(indices: ArrayLike<number>): Sample {
    return [takeRows(this.inputs, indices), takeRows(this.targets, indices)];
  }

  /** The first `n` samples, or those at `indices`, as a new dataset. */
  subset(indices: number | ArrayLike<number>): TensorDataset {
    const picked =
      typeof indices === "number"
        ? Array.from({ length: Math.min(indices, this.length) }, (_, i) => i)
        : indices;
    return new TensorDataset(...this.batch(picked));
  }

  /** A one-line summary: the number of samples and the shapes and dtypes of inputs and targets. */
  toString(): string {
    return `TensorDataset(${this.length} samples: inputs ${formatShape(this.inputs.shape)} ${this.inputs.dtype}, targets ${formatShape(this.targets.shape)} ${this.targets.dtype})`;
  }
}
