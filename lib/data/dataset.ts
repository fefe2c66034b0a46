// Datasets: anything with a length and a way to get sample i. TensorDataset holds whole tensors
// (inputs and targets, one row per sample) and hands out batches by copying rows — no autograd involved,
// data is not something we differentiate.
import { allocate } from "../dtype";
import { ShapeError, formatShape } from "../shape";
import { Tensor } from "../tensor";

/** A sample: an input and its target. */
export type Sample = [input: Tensor, target: Tensor];

export interface Dataset {
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

/** Inputs and targets as two tensors whose first dims are the samples. */
export class TensorDataset implements Dataset {
  constructor(
    readonly inputs: Tensor,
    readonly targets: Tensor,
  ) {
    if (inputs.shape[0] !== targets.shape[0])
      throw new ShapeError(
        `TensorDataset: inputs ${formatShape(inputs.shape)} and targets ${formatShape(targets.shape)} ` +
          `must have the same number of samples (first dim)`,
      );
  }

  get length(): number {
    return this.inputs.shape[0];
  }

  get(i: number): Sample {
    const [x, y] = this.batch([i]);
    return [new Tensor(x.data, x.shape.slice(1)), new Tensor(y.data, y.shape.slice(1))];
  }

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

  toString(): string {
    return `TensorDataset(${this.length} samples: inputs ${formatShape(this.inputs.shape)} ${this.inputs.dtype}, targets ${formatShape(this.targets.shape)} ${this.targets.dtype})`;
  }
}
