// Making tensors: from nested arrays, filled, ranges, identity, and seeded random ones.
import { type DType, type Storage, allocate, dtypeOf, storageFrom } from "./dtype";
import { random, randomInt, randomNormal } from "./random";
import { type Shape, ShapeError, formatShape, sizeOf } from "./shape";
import { type NestedArray, Tensor, type TensorOptions } from "./tensor";

/** Options of the creation functions: requiresGrad, name and dtype. */
export interface CreateOptions extends TensorOptions {
  /** element type (default "float32"; booleans in `tensor()` give "bool") */
  dtype?: DType;
}

function shapeOfNested(values: NestedArray, path = "values"): number[] {
  if (!Array.isArray(values)) return [];
  if (values.length === 0) return [0];
  const inner = shapeOfNested(values[0], `${path}[0]`);
  values.forEach((v, i) => {
    const s = shapeOfNested(v, `${path}[${i}]`);
    if (s.join() !== inner.join()) {
      throw new ShapeError(
        `tensor: ragged nested array: ${path}[0] has shape ${formatShape(inner)} but ${path}[${i}] has ${formatShape(s)}`,
      );
    }
  });
  return [values.length, ...inner];
}

const isTyped = (v: unknown): v is Storage =>
  v instanceof Float32Array ||
  v instanceof Float64Array ||
  v instanceof Int32Array ||
  v instanceof Uint8Array;

/**
 * A tensor from nested arrays (`tensor([[1, 2], [3, 4]])`) or a typed array plus `shape`.
 * Numbers default to float32, booleans to bool; a typed array keeps its type.
 */
export function tensor(
  values: NestedArray | Storage | number[],
  options: CreateOptions & { shape?: Shape } = {},
): Tensor {
  if (isTyped(values)) {
    const dtype = options.dtype ?? dtypeOf(values);
    return new Tensor(storageFrom(dtype, values), options.shape ?? [values.length], options);
  }
  const shape = shapeOfNested(values);
  const flat: (number | boolean)[] = [];
  const collect = (v: NestedArray): unknown => (Array.isArray(v) ? v.forEach(collect) : flat.push(v));
  collect(values);
  const dtype = options.dtype ?? (typeof flat[0] === "boolean" ? "bool" : "float32");
  const data = storageFrom(dtype, flat.map(Number));
  return new Tensor(data, options.shape ?? shape, options);
}

/** A 0-d tensor holding `value`. */
export function scalar(value: number, options: CreateOptions = {}): Tensor {
  return full([], value, options);
}

function filled(shape: Shape, options: CreateOptions, fill: (i: number) => number): Tensor {
  const data = allocate(options.dtype ?? "float32", sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return new Tensor(data, shape, options);
}

/**
 * A tensor of `shape` with every element `value`.
 * @example
 * full([2, 2], 7) // [[7, 7], [7, 7]]
 */
export const full = (shape: Shape, value: number, options: CreateOptions = {}) =>
  filled(shape, options, () => value);
/**
 * A tensor of `shape` filled with 0.
 * @example
 * zeros([2, 3]) // shape [2, 3], all 0
 */
export const zeros = (shape: Shape, options: CreateOptions = {}) => full(shape, 0, options);
/**
 * A tensor of `shape` filled with 1.
 * @example
 * ones([3]) // [1, 1, 1]
 */
export const ones = (shape: Shape, options: CreateOptions = {}) => full(shape, 1, options);

/** Uniform in [0, 1), from the global seeded generator. */
export const rand = (shape: Shape, options: CreateOptions = {}) => filled(shape, options, random);
/** Standard normal, from the global seeded generator. */
export const randn = (shape: Shape, options: CreateOptions = {}) => filled(shape, options, randomNormal);
/** Uniform integers in [low, high); int32 unless `dtype` says otherwise. */
export const randint = (low: number, high: number, shape: Shape, options: CreateOptions = {}) =>
  filled(shape, { dtype: "int32", ...options }, () => randomInt(low, high));

/** `start, start + step, …` below `end`, like `torch.arange`. */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  const n = Math.max(0, Math.ceil((end - start) / step));
  return filled([n], options, (i) => start + i * step);
}

/** `steps` evenly spaced values from `start` to `end` inclusive. */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // the last value is exactly `end`, unless there is only one value: then it is `start` (as PyTorch)
  return filled([steps], options, (i) => (i === steps - 1 && steps > 1 ? end : start + i * step));
}

/** The n×m identity matrix. */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  return filled([n, m], options, (i) => (Math.floor(i / m) === i % m ? 1 : 0));
}

const like = (t: Tensor, options: CreateOptions): CreateOptions => ({ dtype: t.dtype, ...options });
/** Zeros with t's shape and dtype. */
export const zerosLike = (t: Tensor, options: CreateOptions = {}) => zeros(t.shape, like(t, options));
/** Ones with t's shape and dtype. */
export const onesLike = (t: Tensor, options: CreateOptions = {}) => ones(t.shape, like(t, options));
/** `value` everywhere, with t's shape and dtype. */
export const fullLike = (t: Tensor, value: number, options: CreateOptions = {}) =>
  full(t.shape, value, like(t, options));
/** Uniform in [0, 1), with t's shape and dtype. */
export const randLike = (t: Tensor, options: CreateOptions = {}) => rand(t.shape, like(t, options));
/** Standard normal, with t's shape and dtype. */
export const randnLike = (t: Tensor, options: CreateOptions = {}) => randn(t.shape, like(t, options));
