// Conv2d: a bank of learned filters slid over the image, [N, C, H, W] → [N, O, OH, OW].
import { conv2d, pair, type Conv2dOptions, type Pair } from "../ops/conv";
import type { Tensor } from "../tensor";
import { kaimingUniform, uniform } from "./init";
import { Module } from "./module";
import { empty } from "./parameter";

export interface Conv2dLayerOptions extends Conv2dOptions {
  bias?: boolean;
}

export class Conv2d extends Module {
  /** [outChannels, inChannels / groups, kh, kw] (OIHW, as PyTorch) */
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: [number, number];
  readonly options: Conv2dOptions;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: Pair,
    { bias = true, ...options }: Conv2dLayerOptions = {},
  ) {
    super();
    this.kernelSize = pair(kernelSize);
    this.options = options;
    const groups = options.groups ?? 1;
    // PyTorch's default init: U(−1/√fanIn, 1/√fanIn) for weight and bias, fanIn = C/groups · kh · kw
    this.weight = kaimingUniform(empty([outChannels, inChannels / groups, ...this.kernelSize]), {
      a: Math.sqrt(5),
    });
    const bound = 1 / Math.sqrt((inChannels / groups) * this.kernelSize[0] * this.kernelSize[1]);
    this.bias = bias ? uniform(empty([outChannels]), -bound, bound) : null;
  }

  forward(x: Tensor): Tensor {
    return conv2d(x, this.weight, this.bias ?? undefined, this.options);
  }

  override extraRepr(): string {
    const extras = Object.entries(this.options).map(([k, v]) => `, ${k}=${JSON.stringify(v)}`);
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize}]${extras.join("")}${this.bias ? "" : ", bias=false"}`;
  }
}
