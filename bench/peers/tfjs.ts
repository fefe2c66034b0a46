// TensorFlow.js in Node as a peer: tfjs-backend-cpu (plain JS kernels) and tfjs-backend-wasm
// (XNNPACK, WebAssembly SIMD), switched with tf.setBackend. Layout is NHWC, as tfjs prefers.
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { dirname, join } from "node:path";

export type TfjsBackend = "cpu" | "wasm";

let wasmPathSet = false;

export async function useTfjs(backend: TfjsBackend): Promise<typeof tf> {
  if (backend === "wasm" && !wasmPathSet) {
    // in Node the .wasm files are read from the package's dist folder by file path
    setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");
    wasmPathSet = true;
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  return tf;
}

/**
 * Runs `fn`, reads its result back (tfjs is lazy on some backends) and frees it. Not tf.tidy: wrapping
 * a wasm matMul in tidy measured 15–30× slower here.
 */
export function run(fn: () => tf.Tensor): void {
  const result = fn();
  result.dataSync();
  result.dispose();
}

export interface ConvShape {
  n: number;
  h: number;
  w: number;
  c: number;
  o: number;
  k: number;
}

/** The three conv passes as tfjs kernels ("same" padding, stride 1), over fresh random tensors. */
export function tfjsConv(s: ConvShape) {
  const x = tf.randomUniform([s.n, s.h, s.w, s.c], -1, 1) as tf.Tensor4D;
  const filter = tf.randomUniform([s.k, s.k, s.c, s.o], -1, 1) as tf.Tensor4D;
  const dy = tf.randomUniform([s.n, s.h, s.w, s.o], -1, 1) as tf.Tensor4D;
  const attrs = { strides: [1, 1], pad: "same", dataFormat: "NHWC", dimRoundingMode: undefined };
  const kernel = (name: string, inputs: tf.NamedTensorMap, extra: object) =>
    tf.engine().runKernel(name, inputs, { ...attrs, ...extra } as never) as tf.Tensor;
  return {
    forward: () => run(() => tf.conv2d(x, filter, 1, "same")),
    dinput: () => run(() => kernel("Conv2DBackpropInput", { dy, filter }, { inputShape: x.shape })),
    dweight: () => run(() => kernel("Conv2DBackpropFilter", { x, dy }, { filterShape: filter.shape })),
    dispose: () => tf.dispose([x, filter, dy]),
  };
}
