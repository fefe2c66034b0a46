// Training: `const history = await fit(model, train, { epochs: 5, optimizer, loss: "crossEntropy", metrics: ["accuracy"] })`.
export { fit, TrainingInterrupted, type FitOptions } from "./fit";
export { evaluate, predict, type EvaluateOptions } from "./evaluate";
export { History, type EpochLogs } from "./history";
export {
  accuracy,
  topKAccuracy,
  confusionMatrix,
  ConfusionMatrix,
  predictedClasses,
  type Metric,
  type MetricSpec,
} from "./metrics";
export {
  progress,
  earlyStopping,
  lrScheduler,
  type Callback,
  type TrainContext,
  type ProgressOptions,
  type EarlyStoppingOptions,
} from "./callbacks";
export { type Data, type LossSpec } from "./batches";
export { setDefaultCallbacks, type CallbackFactory } from "./defaults";
