// Conv2d: a bank of learned filters slid over the image, [N, C, H, W] → [N, O, OH, OW].
import { conv2d, pair, type Conv2dOptions, type Pair } from "../ops/conv";
import type { Tensor } from "../tensor";
import { kaimingUniform, uniform } from "./init";
import { Module } from "./module";
import { empty } from "./parameter";

export interface Conv2dLayerOptions extends Conv2dOptions {
  /** learn a bias per output channel (default true) */
  bias?: boolean;
}

/**
 * 2-D convolution layer: [N, inChannels, H, W] → [N, outChannels, H', W'], with
 * H' = ⌊(H + 2·padding − dilation·(kh − 1) − 1) / stride⌋ + 1 (see {@link conv2d}). Weights as PyTorch's.
 * @example
 * const conv = new nn.Conv2d(1, 8, 3, { padding: 1 });
 * conv.forward(zeros([2, 1, 28, 28])).shape // [2, 8, 28, 28]
 */
export class Conv2d extends Module {
  /** [outChannels, inChannels / groups, kh, kw] (OIHW, as PyTorch) */
  weight: Tensor;
  /** [outChannels], or null when made with `bias: false` */
  bias: Tensor | null;
  /** [kh, kw] */
  readonly kernelSize: [number, number];
  /** stride, padding, dilation and groups, as given */
  readonly options: Conv2dOptions;

  constructor(
    /** C, channels of the input */
    readonly inChannels: number,
    /** F, channels (filters) of the output */
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
