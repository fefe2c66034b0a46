// evaluate(): the loss and metrics of a model on data it does not learn from; predict(): its outputs.
// Both run in eval mode (Dropout off, BatchNorm on running statistics) and without recording gradients.
import { noGrad } from "../autograd";
import type { Module } from "../nn/module";
import { concat } from "../ops/join";
import { Tensor } from "../tensor";
import { type Data, type LossSpec, inEvalMode, resolveLoss, toLoader } from "./batches";
import { type MetricSpec, resolveMetric } from "./metrics";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** also report the mean loss, as "loss": a loss name ("crossEntropy", "mse", …), module or function (default: none) */
  loss?: LossSpec;
  /** the metrics to report (default ["accuracy"]; [] for none) */
  metrics?: MetricSpec[];
  /** samples per forward pass (default 256): only memory and speed depend on it, not the results */
  batchSize?: number;
}

/**
 * The mean loss and metrics over all of `data`, e.g. { loss: 0.08, accuracy: 0.976 }. Runs in eval mode
 * (Dropout off, BatchNorm on its running statistics) without recording gradients.
 * @example
 * evaluate(model, testSet, { loss: "crossEntropy" }); // { loss: 0.081, accuracy: 0.976 }
 */
export function evaluate(
  model: Module,
  data: Data,
  { loss, metrics = ["accuracy"], batchSize = 256 }: EvaluateOptions = {},
): Record<string, number> {
  const lossFn = loss === undefined ? undefined : resolveLoss(loss);
  const tracked = metrics.map(resolveMetric);
  const sums: Record<string, number> = {};
  let count = 0;
  inEvalMode(model, () =>
    noGrad(() => {
      for (const [x, y] of toLoader(data, batchSize, false)) {
        const pred = model.forward(x);
        const n = x.shape[0];
        if (lossFn) sums.loss = (sums.loss ?? 0) + lossFn(pred, y).item() * n;
        for (const m of tracked) sums[m.name] = (sums[m.name] ?? 0) + m.fn(pred, y) * n;
        count += n;
      }
    }),
  );
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / count]));
}

/** The model's outputs for every sample of `inputs` (a tensor batch, or a dataset/loader whose targets are ignored). */
export function predict(model: Module, inputs: Tensor | Data, { batchSize = 256 } = {}): Tensor {
  return inEvalMode(model, () =>
    noGrad(() => {
      if (inputs instanceof Tensor) return model.forward(inputs);
      return concat([...toLoader(inputs, batchSize, false)].map(([x]) => model.forward(x)));
    }),
  );
}
