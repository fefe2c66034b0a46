// Batch normalisation layers: each channel normalised to mean 0, variance 1 over the batch, then scaled
// by a learned γ (weight) and shifted by a learned β (bias). While training they use the batch's
// statistics and keep running averages of them; in eval() they use the running averages, so a single
// sample gives the same answer whatever batch it comes in.
import { zeros } from "../creation";
import { ShapeError, formatShape } from "../shape";
import { batchNorm } from "../ops/normalization";
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { filled } from "./parameter";

/** Options of {@link BatchNorm1d} and {@link BatchNorm2d}. */
export interface BatchNormLayerOptions {
  /** added to the variance before the square root (default 1e-5) */
  eps?: number;
  /** how far each batch moves the running statistics (default 0.1) */
  momentum?: number;
  /** learn γ and β (default true) */
  affine?: boolean;
}

// The buffers keep PyTorch's names (running_mean, running_var, num_batches_tracked), snake_case and all:
// a state dict's keys are the properties' names, so a file saved here loads into the PyTorch model
// with load_state_dict(strict=True), and a PyTorch file loads here, with no renaming table in between.
abstract class BatchNorm extends Module {
  /** γ [C], the learned scale (null without `affine`) */
  weight: Tensor | null;
  /** β [C], the learned shift (null without `affine`) */
  bias: Tensor | null;
  /** per channel: the running average of the batches' means (used in eval()) */
  running_mean!: Tensor;
  /** per channel: the running average of the batches' unbiased variances (used in eval()) */
  running_var!: Tensor;
  /** how many training batches have moved the running statistics (int32, shape []) */
  num_batches_tracked!: Tensor;
  /** added to the variance before the square root */
  readonly eps: number;
  /** how far each training batch moves the running statistics */
  readonly momentum: number;

  constructor(
    /** C, the number of channels (features) */
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true }: BatchNormLayerOptions = {},
  ) {
    super();
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? filled([numFeatures], 1) : null;
    this.bias = affine ? filled([numFeatures], 0) : null;
    this.registerBuffer("running_mean", zeros([numFeatures]));
    this.registerBuffer("running_var", filled([numFeatures], 1).detach());
    this.registerBuffer("num_batches_tracked", zeros([], { dtype: "int32" }));
  }

  /** the input ranks this layer accepts */
  protected abstract ranks: number[];

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim))
      throw new ShapeError(
        `${this.constructor.name}: input ${formatShape(x.shape)} should have ${this.ranks.join(" or ")} dims (channels in dim 1)`,
      );
    const y = batchNorm(x, this.running_mean, this.running_var, this.weight, this.bias, {
      training: this.training,
      momentum: this.momentum,
      eps: this.eps,
    });
    if (this.training) this.num_batches_tracked.data[0] += 1;
    return y;
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null}`;
  }
}

/** Over [N, C] features (after a Linear layer), or [N, C, L]. */
export class BatchNorm1d extends BatchNorm {
  protected ranks = [2, 3];
}

/** Over [N, C, H, W] images, per channel (after a Conv2d layer). */
export class BatchNorm2d extends BatchNorm {
  protected ranks = [4];
}
