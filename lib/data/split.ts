// Splitting a dataset into training and test parts, at random (seeded) but with every sample used once.
import { permutation } from "../random";
import type { TensorDataset } from "./dataset";

/** A random split: `testFraction` of the samples for testing, the rest for training. */
export function trainTestSplit(
  dataset: TensorDataset,
  testFraction = 0.2,
): { train: TensorDataset; test: TensorDataset } {
  const order = permutation(dataset.length);
  const nTest = Math.round(dataset.length * testFraction);
  return { test: dataset.subset(order.subarray(0, nTest)), train: dataset.subset(order.subarray(nTest)) };
}
