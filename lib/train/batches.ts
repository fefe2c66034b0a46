// What fit(), evaluate() and predict() accept as data, and how they turn it into batches.
import { DataLoader } from "../data/loader";
import type { Dataset } from "../data/dataset";
import { Module } from "../nn/module";
import { binaryCrossEntropy, bceWithLogits, crossEntropy, mseLoss, nllLoss } from "../ops/loss";
import type { Tensor } from "../tensor";

/** A loader, or a dataset that is batched for you (batchSize, shuffled for training). */
export type Data = DataLoader | Dataset;

export function toLoader(data: Data, batchSize: number, shuffle: boolean): DataLoader {
  return data instanceof DataLoader ? data : new DataLoader(data, { batchSize, shuffle });
}

/** A loss: a function of (predictions, targets), a loss module, or a name. */
export type LossSpec = ((pred: Tensor, target: Tensor) => Tensor) | Module | keyof typeof losses;

const losses = { crossEntropy, nll: nllLoss, mse: mseLoss, bce: binaryCrossEntropy, bceWithLogits };

export function resolveLoss(spec: LossSpec): (pred: Tensor, target: Tensor) => Tensor {
  if (spec instanceof Module) return (p, t) => spec.forward(p, t);
  if (typeof spec === "function") return spec;
  const fn = losses[spec];
  if (!fn)
    throw new Error(
      `unknown loss "${spec}": use one of ${Object.keys(losses).join(", ")}, a function or a loss module`,
    );
  return (p, t) => fn(p, t);
}

/** Runs `fn` with the model in eval mode, then puts its mode back. */
export function inEvalMode<T>(model: Module, fn: () => T): T {
  const wasTraining = model.training;
  model.eval();
  try {
    return fn();
  } finally {
    model.train(wasTraining);
  }
}
