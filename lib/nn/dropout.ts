// Dropout: while training, zero each activation with probability p (and scale the rest by 1/(1 − p)),
// so the network cannot rely on any single unit; in eval() it passes everything through.
import { dropout } from "../ops/dropout";
import type { Tensor } from "../tensor";
import { Module } from "./module";

/**
 * Dropout as a layer: while training, zeroes each element with probability p and scales the rest
 * by 1/(1 − p); in eval() it passes x through (see {@link dropout}).
 */
export class Dropout extends Module {
  /** @param p probability of zeroing each element (default 0.5) */
  constructor(readonly p = 0.5) {
    super();
  }
  forward(x: Tensor): Tensor {
    return dropout(x, this.p, { training: this.training });
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
