// Loss functions, as torch.nn.functional's. Each is composed of differentiable ops, so none needs a
// backward of its own: the gradient of crossEntropy, softmax(x) − onehot(target), falls out of
// logSoftmax and gather by itself.
import { isFloat } from "../dtype";
import { ShapeError, formatShape, sameShape } from "../shape";
import type { Tensor } from "../tensor";
import { add, div, mul, neg, sub } from "./arithmetic";
import { to } from "./cast";
import { clamp, ne, where } from "./compare";
import { logSoftmax, softplus } from "./activation";
import { gather, indexSelect } from "./indexing";
import { reshape, squeeze, unsqueeze } from "./movement";
import { mean, sum } from "./reduce";
import { log } from "./unary";

/** How the per-element losses become the result: their mean (default), their sum, or all of them. */
export type Reduction = "mean" | "sum" | "none";

/** Options of every loss: how per-element losses are reduced. */
export interface LossOptions {
  /** "mean" (default), "sum", or "none" for one loss per element */
  reduction?: Reduction;
}

function reduce(losses: Tensor, reduction: Reduction = "mean"): Tensor {
  if (reduction === "none") return losses;
  return reduction === "sum" ? sum(losses) : mean(losses);
}

/** Losses compare elementwise: differing shapes are refused, since broadcasting them is almost always a bug. */
function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  const fix =
    input.ndim === target.ndim + 1 && input.shape.at(-1) === 1
      ? ` — did you mean input.squeeze(-1)?`
      : target.ndim === input.ndim + 1 && target.shape.at(-1) === 1
        ? ` — did you mean target.squeeze(-1)?`
        : "";
  throw new ShapeError(
    `${op}: input ${formatShape(input.shape)} and target ${formatShape(target.shape)} must have the same shape ` +
      `(broadcasting them would compare every prediction with every target)${fix}`,
  );
}

/** Mean squared error: (input − target)². */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkSameShape("mseLoss", input, target);
  const diff = sub(input, target);
  return reduce(mul(diff, diff), options.reduction);
}

/** Options of {@link nllLoss}. */
export interface NllLossOptions extends LossOptions {
  /** a weight per class, [C]: a sample's loss is scaled by its target's weight, and "mean" divides by their sum */
  weight?: Tensor;
  /** targets equal to this add no loss and do not count in the mean (default −100, as PyTorch) */
  ignoreIndex?: number;
}

/** Checks class-index targets against [N, C, d1…] scores: they must be int32 and shaped [N, d1…]. */
function checkClassTargets(op: string, scores: Tensor, targets: Tensor, ignoreIndex: number): void {
  const classDim = scores.ndim === 1 ? 0 : 1;
  const expected = scores.shape.filter((_, d) => d !== classDim);
  const shown = `${op}: targets ${formatShape(targets.shape)}`;
  if (scores.ndim === 0) throw new ShapeError(`${op}: input must have a class dim, got a 0-d tensor`);
  if (!sameShape(targets.shape, expected)) {
    const squeezable = targets.ndim === expected.length + 1 && targets.shape.includes(1);
    throw new ShapeError(
      `${shown} should be ${formatShape(expected)}: one class index per row of input ${formatShape(scores.shape)} ` +
        `(classes along dim ${classDim})` +
        (squeezable ? ` — did you mean targets.squeeze(${targets.shape.indexOf(1)})?` : ""),
    );
  }
  if (targets.dtype !== "int32") {
    throw new ShapeError(
      `${shown} must hold class indices as int32, got ${targets.dtype} — convert with targets.int()`,
    );
  }
  const classes = scores.shape[classDim];
  for (const t of targets.data) {
    if (t !== ignoreIndex && (t < 0 || t >= classes)) {
      throw new ShapeError(`${shown}: class ${t} is out of range for ${classes} classes (0…${classes - 1})`);
    }
  }
}

/**
 * Negative log-likelihood of log-probabilities [N, C, d1…] (or [C]) at int32 class targets [N, d1…]:
 *   loss_i = −weight[t_i] · logp[i, t_i]
 */
export function nllLoss(logp: Tensor, targets: Tensor, options: NllLossOptions = {}): Tensor {
  const ignoreIndex = options.ignoreIndex ?? -100;
  checkClassTargets("nllLoss", logp, targets, ignoreIndex);
  return weightedNll(logp, targets, options, ignoreIndex).loss;
}

/** nllLoss on checked targets, with the per-sample weights and kept-mask that label smoothing reuses. */
function weightedNll(logp: Tensor, targets: Tensor, options: NllLossOptions, ignoreIndex: number) {
  const { picked, weights, kept } = pickTargets(logp, targets, options.weight, ignoreIndex);
  const losses = neg(mul(picked, weights));
  return { loss: reduceWeighted(losses, weights, options.reduction), weights, kept };
}

/** As `reduce`, but "mean" is the weighted mean Σ w_i·loss_i / Σ w_i (the losses already carry w_i). */
function reduceWeighted(losses: Tensor, weights: Tensor, reduction: Reduction = "mean"): Tensor {
  if (reduction === "none") return losses;
  return reduction === "sum" ? sum(losses) : div(sum(losses), sum(weights));
}

