// Tensor: an n-d array of numbers with a shape, a dtype, contiguous row-major storage, and — when it
// was made by an op on tensors that require gradients — a link to that op (the tape autograd walks).
import { type DType, type Storage, dtypeOf, isFloat } from "./dtype";
import { formatTensor, htmlTensor } from "./format";
import { type Shape, ShapeError, formatShape, sizeOf } from "./shape";

/** A number stands for a 0-d tensor wherever a tensor is expected: `x.mul(2)`. */
export type TensorLike = Tensor | number;

/** Nested arrays of numbers (or booleans), as `tensor()` takes and `toArray()` gives. */
export type NestedArray = number | boolean | NestedArray[];

/** The op that produced a tensor: what autograd replays backwards and what the graph widgets draw. */
export interface GradFn {
  /** the op's name, e.g. "mul", "matmul", "relu" */
  op: string;
  /** the tensors the op read, in order: backward returns one gradient for each */
  inputs: Tensor[];
  /** gradients of the inputs given the output's gradient (null for inputs that need none); null once freed */
  backward: ((grad: Tensor) => (Tensor | null)[]) | null;
  /** the op's arguments worth showing, e.g. { dim: 1 } */
  attrs?: Record<string, unknown>;
  /** where the output was created, in anomaly mode: the user's source line */
  createdAt?: string;
  /** the modules whose forward() was running, outermost first (how the graph widget groups ops by layer) */
  scopes?: readonly object[];
}

/**
 * Where gradient flow was cut: a tensor computed under noGrad from tensors that require grad, or the
 * result of detach(). Nothing flows back through it; the graph widget draws it as a dashed edge.
 */
export interface GradCut {
  /** why the flow stops here: computed under noGrad, or made by detach() */
  reason: "noGrad" | "detach";
  /** the op computed under noGrad (absent for detach) */
  op?: string;
  /** the tensors it was computed from that required grad */
  from: Tensor[];
}

/** A gradient hook: sees the gradient flowing into a tensor and may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

/** Options of the Tensor constructor (and, through CreateOptions, of every creation function). */
export interface TensorOptions {
  /** track operations on this tensor, so backward() fills its `grad` (default false) */
  requiresGrad?: boolean;
  /** a label shown in tensor printouts, the graph widget and error messages */
  name?: string;
}

let recorder: Tensor[] | undefined;
let recycle: (t: Tensor) => void;
let peek: (t: Tensor) => Storage | null;

/**
 * Lists every tensor constructed from now on in `list` (undefined stops); returns the previous list. How a
 * step scope (step-scope.ts) learns which tensors its step made.
 */
export function recordTensors(list: Tensor[] | undefined): Tensor[] | undefined {
  const previous = recorder;
  recorder = list;
  return previous;
}

/** Marks `t` as one whose storage went back to the storage pool: reading its values now throws. */
export function markRecycled(t: Tensor): void {
  recycle(t);
}

/** The storage of `t`, or null once it was recycled (where `t.data` would throw). */
export function storageOf(t: Tensor): Storage | null {
  return peek(t);
}

/**
 * A tensor whose storage was reused: it was made inside a training step (fit(), or your stepScope()) and
 * nothing the step keeps held it, so its memory went to the next step's tensors.
 */
export class RecycledTensorError extends Error {
  /** "RecycledTensorError", so a notebook's traceback names it */
  override name = "RecycledTensorError";
  constructor(t: Tensor) {
    const what = `${t.name ? `"${t.name}" ` : ""}${t.gradFn ? `(made by ${t.gradFn.op}) ` : ""}`;
    super(
      `this tensor ${what}of shape ${formatShape(t.shape)} was made inside a training step (fit() or ` +
        "stepScope()) and its memory was reused for the next step's tensors once the step ended, so its " +
        "values are gone. To keep a value past the step, call keep(t) on it inside the step (or return it " +
        "from stepScope), or copy out what you need there, e.g. t.item() or t.toArray().",
    );
  }
}

/**
 * An n-dimensional array of numbers that remembers how it was computed, so `backward()` can find
 * the gradient of a result with respect to it. Ops are functions (`add(a, b)`) and methods (`a.add(b)`).
 * @example
 * const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const loss = w.mul(w).sum();
 * loss.backward();
 * w.grad; // [[2, 4], [6, 8]]  (∂/∂w of Σw² is 2w)
 */
