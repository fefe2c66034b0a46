// Module: the base of every layer and model. A module owns tensors (its parameters, and buffers such as
// BatchNorm's running mean) and other modules (its children), found by looking at its own properties —
// so `this.weight = ...` in a constructor is all it takes to register a parameter, as in PyTorch.
import { inScope, noGrad } from "../autograd";
import { formatShape } from "../shape";
import { Tensor } from "../tensor";
import { saveSafetensors, loadSafetensors } from "../io/safetensors";
import { summary, type Summary } from "./summary";

/**
 * The base of every layer and model: subclass it, assign layers and parameters in the constructor, and
 * write forward(). parameters() finds every learnable tensor, stateDict() every saved one.
 * @example
 * class MLP extends nn.Module {
 *   fc1 = new nn.Linear(2, 16);
 *   fc2 = new nn.Linear(16, 1);
 *   forward(x: Tensor) {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 */
export abstract class Module {
  /** true while training: Dropout drops and BatchNorm uses batch statistics; eval() turns it off */
  training = true;
  /** names of tensor properties that are state but not learned (e.g. running statistics) */
  private readonly bufferNames = new Set<string>();

  constructor() {
    // Every forward() call — yours, or Sequential's on its layers — runs with this module on autograd's
    // scope stack, so each op remembers which layer made it and the graph widget can draw layers as boxes.
    // (An own property wrapping the subclass's method: subclasses keep writing a plain forward().)
    const forward = this.forward;
    Object.defineProperty(this, "forward", {
      value: (...inputs: Tensor[]) => inScope(this, () => forward.apply(this, inputs)),
      enumerable: false, // not a child, parameter or buffer: children() and stateDict() look at own properties
      writable: true,
    });
  }

  /** The computation: what `model.forward(x)` returns. */
  abstract forward(...inputs: Tensor[]): Tensor;

  /** Stores `value` as a buffer: saved in stateDict(), moved by loadStateDict(), never trained. */
  protected registerBuffer(name: string, value: Tensor): Tensor {
    this.bufferNames.add(name);
    (this as Record<string, unknown>)[name] = value;
    return value;
  }

  /**
   * The direct sub-modules, by property name. An array of modules counts too, its items named
   * "blocks.0", "blocks.1", … (PyTorch's ModuleList); Sequential names its layers "0", "1", ….
   */
  children(): [string, Module][] {
    return Object.entries(this).flatMap(([name, value]): [string, Module][] => {
      if (value instanceof Module) return [[name, value]];
      if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Module))
        return value.map((m: Module, i): [string, Module] => [`${name}.${i}`, m]);
      return [];
    });
  }

  /** This module's own tensors, split into parameters and buffers. */
  private ownTensors(): { params: [string, Tensor][]; buffers: [string, Tensor][] } {
    const tensors = Object.entries(this).filter((e): e is [string, Tensor] => e[1] instanceof Tensor);
    return {
      params: tensors.filter(([name]) => !this.bufferNames.has(name)),
      buffers: tensors.filter(([name]) => this.bufferNames.has(name)),
    };
  }

  /** Every module in the tree, this one first, with dotted paths ("" for the root). */
  namedModules(prefix = ""): [string, Module][] {
    const below = this.children().flatMap(([name, child]) =>
      child.namedModules(prefix ? `${prefix}.${name}` : name),
    );
    return [[prefix, this], ...below];
  }

  /** Every learnable tensor with its dotted path, e.g. ["0.weight", …], as PyTorch names them. */
  namedParameters(): [string, Tensor][] {
    return this.namedModules().flatMap(([path, m]) =>
      m.ownTensors().params.map(([name, t]): [string, Tensor] => [path ? `${path}.${name}` : name, t]),
    );
  }

  /** Every learnable tensor: what an optimizer updates. */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Every buffer (state that is saved but not learned, such as BatchNorm's running mean) by dotted name. */
  namedBuffers(): [string, Tensor][] {
    return this.namedModules().flatMap(([path, m]) =>
      m.ownTensors().buffers.map(([name, t]): [string, Tensor] => [path ? `${path}.${name}` : name, t]),
    );
  }

  /** Training mode (the default) for this module and all below it. */
  train(mode = true): this {
    for (const [, m] of this.namedModules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: Dropout passes everything through, BatchNorm uses its running statistics. */
  eval(): this {
    return this.train(false);
  }

  /** Forgets every parameter's gradient: gradients add up across backward() calls until you do. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /** Number of values in the parameters (all of them, or with `trainableOnly` those that require grad). */
  parameterCount(trainableOnly = false): number {
    return this.parameters()
      .filter((p) => !trainableOnly || p.requiresGrad)
      .reduce((n, p) => n + p.size, 0);
  }

  /** Parameters and buffers by dotted name: the weights, as saved to and loaded from files. */
  stateDict(): Record<string, Tensor> {
    return Object.fromEntries([...this.namedParameters(), ...this.namedBuffers()]);
  }

  /** Copies values into the parameters and buffers in place (optimizers keep their references). */
  loadStateDict(state: Record<string, Tensor>, { strict = true } = {}): void {
    const own = this.stateDict();
    if (strict) {
      const missing = Object.keys(own).filter((k) => !(k in state));
      const unexpected = Object.keys(state).filter((k) => !(k in own));
      if (missing.length || unexpected.length)
        throw new Error(
          `loadStateDict: missing ${JSON.stringify(missing)}, unexpected ${JSON.stringify(unexpected)}`,
        );
    }
    for (const [name, target] of Object.entries(own)) {
      const source = state[name];
      if (!source) continue;
      if (source.size !== target.size)
        throw new Error(
          `loadStateDict: "${name}" is ${formatShape(source.shape)} in the file but ${formatShape(target.shape)} in the model`,
        );
      noGrad(() => target.data.set(source.data));
    }
  }

  /** Writes the state dict as a .safetensors file (readable by PyTorch's safetensors tooling). */
  save(path: string, metadata: Record<string, string> = {}): void {
    saveSafetensors(path, this.stateDict(), { format: "pt", model: this.constructor.name, ...metadata });
  }

  /** Loads weights saved by save() — or by PyTorch's `safetensors.torch.save_file` — into this model. */
  load(path: string, options: { strict?: boolean } = {}): this {
    this.loadStateDict(loadSafetensors(path), options);
    return this;
  }

  /** Layer by layer: output shape and parameter count for one input of `inputShape` (no batch dim). */
  summary(inputShape: readonly number[]): Summary {
    return summary(this, inputShape);
  }

  /** The layer's settings, shown inside its parentheses by toString(), e.g. "inFeatures=2, outFeatures=3". */
  extraRepr(): string {
    return "";
  }

  /** PyTorch-style: the class, its settings, and its children indented below it. */
  toString(): string {
    const kids = this.children();
    const head = `${this.constructor.name}(${this.extraRepr()}`;
    if (!kids.length) return `${head})`;
    const lines = kids.map(([name, child]) => `  (${name}): ${child.toString().replace(/\n/g, "\n  ")}`);
    return `${head}\n${lines.join("\n")}\n)`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
