// The IDX format the original MNIST files use (yann.lecun.com/exdb/mnist):
//   2 zero bytes, a type byte, the number of dims; then each dim as a big-endian int32; then the values,
//   big-endian, row-major. Gzipped files (.gz) are unpacked first.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import type { DType } from "../dtype";
import { tensor } from "../creation";
import type { Tensor } from "../tensor";
import { TensorDataset } from "./dataset";

/** type byte → element size, the DataView reader, and the dtype it becomes */
const types: Record<number, { size: number; read: (v: DataView, at: number) => number; dtype: DType }> = {
  0x08: { size: 1, read: (v, at) => v.getUint8(at), dtype: "int32" },
  0x09: { size: 1, read: (v, at) => v.getInt8(at), dtype: "int32" },
  0x0b: { size: 2, read: (v, at) => v.getInt16(at), dtype: "int32" },
  0x0c: { size: 4, read: (v, at) => v.getInt32(at), dtype: "int32" },
  0x0d: { size: 4, read: (v, at) => v.getFloat32(at), dtype: "float32" },
  0x0e: { size: 8, read: (v, at) => v.getFloat64(at), dtype: "float64" },
};

/** An IDX file's contents as a tensor: integer types become int32, floats keep their precision. */
export function parseIdx(bytes: Uint8Array): Tensor {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [zero, typeByte, ndim] = [view.getUint16(0), view.getUint8(2), view.getUint8(3)];
  const type = types[typeByte];
  if (zero !== 0 || !type) throw new Error(`IDX: not an IDX file (magic ${view.getUint32(0).toString(16)})`);
  const shape = Array.from({ length: ndim }, (_, d) => view.getUint32(4 + 4 * d));
  const start = 4 + 4 * ndim;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.byteLength < start + count * type.size)
    throw new Error(`IDX: file too short for shape [${shape}] (${bytes.byteLength} bytes)`);
  const values = Array.from({ length: count }, (_, i) => type.read(view, start + i * type.size));
  return tensor(values, { shape, dtype: type.dtype });
}

/** Reads an IDX file (gzipped or not) from disk as a tensor; see {@link parseIdx}. */
export function readIdx(path: string): Tensor {
  return parseIdx(readFileSync(path));
}

/** MNIST-style image and label files as a dataset: images scaled to [0, 1], shaped [N, 1, H, W]. */
export function loadIdxDataset(imagesPath: string, labelsPath: string): TensorDataset {
  const images = readIdx(imagesPath);
  const [n, h, w] = images.shape;
  const scaled = tensor(
    Float32Array.from(images.data, (v) => v / 255),
    { shape: [n, 1, h, w] },
  );
  return new TensorDataset(scaled, readIdx(labelsPath));
}
