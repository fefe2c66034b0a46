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

export interface BatchNormLayerOptions {
  eps?: number;
  /** how far each batch moves the running statistics (default 0.1) */
  momentum?: number;
  /** learn γ and β (default true) */
  affine?: boolean;
}

abstract class BatchNorm extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  runningMean!: Tensor;
  runningVar!: Tensor;
  readonly eps: number;
  readonly momentum: number;

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true }: BatchNormLayerOptions = {},
  ) {
    super();
    this.eps = eps;
    this.momentum = momentum;
    this.weight = affine ? filled([numFeatures], 1) : null;
    this.bias = affine ? filled([numFeatures], 0) : null;
    this.registerBuffer("runningMean", zeros([numFeatures]));
    this.registerBuffer("runningVar", filled([numFeatures], 1).detach());
  }

  /** the input ranks this layer accepts */
  protected abstract ranks: number[];

  forward(x: Tensor): Tensor {
    if (!this.ranks.includes(x.ndim))
      throw new ShapeError(
        `${this.constructor.name}: input ${formatShape(x.shape)} should have ${this.ranks.join(" or ")} dims (channels in dim 1)`,
      );
    return batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, {
      training: this.training,
      momentum: this.momentum,
      eps: this.eps,
    });
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
