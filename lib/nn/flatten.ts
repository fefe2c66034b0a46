// Flatten: [N, C, H, W] → [N, C·H·W], the bridge from convolutions to dense layers.
import { flatten } from "../ops/movement";
import type { Tensor } from "../tensor";
import { Module } from "./module";

/** Merges dims startDim..endDim (default 1..−1): [N, C, H, W] → [N, C·H·W], before a Linear layer. */
export class Flatten extends Module {
  constructor(
    /** first dim merged (default 1: keeps the batch dim) */
    readonly startDim = 1,
    /** last dim merged (default −1) */
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
