// Losses as modules (PyTorch's nn.CrossEntropyLoss and friends): the options are fixed when the loss
// is made, then `loss.forward(prediction, target)` gives the number to minimise.
import {
  binaryCrossEntropy,
  bceWithLogits,
  crossEntropy,
  mseLoss,
  nllLoss,
  type BceOptions,
  type BceWithLogitsOptions,
  type CrossEntropyOptions,
  type LossOptions,
  type NllLossOptions,
} from "../ops/loss";
import type { Tensor } from "../tensor";
import { Module } from "./module";

/** A loss module: forward(input, target) calls `fn` with the options it was made with. */
abstract class Loss<Options extends LossOptions> extends Module {
  /** @param options the loss's options (reduction, weights…), used on every call */
  constructor(readonly options: Options = {} as Options) {
    super();
  }
  protected abstract fn(input: Tensor, target: Tensor, options: Options): Tensor;
  forward(input: Tensor, target: Tensor): Tensor {
    return this.fn(input, target, this.options);
  }
  override extraRepr(): string {
    return Object.entries(this.options)
      .filter(([, v]) => typeof v !== "object")
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(", ");
  }
}

/** Cross-entropy from logits and int32 class targets: the classification loss. */
export class CrossEntropyLoss extends Loss<CrossEntropyOptions> {
  protected fn = crossEntropy;
}

/** Negative log-likelihood of log-probabilities (after LogSoftmax). */
export class NLLLoss extends Loss<NllLossOptions> {
  protected fn = nllLoss;
}

/** Mean squared error: the regression loss. */
export class MSELoss extends Loss<LossOptions> {
  protected fn = mseLoss;
}

/** Binary cross-entropy of probabilities (after Sigmoid). */
export class BCELoss extends Loss<BceOptions> {
  protected fn = binaryCrossEntropy;
}

/** Binary cross-entropy of logits: Sigmoid and BCELoss in one, numerically stable. */
export class BCEWithLogitsLoss extends Loss<BceWithLogitsOptions> {
  protected fn = bceWithLogits;
}
