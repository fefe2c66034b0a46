// Splitting a dataset into training and test parts, at random (seeded) but with every sample used once.
import { permutation } from "../random";
import type { TensorDataset } from "./dataset";

/**
 * A random split: `testFraction` of the samples for testing, the rest for training. Every sample lands
 * in exactly one part; the order comes from the global seeded generator (see manualSeed).
 * @example
 * const { train, test } = data.trainTestSplit(data.moons(200, { noise: 0.1 }), 0.25);
 * [train.length, test.length]; // [150, 50]
 */
export function trainTestSplit(
  dataset: TensorDataset,
  testFraction = 0.2,
): {
  /** the samples to learn from */
  train: TensorDataset;
  /** the held-out samples, to measure how well the model generalises */
  test: TensorDataset;
} {
  const order = permutation(dataset.length);
  const nTest = Math.round(dataset.length * testFraction);
  return { test: dataset.subset(order.subarray(0, nTest)), train: dataset.subset(order.subarray(nTest)) };
}
