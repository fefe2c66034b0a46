// Pooling layers: summarise each window by its max or mean, shrinking the image and adding a little
// translation invariance. No parameters.
import { avgPool2d, maxPool2d, type AvgPool2dOptions, type Pool2dOptions } from "../ops/pool";
import type { Pair } from "../ops/conv";
import type { Tensor } from "../tensor";
import { Module } from "./module";

/** A pooling module: forward(x) calls `pool` with the window and options it was made with. */
abstract class Pool2d<Options extends Pool2dOptions> extends Module {
  constructor(
    /** the window: one number or [kh, kw] */
    readonly kernelSize: Pair,
    /** stride and padding (stride defaults to the window) */
    readonly options: Options = {} as Options,
  ) {
    super();
  }
  protected abstract pool(x: Tensor, kernelSize: Pair, options: Options): Tensor;
  forward(x: Tensor): Tensor {
    return this.pool(x, this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return [
      `kernelSize=${JSON.stringify(this.kernelSize)}`,
      ...Object.entries(this.options).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ].join(", ");
  }
}

/**
 * Max pooling as a layer: [N, C, H, W] → [N, C, H/k, W/k] with the default stride (see {@link maxPool2d}).
 */
export class MaxPool2d extends Pool2d<Pool2dOptions> {
  protected pool = maxPool2d;
}

/** Average pooling as a layer (see {@link avgPool2d}). */
export class AvgPool2d extends Pool2d<AvgPool2dOptions> {
  protected pool = avgPool2d;
}
