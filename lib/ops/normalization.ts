// Normalisation layers in functional form, as torch.nn.functional.batch_norm and layer_norm: subtract a
// mean, divide by a standard deviation, then scale and shift per channel. Composed of differentiable ops,
// so the gradient through the batch statistics (the part that makes batch norm's backward famous) comes
// out of autograd by itself.
import { noGrad } from "../autograd";
import { ShapeError, formatShape } from "../shape";
import type { Tensor } from "../tensor";
import { add, div, mul, sub } from "./arithmetic";
import { mean, variance } from "./reduce";
import { reshape } from "./movement";
import { sqrt } from "./unary";

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** use the batch's statistics and update the running ones (true), or use the running ones (false, the default) */
  training?: boolean;
  /** how far each training step moves the running statistics towards the batch's: default 0.1 */
  momentum?: number;
  /** added to the variance before the square root: default 1e-5 */
  eps?: number;
}

/** (x − mean) / √(var + ε), then · weight + bias. */
function normalize(x: Tensor, mu: Tensor, v: Tensor, eps: number, weight?: Tensor, bias?: Tensor): Tensor {
  const y = div(sub(x, mu), sqrt(add(v, eps)));
  const scaled = weight ? mul(y, weight) : y;
  return bias ? add(scaled, bias) : scaled;
}

/**
 * Batch normalisation of x [N, C] or [N, C, H, W] (any [N, C, …]) per channel C.
 *
 * Training: normalise with the batch's mean and biased variance over every dim but C, and move the running
 * statistics (updated in place) towards the batch's, with the unbiased variance as PyTorch does:
 *   running ← (1 − momentum)·running + momentum·batch
 * Evaluation: normalise with the running statistics.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  const { training = false, momentum = 0.1, eps = 1e-5 } = options;
  if (x.ndim < 2) {
    throw new ShapeError(
      `batchNorm: input ${formatShape(x.shape)} should be [N, C] or [N, C, H, W] (channels in dim 1)`,
    );
  }
  const channels = x.shape[1];
  for (const [name, t] of Object.entries({ runningMean, runningVar, weight, bias })) {
    if (t && (t.ndim !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(
        `batchNorm: ${name} ${formatShape(t.shape)} should be [${channels}], one value per channel of input ${formatShape(x.shape)}`,
      );
    }
  }
  const perChannel = x.shape.map((s, d) => (d === 1 ? s : 1)); // [1, C, 1, 1]: broadcasts over N, H, W
  const asChannels = (t?: Tensor | null) => (t ? reshape(t, perChannel) : undefined);
  if (!training) {
    if (!runningMean || !runningVar) {
      throw new Error(
        "batchNorm: evaluation needs the running mean and variance (or pass { training: true })",
      );
    }
    return normalize(
      x,
      asChannels(runningMean)!,
      asChannels(runningVar)!,
      eps,
      asChannels(weight),
      asChannels(bias),
    );
  }
  const dims = x.shape.map((_, d) => d).filter((d) => d !== 1);
  const n = x.size / channels;
  if (n <= 1) {
    throw new ShapeError(
      `batchNorm: training needs more than one value per channel, got input ${formatShape(x.shape)} — use a batch larger than 1`,
    );
  }
  const mu = mean(x, dims, { keepDim: true });
  const v = variance(x, dims, { keepDim: true, correction: 0 });
  noGrad(() => {
    updateRunning(runningMean, reshape(mu, [channels]), momentum);
    updateRunning(runningVar, mul(reshape(v, [channels]), n / (n - 1)), momentum);
  });
  return normalize(x, mu, v, eps, asChannels(weight), asChannels(bias));
}

/** running ← (1 − momentum)·running + momentum·batch, in place (the running stats are state, not a graph node). */
function updateRunning(running: Tensor | null, batch: Tensor, momentum: number): void {
  if (!running) return;
  running.data.set(add(mul(running, 1 - momentum), mul(batch.detach(), momentum)).data);
}

/** Options of {@link layerNorm}. */
export interface LayerNormOptions {
  /** added to the variance before the square root (default 1e-5) */
  eps?: number;
}

/**
 * Layer normalisation (Ba et al., 2016): normalise each sample over its last dims `normalizedShape`
 * (e.g. the features), with biased variance, then · weight + bias of that shape.
 */
export function layerNorm(
  x: Tensor,
  normalizedShape: readonly number[],
  weight?: Tensor | null,
  bias?: Tensor | null,
  options: LayerNormOptions = {},
): Tensor {
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.ndim - k);
  if (k === 0 || k > x.ndim || tail.some((s, i) => s !== normalizedShape[i])) {
    throw new ShapeError(
      `layerNorm: input ${formatShape(x.shape)} should end with normalizedShape ${formatShape(normalizedShape)} — ` +
        `pass its last dims, e.g. [${x.shape.at(-1)}]`,
    );
  }
  for (const [name, t] of Object.entries({ weight, bias })) {
    if (t && (t.ndim !== k || t.shape.some((s, i) => s !== normalizedShape[i]))) {
      throw new ShapeError(
        `layerNorm: ${name} ${formatShape(t.shape)} should be ${formatShape(normalizedShape)}`,
      );
    }
  }
  const dims = normalizedShape.map((_, i) => x.ndim - k + i);
  const mu = mean(x, dims, { keepDim: true });
  const v = variance(x, dims, { keepDim: true, correction: 0 });
  return normalize(x, mu, v, options.eps ?? 1e-5, weight ?? undefined, bias ?? undefined);
}