export class Tensor {
  /** size of each dimension, outermost first: [rows, columns] for a matrix, [] for a scalar */
  readonly shape: readonly number[];
  #data: Storage | null;
  /** whether backward() computes a gradient for this tensor (set it with requiresGrad_()) */
  requiresGrad: boolean;
  /** the accumulated gradient, filled in by backward() on leaves (and on tensors that retainGrad()) */
  grad: Tensor | null = null;
  /** a label shown in printouts, the graph widget and error messages */
  name?: string;
  /** the op that made this tensor; null for leaves (tensors you created) */
  gradFn: GradFn | null = null;
  /** functions called with this tensor's gradient during backward (see registerHook) */
  hooks: GradHook[] = [];
  /** true after retainGrad(): backward() keeps this non-leaf tensor's gradient in `grad` */
  retainsGrad = false;
  /** set where this tensor was cut off from a graph (noGrad, detach): for drawing, autograd ignores it */
  cut?: GradCut;

  constructor(data: Storage, shape: Shape, options: TensorOptions = {}) {
    if (sizeOf(shape) !== data.length) {
      throw new ShapeError(
        `Tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values, got ${data.length}`,
      );
    }
    this.#data = data;
    recorder?.push(this);
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = false;
    if (options.requiresGrad) this.requiresGrad_();
    this.name = options.name;
  }

  /** the values, flat, in row-major order (the last dim varies fastest) */
  get data(): Storage {
    const data = this.#data;
    if (data === null) throw new RecycledTensorError(this);
    return data;
  }

  static {
    recycle = (t) => void (t.#data = null);
    peek = (t) => t.#data;
  }

  /** the element type: "float32" (the default), "float64", "int32" or "bool" */
  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /** number of dimensions */
  get ndim(): number {
    return this.shape.length;
  }

  /** number of elements */
  get size(): number {
    return this.data.length;
  }

  /** number of elements (as `size`), PyTorch's name */
  numel(): number {
    return this.data.length;
  }

  /** A leaf was made by you, not by an op: gradients accumulate into leaves. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** the flat values (as `data`), tfjs's name */
  dataSync(): Storage {
    return this.data;
  }

  /** The values as nested arrays (numbers; booleans for bool tensors). */
  toArray(): NestedArray {
    const asValue = this.dtype === "bool" ? (v: number) => v !== 0 : (v: number) => v;
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.ndim) return asValue(this.data[offset]);
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) {
      throw new ShapeError(
        `item: only one-element tensors have an item; this one has shape ${formatShape(this.shape)} ` +
          `(${this.size} elements). Reduce it first (e.g. x.sum().item()) or use toArray().`,
      );
    }
    return this.data[0];
  }

  /** Turns on gradient tracking for this leaf (in place, like PyTorch's `requires_grad_()`). */
  requiresGrad_(requiresGrad = true): this {
    if (!this.isLeaf && !requiresGrad) {
      throw new Error("requiresGrad_: only leaves can stop requiring grad; use detach() on an op's output");
    }
    if (requiresGrad && !isFloat(this.dtype)) {
      // a gradient is a rate of change: integers and booleans have none (as in PyTorch)
      throw new TypeError(
        `requiresGrad: only float tensors can require gradients; this one is ${this.dtype} — use .float() first`,
      );
    }
    this.requiresGrad = requiresGrad;
    return this;
  }

  /** The same values, cut off from the graph: no gradient flows through. Shares storage. */
  detach(): Tensor {
    const out = new Tensor(this.data, this.shape, { name: this.name });
    if (this.requiresGrad) out.cut = { reason: "detach", from: [this] };
    return out;
  }

  /** Calls `hook(grad)` when this tensor's gradient is computed; the hook may return a replacement. */
  registerHook(hook: GradHook): () => void {
    if (!this.requiresGrad) throw new Error("registerHook: this tensor does not require grad");
    this.hooks.push(hook);
    return () => this.hooks.splice(this.hooks.indexOf(hook) >>> 0, 1);
  }

  /** Keeps the gradient of a non-leaf tensor in `.grad` after backward(). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new Error("retainGrad: this tensor does not require grad, so it gets none");
    this.retainsGrad = true;
    return this;
  }

  /** The tensor as text: its values (abbreviated when large), shape and dtype. */
  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** The notebook display hook: any kernel that knows Deno's convention renders a tensor with it. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/plain": this.toString(), "text/html": htmlTensor(this) };
  }
}
