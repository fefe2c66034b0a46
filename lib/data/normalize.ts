// Normalisation: networks train best when every input feature has a similar scale, around zero.
// The statistics come from the training data only and are then applied to the test data as they are —
// computing them on the test set would leak it into training.
import { noGrad } from "../autograd";
import { tensor } from "../creation";
import type { Tensor } from "../tensor";

/** MNIST's pixel mean (over the original 60,000 training images, pixels in [0, 1]). */
export const MNIST_MEAN = 0.1307;
/** MNIST's pixel standard deviation (over the original 60,000 training images, pixels in [0, 1]). */
export const MNIST_STD = 0.3081;

/** (x − mean) / std, elementwise (mean and std broadcast, e.g. per channel). */
export function normalize(x: Tensor, mean: number | Tensor, std: number | Tensor): Tensor {
  return noGrad(() => x.sub(mean).div(std));
}

/** Statistics fitted on training data, to apply to any split: what {@link standardScaler} and {@link minMaxScaler} return. */
export interface Scaler {
  /** applies the statistics fitted on the training data */
  transform(x: Tensor): Tensor;
}

/**
 * Per-feature (column) mean and standard deviation of `x` [N, F]; its `transform` gives each column
 * mean 0 and std 1. Fit on the training data only, then transform every split with it.
 * @example
 * const scaler = data.standardScaler(xTrain);
 * const xTest01 = scaler.transform(xTest);
 */
export function standardScaler(x: Tensor): Scaler & {
  /** each column's mean, shape [1, F] */
  mean: Tensor;
  /** each column's population standard deviation, shape [1, F] (1 for constant columns) */
  std: Tensor;
} {
  return noGrad(() => {
    const mean = x.mean(0, { keepDim: true });
    // population std (correction 0), as scikit-learn; constant columns are left unscaled, not divided by 0
    const std = x.std(0, { keepDim: true, correction: 0 });
    const safe = tensor(
      Array.from(std.data, (s) => s || 1),
      { shape: std.shape },
    );
    return { mean, std: safe, transform: (t: Tensor) => normalize(t, mean, safe) };
  });
}

/**
 * Per-feature min and max of `x` [N, F]; its `transform` maps each column onto [0, 1].
 * @example
 * const scaler = data.minMaxScaler(xTrain); // scaler.transform(xTrain) lies in [0, 1]
 */
export function minMaxScaler(x: Tensor): Scaler & {
  /** each column's minimum, shape [1, F] */
  min: Tensor;
  /** each column's maximum, shape [1, F] */
  max: Tensor;
} {
  return noGrad(() => {
    const min = x.min(0, { keepDim: true });
    const max = x.max(0, { keepDim: true });
    const range = tensor(
      Array.from(max.sub(min).data, (r) => r || 1),
      { shape: min.shape },
    );
    return { min, max, transform: (t: Tensor) => normalize(t, min, range) };
  });
}
