// Dropout (Srivastava et al., 2014): while training, zero each element with probability p and scale the
// survivors by 1/(1 − p), so every element keeps its expected value and evaluation needs no rescaling.
// The random mask comes from the global seeded generator: manualSeed(n) makes it reproducible.
import { map } from "./elementwise";
import { mul } from "./arithmetic";
import { rand } from "../creation";
import { floatOf } from "../dtype";
import type { Tensor } from "../tensor";
import { addMethods } from "./methods";

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** drop only while training (the default, as F.dropout); when false dropout is the identity */
  training?: boolean;
}

/**
 * y = x · mask / (1 − p), mask ~ Bernoulli(1 − p).   ∂/∂x = mask / (1 − p): the same elements are dropped
 * in the backward pass. Composed of mul, so it needs no backward of its own.
 */
export function dropout(x: Tensor, p = 0.5, options: DropoutOptions = {}): Tensor {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout: p is a probability in [0, 1], got ${p}`);
  if (options.training === false || p === 0) return x;
  const keep = 1 - p;
  // p = 1 drops everything (keep = 0); the scale is then irrelevant, so avoid 1/0
  const mask = map(rand(x.shape), (u) => (u < keep ? 1 / keep : 0), floatOf(x.dtype));
  return mul(x, mask);
}

declare module "../tensor" {
  interface Tensor {
    /**
     * Zeroes each element with probability p (default 0.5) and scales the rest by 1/(1 − p); identity when `training` is false.
     */
    dropout(p?: number, options?: DropoutOptions): Tensor;
  }
}

addMethods({ dropout });
