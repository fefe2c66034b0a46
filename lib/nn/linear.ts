// Linear (fully connected, "dense") layer: y = x Wᵀ + b.
import { empty } from "./parameter";
import { linear } from "../ops/matmul";
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { kaimingUniform, uniform } from "./init";

/** Options of {@link Linear}. */
export interface LinearOptions {
  /** learn a bias b (default true) */
  bias?: boolean;
}

/**
 * A fully connected layer: y = x Wᵀ + b, [*, inFeatures] → [*, outFeatures].
 * W starts Kaiming-uniform as in PyTorch.   ∂/∂x = g W, ∂/∂W = gᵀ x, ∂/∂b = Σ g
 * @example
 * const layer = new nn.Linear(3, 2);
 * layer.forward(ones([4, 3])).shape // [4, 2]
 */
export class Linear extends Module {
  /** [outFeatures, inFeatures], as in PyTorch, so weights copy across unchanged */
  weight: Tensor;
  /** [outFeatures], or null when made with `bias: false` */
  bias: Tensor | null;

  constructor(
    /** size of each input row */
    readonly inFeatures: number,
    /** size of each output row */
    readonly outFeatures: number,
    { bias = true }: LinearOptions = {},
  ) {
    super();
    // PyTorch's default: Kaiming-uniform with a = √5, i.e. U(−1/√in, 1/√in), for weight and bias alike
    this.weight = kaimingUniform(empty([outFeatures, inFeatures]), { a: Math.sqrt(5) });
    const bound = 1 / Math.sqrt(inFeatures);
    this.bias = bias ? uniform(empty([outFeatures]), -bound, bound) : null;
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias ?? undefined);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
