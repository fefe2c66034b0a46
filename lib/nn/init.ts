// Weight initialisation, in place, from the global seeded generator (manualSeed makes it reproducible).
// The schemes keep the variance of activations (Xavier/Glorot) or of ReLU activations (Kaiming/He)
// roughly constant from layer to layer, so deep stacks neither explode nor vanish at the start.
import { random, randomNormal } from "../random";
import type { Tensor } from "../tensor";

/** Fills `t` in place with values from `sample` and returns it. */
function fill(t: Tensor, sample: () => number): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = sample();
  return t;
}

/** fanIn and fanOut of a weight [out, in, ...kernel] — the inputs and outputs each unit connects to. */
export function fans(t: Tensor): {
  /** in · kh · kw: how many inputs feed each output unit */
  fanIn: number;
  /** out · kh · kw: how many outputs each input feeds */
  fanOut: number;
} {
  if (t.ndim < 2) throw new Error(`init: fan in/out needs a weight with ≥ 2 dims, got [${t.shape}]`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return { fanIn: t.shape[1] * receptive, fanOut: t.shape[0] * receptive };
}

/** The activation after a layer, for {@link gain}. */
export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu" | "leakyRelu";

/** The factor a nonlinearity shrinks the standard deviation by, undone by the init (torch.nn.init.calculate_gain). */
export function gain(nonlinearity: Nonlinearity, negativeSlope = 0.01): number {
  switch (nonlinearity) {
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leakyRelu":
      return Math.sqrt(2 / (1 + negativeSlope ** 2));
    default:
      return 1;
  }
}

/** U(low, high). */
export const uniform = (t: Tensor, low = 0, high = 1) => fill(t, () => low + (high - low) * random());

/** N(mean, std²). */
export const normal = (t: Tensor, mean = 0, std = 1) => fill(t, () => mean + std * randomNormal());

/** Fills t with `value` in place (no gradient recorded); returns t. */
export const constant = (t: Tensor, value: number) => fill(t, () => value);
/** Fills t with 0 in place; returns t. */
export const zeros = (t: Tensor) => constant(t, 0);
/** Fills t with 1 in place; returns t. */
export const ones = (t: Tensor) => constant(t, 1);

/** Glorot & Bengio (2010): U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). */
export function xavierUniform(t: Tensor, gainValue = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  const a = gainValue * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(t, -a, a);
}

/** Glorot & Bengio (2010): N(0, σ²) with σ = gain·√(2 / (fanIn + fanOut)). */
export function xavierNormal(t: Tensor, gainValue = 1): Tensor {
  const { fanIn, fanOut } = fans(t);
  return normal(t, 0, gainValue * Math.sqrt(2 / (fanIn + fanOut)));
}

/** Options of {@link kaimingUniform} and {@link kaimingNormal}. */
export interface KaimingOptions {
  /** the negative slope of the leaky ReLU that follows (0 for ReLU) */
  a?: number;
  /** keep the variance of the forward pass (fanIn, the default) or of the backward pass (fanOut) */
  mode?: "fanIn" | "fanOut";
  /** the activation after the layer (default "leakyRelu", PyTorch's) */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(
  t: Tensor,
  { a = 0, mode = "fanIn", nonlinearity = "leakyRelu" }: KaimingOptions,
): number {
  const fan = fans(t)[mode];
  return gain(nonlinearity, a) / Math.sqrt(fan);
}

/** He et al. (2015): U(−b, b) with b = gain·√(3 / fan). */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  return uniform(t, -bound, bound);
}

/** He et al. (2015): N(0, σ²) with σ = gain / √fan. */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd(t, options));
}