/** Each sample's score at its target class, and its weight (0 where the target is ignored). */
function pickTargets(scores: Tensor, targets: Tensor, weight: Tensor | undefined, ignoreIndex: number) {
  const classDim = scores.ndim === 1 ? 0 : 1;
  const kept = to(ne(targets, ignoreIndex), scores.dtype);
  const safe = where(ne(targets, ignoreIndex), targets, 0); // ignored targets read class 0, weighted 0
  const picked = squeeze(gather(scores, classDim, unsqueeze(safe, classDim)), classDim);
  const classWeight = weight
    ? reshape(indexSelect(weight, 0, reshape(safe, [-1])), targets.shape)
    : undefined;
  return { picked, kept, weights: classWeight ? mul(classWeight, kept) : kept };
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** mix each one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C */
  labelSmoothing?: number;
}

/**
 * Cross-entropy from logits [N, C, d1…] (or [C]): −log softmax(logits)[target].
 * Targets are int32 class indices [N, d1…], or class probabilities of logits' shape (a float tensor).
 *
 *   ∂/∂logits = softmax(logits) − onehot(target)   (per sample, before the reduction)
 */
export function crossEntropy(logits: Tensor, targets: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const eps = options.labelSmoothing ?? 0;
  if (eps < 0 || eps > 1) throw new RangeError(`crossEntropy: labelSmoothing must be in [0, 1], got ${eps}`);
  const classDim = logits.ndim === 1 ? 0 : 1;
  const logp = logSoftmax(logits, classDim);
  if (isFloat(targets.dtype)) return softCrossEntropy(logp, targets, eps, options);
  const ignoreIndex = options.ignoreIndex ?? -100;
  checkClassTargets("crossEntropy", logits, targets, ignoreIndex);
  const { loss: nll, weights, kept } = weightedNll(logp, targets, options, ignoreIndex);
  if (eps === 0) return nll;
  // Label smoothing adds ε/C × (−Σ_c w_c·logp_c) per sample, normalised like the nll part (as PyTorch).
  const classes = logits.shape[classDim];
  const perClass = options.weight ? mul(logp, classShaped(options.weight, logits)) : logp;
  const smooth = mul(neg(sum(perClass, classDim)), kept);
  return add(mul(nll, 1 - eps), mul(reduceWeighted(smooth, weights, options.reduction), eps / classes));
}

/** A [C] per-class tensor shaped to broadcast along the class dim of `scores`: [1, C, 1…]. */
function classShaped(perClass: Tensor, scores: Tensor): Tensor {
  if (scores.ndim === 1) return perClass;
  return reshape(
    perClass,
    scores.shape.map((s, d) => (d === 1 ? s : 1)),
  );
}

/** Cross-entropy against target distributions: −Σ_c w_c · p_c · logp_c, averaged over samples. */
function softCrossEntropy(logp: Tensor, targets: Tensor, eps: number, options: CrossEntropyOptions): Tensor {
  if (!sameShape(targets.shape, logp.shape)) {
    throw new ShapeError(
      `crossEntropy: float targets are class probabilities and must match logits ${formatShape(logp.shape)}, ` +
        `got ${formatShape(targets.shape)} — for class indices pass an int32 tensor (targets.int())`,
    );
  }
  const classDim = logp.ndim === 1 ? 0 : 1;
  const classes = logp.shape[classDim];
  const p = eps > 0 ? add(mul(targets, 1 - eps), eps / classes) : targets;
  const weighted = options.weight ? mul(p, classShaped(options.weight, logp)) : p;
  return reduce(neg(sum(mul(logp, weighted), classDim)), options.reduction);
}

/** Options of {@link binaryCrossEntropy}. */
export interface BceOptions extends LossOptions {
  /** rescales each element's loss; broadcasts against the input */
  weight?: Tensor;
}

/**
 * Binary cross-entropy of probabilities p ∈ [0, 1] against targets y:
 *   −w·(y·log p + (1 − y)·log(1 − p)), each log clamped at −100 as PyTorch does (so p = 0 gives 100, not ∞)
 */
export function binaryCrossEntropy(p: Tensor, y: Tensor, options: BceOptions = {}): Tensor {
  checkSameShape("binaryCrossEntropy", p, y);
  if (p.data.some((v) => v < 0 || v > 1)) {
    throw new RangeError(
      "binaryCrossEntropy: input must be probabilities in [0, 1] — for raw scores (logits) use bceWithLogits",
    );
  }
  const logP = clamp(log(p), -100);
  const log1mP = clamp(log(sub(1, p)), -100);
  const losses = neg(add(mul(y, logP), mul(sub(1, y), log1mP)));
  return reduce(options.weight ? mul(losses, options.weight) : losses, options.reduction);
}

/** Options of {@link bceWithLogits}. */
export interface BceWithLogitsOptions extends BceOptions {
  /** weight of the positive class, broadcast along the last dim: > 1 raises recall */
  posWeight?: Tensor;
}

/**
 * Binary cross-entropy of logits x, i.e. of p = σ(x), computed stably. Since log σ(x) = −softplus(−x) and
 * log(1 − σ(x)) = −softplus(x):
 *   loss = pw·y·softplus(−x) + (1 − y)·softplus(x)          ∂/∂x = σ(x) − y (when pw = 1)
 */
export function bceWithLogits(x: Tensor, y: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  checkSameShape("bceWithLogits", x, y);
  const positive = mul(y, softplus(neg(x)));
  const losses = add(
    options.posWeight ? mul(positive, options.posWeight) : positive,
    mul(sub(1, y), softplus(x)),
  );
  return reduce(options.weight ? mul(losses, options.weight) : losses, options.reduction);
}
