// Sequential: layers applied one after another, the output of each the input of the next.
import type { Tensor } from "../tensor";
import { Module } from "./module";

export class Sequential extends Module {
  readonly layers: Module[];

  constructor(...layers: Module[]) {
    super();
    this.layers = layers;
  }

  forward(x: Tensor): Tensor {
    return this.layers.reduce((h, layer) => layer.forward(h), x);
  }

  /** Children are named by position, "0", "1", …, so parameter names match PyTorch's ("0.weight"). */
  override children(): [string, Module][] {
    return this.layers.map((layer, i) => [String(i), layer]);
  }

  /** Appends a layer. */
  add(layer: Module): this {
    this.layers.push(layer);
    return this;
  }

  get length(): number {
    return this.layers.length;
  }

  at(index: number): Module | undefined {
    return this.layers.at(index);
  }
}
