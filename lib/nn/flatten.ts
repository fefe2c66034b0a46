// Flatten: [N, C, H, W] → [N, C·H·W], the bridge from convolutions to dense layers.
import { flatten } from "../ops/movement";
import type { Tensor } from "../tensor";
import { Module } from "./module";

export class Flatten extends Module {
  constructor(
    readonly startDim = 1,
    readonly endDim = -1,
  ) {
    super();
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
