// Activation functions as modules, so they can sit in a Sequential. Each forwards to its op.
import { gelu, leakyRelu, logSoftmax, relu, sigmoid, softmax, tanh } from "../ops/activation";
import type { Tensor } from "../tensor";
import { Module } from "./module";

/**
 * max(0, x) as a layer (see {@link relu}).
 * @example
 * new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 1))
 */
export class ReLU extends Module {
  forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** x where x > 0, else negativeSlope · x, as a layer (see {@link leakyRelu}). */
export class LeakyReLU extends Module {
  /** @param negativeSlope the slope for x < 0 (default 0.01) */
  constructor(readonly negativeSlope = 0.01) {
    super();
  }
  forward(x: Tensor): Tensor {
    return leakyRelu(x, this.negativeSlope);
  }
  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}`;
  }
}

/** σ(x) = 1 / (1 + e⁻ˣ) as a layer (see {@link sigmoid}). */
export class Sigmoid extends Module {
  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** tanh(x) as a layer (see {@link tanh}). */
export class Tanh extends Module {
  forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** x · Φ(x) as a layer (see {@link gelu}). */
export class GELU extends Module {
  /** @param approximate "tanh" for GPT-2's approximation (default "none": the exact erf form) */
  constructor(readonly approximate: "none" | "tanh" = "none") {
    super();
  }
  forward(x: Tensor): Tensor {
    return gelu(x, { approximate: this.approximate });
  }
  override extraRepr(): string {
    return this.approximate === "none" ? "" : `approximate="${this.approximate}"`;
  }
}

/** Softmax along `dim` as a layer (see {@link softmax}). */
export class Softmax extends Module {
  /** @param dim the dim whose slices sum to 1 (default −1, the last) */
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return softmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Log-softmax along `dim` as a layer (see {@link logSoftmax}); pair it with NLLLoss. */
export class LogSoftmax extends Module {
  /** @param dim the dim whose slices sum to 1 (default −1, the last) */
  constructor(readonly dim = -1) {
    super();
  }
  forward(x: Tensor): Tensor {
    return logSoftmax(x, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
