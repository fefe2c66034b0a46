// Pooling layers: summarise each window by its max or mean, shrinking the image and adding a little
// translation invariance. No parameters.
import { avgPool2d, maxPool2d, type AvgPool2dOptions, type Pool2dOptions } from "../ops/pool";
import type { Pair } from "../ops/conv";
import type { Tensor } from "../tensor";
import { Module } from "./module";

const describe = (kernelSize: Pair, options: object) =>
  [
    `kernelSize=${JSON.stringify(kernelSize)}`,
    ...Object.entries(options).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
  ].join(", ");

export class MaxPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: Pool2dOptions = {},
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return describe(this.kernelSize, this.options);
  }
}

export class AvgPool2d extends Module {
  constructor(
    readonly kernelSize: Pair,
    readonly options: AvgPool2dOptions = {},
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return avgPool2d(x, this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return describe(this.kernelSize, this.options);
  }
}
