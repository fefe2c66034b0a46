// Linear (fully connected, "dense") layer: y = x Wᵀ + b.
import { empty } from "./parameter";
import { linear } from "../ops/matmul";
import type { Tensor } from "../tensor";
import { Module } from "./module";
import { kaimingUniform, uniform } from "./init";

export interface LinearOptions {
  bias?: boolean;
}

export class Linear extends Module {
  /** [outFeatures, inFeatures], as in PyTorch, so weights copy across unchanged */
  weight: Tensor;
  bias: Tensor | null;

  constructor(
    readonly inFeatures: number,
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
