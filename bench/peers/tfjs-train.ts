// The MNIST models in TensorFlow.js (tfjs-layers), trained the same way as gradlab's: Adam 1e-3,
// batch 64, sparse categorical cross-entropy. Images are NHWC [N, 28, 28, 1] — for one channel the same
// memory layout as gradlab's NCHW [N, 1, 28, 28], so the same Float32Array feeds both.
import * as tf from "@tensorflow/tfjs-core";
import * as tfl from "@tensorflow/tfjs-layers";
import type { TrainModel } from "../models";
import { useTfjs, type TfjsBackend } from "./tfjs";

function build(kind: TrainModel): tfl.Sequential {
  const m = tfl.sequential();
  if (kind === "mnist-cnn") {
    m.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: "relu" }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: "relu" }));
    m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
    m.add(tfl.layers.flatten());
    m.add(tfl.layers.dense({ units: 128, activation: "relu" }));
  } else {
    m.add(tfl.layers.dense({ inputShape: [784], units: 128, activation: "relu" }));
  }
  m.add(tfl.layers.dense({ units: 10, activation: "softmax" }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy", metrics: ["accuracy"] });
  return m;
}

export interface Digits {
  /** [N, 784] pixels, normalised */
  images: Float32Array;
  labels: Int32Array;
}

const inputs = (kind: TrainModel, d: Digits) => {
  const n = d.labels.length;
  const x = kind === "mnist-cnn" ? tf.tensor4d(d.images, [n, 28, 28, 1]) : tf.tensor2d(d.images, [n, 784]);
  return { x, y: tf.tensor1d(Float32Array.from(d.labels)) };
};

/** Training samples per second over `steps` batches of 64 (after one warm-up batch unless `steps` is 1). */
export async function tfjsTrainSpeed(
  backend: TfjsBackend,
  kind: TrainModel,
  train: Digits,
  steps: number,
): Promise<number> {
  await useTfjs(backend);
  const model = build(kind);
  const batch = (i: number) =>
    inputs(kind, {
      images: train.images.subarray(i * 64 * 784, (i + 1) * 64 * 784),
      labels: train.labels.subarray(i * 64, (i + 1) * 64),
    });
  if (steps > 1) {
    const warmUp = batch(0);
    await model.trainOnBatch(warmUp.x, warmUp.y);
    tf.dispose([warmUp.x, warmUp.y]);
  }
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    const { x, y } = batch(i + 1);
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
  }
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  return (steps * 64) / seconds;
}

/** Test accuracy after `epochs` epochs of model.fit (tfjs shuffles and initialises with Math.random: not seeded). */
export async function tfjsTrainAccuracy(
  backend: TfjsBackend,
  kind: TrainModel,
  train: Digits,
  test: Digits,
  epochs: number,
): Promise<number> {
  await useTfjs(backend);
  const model = build(kind);
  const tr = inputs(kind, train);
  await model.fit(tr.x, tr.y, { batchSize: 64, epochs, shuffle: true, verbose: 0 });
  const te = inputs(kind, test);
  const predicted = tf.argMax(model.predict(te.x) as tf.Tensor, -1).dataSync();
  const right = Array.from(predicted).filter((p, i) => p === test.labels[i]).length;
  tf.dispose([tr.x, tr.y, te.x, te.y]);
  model.dispose();
  return right / test.labels.length;
}
