// Sequential: layers applied one after another, the output of each the input of the next.
import type { Tensor } from "../tensor";
import { Module } from "./module";

/**
 * Layers applied one after another: `forward(x)` is `layers[n−1](… layers[0](x))`.
 * @example
 * const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 2));
 * model.forward(zeros([5, 2])).shape // [5, 2]
 */
export class Sequential extends Module {
  /** the layers, in order */
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

  /** how many layers */
  get length(): number {
    return this.layers.length;
  }

  /** The layer at `index` (negative counts from the end). */
  at(index: number): Module | undefined {
    return this.layers.at(index);
  }
}
