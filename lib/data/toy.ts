// Two-dimensional toy problems in the spirit of TensorFlow Playground and scikit-learn's make_*:
// small enough to train in seconds and to draw, hard enough that a straight line won't do (except blobs).
// Each returns a TensorDataset of points [n, 2] (float32) and class labels [n] (int32); `noise` is the
// standard deviation of Gaussian jitter added to every point. All randomness is the global seeded one.
import { tensor } from "../creation";
import { random, randomNormal } from "../random";
import { TensorDataset } from "./dataset";

/** Options shared by the toy datasets ({@link spiral}, {@link moons}, {@link circles}, {@link xor}, {@link blobs}). */
export interface ToyOptions {
  /** standard deviation of the Gaussian noise added to each coordinate (default 0; 0.5 for blobs) */
  noise?: number;
}

/** Builds the dataset from a generator of noiseless points: point(i) gives [x, y, label]. */
function make(n: number, noise: number, point: (i: number) => [number, number, number]): TensorDataset {
  const xs: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const [x, y, label] = point(i);
    xs.push(x + noise * randomNormal(), y + noise * randomNormal());
    labels.push(label);
  }
  return new TensorDataset(tensor(xs, { shape: [n, 2] }), tensor(labels, { dtype: "int32" }));
}

/**
 * Interleaved spiral arms, one per class, winding out from the centre (radius up to 1).
 * Points [n, 2] float32, labels [n] int32.
 * @example
 * const ds = data.spiral(300, { noise: 0.05, classes: 3 });
 * ds.inputs.shape; // [300, 2]
 */
export function spiral(
  n: number,
  {
    noise = 0,
    classes = 2,
    turns = 0.875,
  }: ToyOptions & {
    /** the number of arms, one per class (default 2) */
    classes?: number;
    /** how many times each arm winds round the centre (default 0.875) */
    turns?: number;
  } = {},
) {
  const perClass = Math.ceil(n / classes);
  return make(n, noise, (i) => {
    const label = i % classes;
    const r = Math.floor(i / classes) / perClass;
    const angle = 2 * Math.PI * (turns * 2 * r + label / classes);
    return [r * Math.sin(angle), r * Math.cos(angle), label];
  });
}

/**
 * Two interleaving half circles (scikit-learn's make_moons): points [n, 2] float32, labels [n] int32 0/1.
 * @example
 * const { train, test } = data.trainTestSplit(data.moons(400, { noise: 0.1 }));
 */
export function moons(n: number, { noise = 0 }: ToyOptions = {}) {
  return make(n, noise, (i) => {
    const label = i % 2;
    const t = (Math.PI * Math.floor(i / 2)) / Math.max(1, Math.ceil(n / 2) - 1);
    return label === 0 ? [Math.cos(t), Math.sin(t), 0] : [1 - Math.cos(t), 0.5 - Math.sin(t), 1];
  });
}

/** A small circle (class 1) inside a large one (class 0); points [n, 2], labels [n] int32. */
export function circles(
  n: number,
  {
    noise = 0,
    factor = 0.5,
  }: ToyOptions & {
    /** the inner circle's radius over the outer's (default 0.5) */
    factor?: number;
  } = {},
) {
  return make(n, noise, (i) => {
    const label = i % 2;
    const t = 2 * Math.PI * random();
    const r = label === 0 ? 1 : factor;
    return [r * Math.cos(t), r * Math.sin(t), label];
  });
}

/** Uniform points [n, 2] in the square −1…1, labelled 1 where x and y have the same sign: the problem a single neuron cannot solve. */
export function xor(n: number, { noise = 0 }: ToyOptions = {}) {
  return make(n, noise, () => {
    const [x, y] = [2 * random() - 1, 2 * random() - 1];
    return [x, y, x * y > 0 ? 1 : 0];
  });
}

/** Gaussian blobs, one per class, around `centers`: points [n, 2], labels [n] int32. */
export function blobs(
  n: number,
  {
    noise = 0.5,
    centers = 3,
  }: ToyOptions & {
    /** a number of classes, with centres evenly spaced on a circle of radius 2 (default 3), or the centres' [x, y] */
    centers?: number | [number, number][];
  } = {},
) {
  const points =
    typeof centers === "number"
      ? Array.from({ length: centers }, (_, k): [number, number] => [
          2 * Math.cos((2 * Math.PI * k) / centers),
          2 * Math.sin((2 * Math.PI * k) / centers),
        ])
      : centers;
  return make(n, noise, (i) => {
    const label = i % points.length;
    return [points[label][0], points[label][1], label];
  });
}
