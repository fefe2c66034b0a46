// Node: one value in a Graph — a placeholder fed at run time, a variable, a constant, or the result of
// an op. A node holds no data of its own: it says how its value will be computed (the eager op and its
// arguments, with nodes where tensors go) and what shape and dtype that value will have.
import type { DType } from "../dtype";
import { Tensor } from "../tensor";
import type { Graph } from "./graph";
// Importing the op families installs their Tensor methods, which Node mirrors below.
import "../ops/arithmetic";
import "../ops/unary";
import "../ops/compare";
import "../ops/cast";
import "../ops/movement";
import "../ops/reduce";
import "../ops/activation";
import "../ops/matmul";
import "../ops/indexing";
import "../ops/join";
import "../ops/pad";
import "../ops/conv";
import "../ops/pool";
import "../ops/dropout";
import "../ops/normalization";

/** A size, or null where it is only known at run time (the batch size of a placeholder, say). */
export type Dim = number | null;

/**
 * What a node is: a placeholder (fed at run time), a variable (state each session keeps), a constant, an
 * op (computed from other nodes), or an update (a train op made by minimize()).
 */
export type NodeKind = "placeholder" | "variable" | "constant" | "op" | "update";

/** An eager function run as a graph op: called with the same arguments, tensors in place of nodes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type EagerFn = (...args: any[]) => Tensor;

/** How an op node computes its value: the eager op and its arguments, nodes standing for tensors. */
export interface OpSpec {
  /** the eager function the op runs */
  fn: EagerFn;
  /** its arguments, with nodes where tensors go */
  args: readonly unknown[];
  /**
   * a gradient node (gradients.ts), of its forward node by that node's input `input`: its first input is
   * the forward node, whose tape a session keeps
   */
  gradient?: { input: number };
  /**
   * its value is always new storage or a view of its inputs', never a tensor kept elsewhere (trace() says
   * so of library layers): a session may hand that storage back to the pool after its last use
   */
  fresh?: boolean;
  /**
   * calling it does nothing but compute its result (trace() says so of library layers without buffers):
   * the fusion pass may run it on made-up values to see whether it is elementwise
   */
  pure?: boolean;
}

/** What an update node (a train op) does: an optimizer steps `variables` along `gradients`. */
export interface UpdateSpec {
  /** the variables the optimizer updates */
  variables: readonly Node[];
  /** each variable's gradient node, in the same order */
  gradients: readonly Node[];
  /** makes the optimizer over a session's variable tensors: each session keeps its own optimizer state */
  makeOptimizer: (params: Tensor[]) => { step(): void };
}

/** Everything a node is made of: what {@link Graph.add} takes (passes, gradients() and minimize() build nodes this way). */
export interface NodeInit {
  /** unique in the graph */
  name: string;
  /** placeholder, variable, constant, op or update */
  kind: NodeKind;
  /** what computes it: the kind for leaves, an op's name ("matmul"), "minimize:SGD" */
  op: string;
  /** the nodes it is computed from, each once */
  inputs: readonly Node[];
  /** its shape, null for dims known only at run time */
  shape: readonly Dim[];
  /** its dtype */
  dtype: DType;
  /** the same computation run on example inputs, with unknown dims at two trial sizes (see infer.ts) */
  examples: readonly [Tensor, Tensor];
  /** ops only: the eager function and its arguments */
  spec?: OpSpec;
  /** a constant's value, or a variable's initial value */
  value?: Tensor;
  /** updates only: what the optimizer steps */
  update?: UpdateSpec;
  /** variables only: whether minimize() trains it (default false) */
  trainable?: boolean;
}

/**
 * One value in a {@link Graph}: a placeholder, variable, constant, op or update. A node holds no data: it
 * says how its value will be computed and what shape and dtype it will have (null dims: known at run
 * time). Calling Tensor's op methods on nodes (`x.matmul(w).add(b).relu()`) builds new nodes; a
 * {@link Session} computes their values.
 * @example
 * const g = new Graph();
 * const x = g.placeholder("x", [null, 3]);
 * const h = x.mul(2).sum(1);
 * String(h); // "sum = sum(mul, 1)  [null] float32"
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- its op methods' types, below
export class Node {
  /** the graph it belongs to */
  readonly graph: Graph;
  /** unique in its graph: feeds name placeholders this way, and sessions keep variables by name */
  readonly name: string;
  /** placeholder, variable, constant, op or update */
  readonly kind: NodeKind;
  /** what computes it: "placeholder", "variable", "constant", an op's name ("matmul"), "minimize" */
  readonly op: string;
  /** the nodes it is computed from, each once, in the order its arguments name them */
  readonly inputs: readonly Node[];
  /** its value's shape, checked when the node is built: null for dims known only at run time */
  readonly shape: readonly Dim[];
  /** its value's dtype */
  readonly dtype: DType;
  /** its value on example inputs, with unknown dims at two trial sizes: how shapes are inferred (see infer.ts) */
  readonly examples: readonly [Tensor, Tensor];
  /** ops only: the eager function and its arguments, nodes standing for tensors */
  readonly spec?: OpSpec;
  /** constants: the value; variables: the initial value each session starts from */
  readonly value?: Tensor;
  /** update nodes (train ops) only: what the optimizer steps */
  readonly update?: UpdateSpec;
  /** variables only: whether minimize() trains it */
  readonly trainable: boolean;

  constructor(graph: Graph, init: NodeInit) {
    this.graph = graph;
    this.name = init.name;
    this.kind = init.kind;
    this.op = init.op;
    this.inputs = init.inputs;
    this.shape = Object.freeze([...init.shape]);
    this.dtype = init.dtype;
    this.examples = init.examples;
    this.spec = init.spec;
    this.value = init.value;
    this.update = init.update;
    this.trainable = init.trainable ?? false;
  }

  /** The number of dims. */
  get ndim(): number {
    return this.shape.length;
  }

  /**
   * Runs this op's eager function on `values`, the values of `inputs` in order. This is the only way an op
   * node computes anything: graph mode has no maths of its own.
   */
  call(values: readonly Tensor[]): Tensor {
    if (!this.spec) throw new Error(`node ${this.name} (${this.kind}) is not an op`);
    this.bind ??= binder(this.spec.args, this.inputs);
    return this.spec.fn(...this.bind(values));
  }

  /** the op's arguments for its inputs' values (made on the first call: runs only fill them in) */
  private bind?: (values: readonly Tensor[]) => unknown[];

  /** The matrix transpose, as Tensor's `.T`. */
  get T(): Node {
    return this.graph.addOp("transpose", methodFn("transpose"), [this]);
  }

  /** One line of a listing: `h = relu(a)   [null,10] float32`. */
  toString(): string {
    return `${this.name} = ${describe(this)}  ${formatDims(this.shape)} ${this.dtype}`;
  }
}

/** `[null,784]` */
export const formatDims = (shape: readonly Dim[]): string =>
  `[${shape.map((d) => (d === null ? "null" : d)).join(",")}]`;

/** The right-hand side of a node's listing line. */
function describe(node: Node): string {
  if (node.kind === "op") return `${node.op}(${node.spec!.args.map(formatArg).join(", ")})`;
  if (node.kind === "update") return `${node.op}(${node.inputs.map((n) => n.name).join(", ")})`;
  if (node.kind === "constant" && node.value!.size === 1) return `constant ${node.value!.data[0]}`;
  return node.kind;
}

function formatArg(arg: unknown): string {
  if (arg instanceof Node) return arg.name;
  if (arg instanceof Tensor) return `tensor${formatDims(arg.shape)}`;
  if (Array.isArray(arg)) return `[${arg.map(formatArg).join(", ")}]`;
  if (isPlainObject(arg))
    return `{ ${Object.entries(arg)
      .map(([k, v]) => `${k}: ${formatArg(v)}`)
      .join(", ")} }`;
  return typeof arg === "function" ? arg.name || "fn" : String(arg);
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** `value` with every Node in it (at top level, in arrays, in option objects) replaced by `f(node)`. */
export function mapNodes(value: readonly unknown[], f: (n: Node) => unknown): unknown[];
export function mapNodes(value: unknown, f: (n: Node) => unknown): unknown;
export function mapNodes(value: unknown, f: (n: Node) => unknown): unknown {
  if (value instanceof Node) return f(value);
  if (Array.isArray(value)) return value.map((v) => mapNodes(v, f));
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapNodes(v, f)]));
  return value;
}

/**
 * A function from the values of `inputs` to `args` with each node replaced by its value. Where every
 * argument is a node or a plain value (the usual case: `add(x, 2)`), it only picks values by position.
 */
function binder(args: readonly unknown[], inputs: readonly Node[]): (values: readonly Tensor[]) => unknown[] {
  const slots = args.map((a) => (a instanceof Node ? inputs.indexOf(a) : -1));
  if (args.every((a, i) => slots[i] >= 0 || !(Array.isArray(a) || isPlainObject(a))))
    return (values) => args.map((a, i) => (slots[i] >= 0 ? values[slots[i]] : a));
  return (values) => mapNodes(args, (n) => values[inputs.indexOf(n)]);
}

/** The distinct nodes in `args`, in the order they appear. */
export function nodesIn(args: readonly unknown[]): Node[] {
  const found = new Set<Node>();
  mapNodes(args, (n) => found.add(n));
  return [...found];
}

// ---- Node mirrors Tensor's op methods: `x.matmul(W).add(b).relu()` builds nodes. ----

/** Tensor methods that are not ops on values (they read data or touch autograd state). */
const notOps = new Set([
  "constructor",
  "toString",
  "backward",
  "zeroGrad",
  "detach",
  "registerHook",
  "retainGrad",
  "requiresGrad_",
  "toArray",
  "item",
  "dataSync",
  "numel",
]);

/** One shared function per method, so two nodes made by the same method compare equal in CSE. */
const methodFns = new Map<string, EagerFn>();

/** Whether a node was made by one of Node's op methods (`x.add(y)`), not by g.apply or trace. */
export const madeByMethod = (node: Node): boolean => !!node.spec && methodFns.get(node.op) === node.spec.fn;
/** The function behind Node's op method `name` (one per method): `addOp(name, methodFn(name), [x, …])` is `x[name](…)`. */
export function methodFn(name: string): EagerFn {
  let fn = methodFns.get(name);
  if (!fn) {
    // named after the method, so a listing reads "relu(h)"
    fn = {
      [name]: (self: Tensor, ...rest: unknown[]) =>
        (self as unknown as Record<string, (...a: unknown[]) => Tensor>)[name](...rest),
    }[name];
    methodFns.set(name, fn);
  }
  return fn;
}

for (const name of Object.getOwnPropertyNames(Tensor.prototype)) {
  const descriptor = Object.getOwnPropertyDescriptor(Tensor.prototype, name)!;
  if (notOps.has(name) || typeof descriptor.value !== "function") continue;
  Object.defineProperty(Node.prototype, name, {
    value: function (this: Node, ...args: unknown[]) {
      return this.graph.addOp(name, methodFn(name), [this, ...args]);
    },
    writable: true,
    configurable: true,
  });
}

// ---- their types: each Tensor method, with nodes allowed wherever it takes tensors ----

/** A tensor argument may be a node (or stay a tensor: it becomes a constant). */
type Sym<T> = T extends Tensor ? Node | Tensor : T extends readonly (infer E)[] ? readonly Sym<E>[] : T;
type SymArgs<A extends unknown[]> = { [K in keyof A]: Sym<A[K]> };
type OpMethodName = {
  [K in keyof Tensor]-?: Tensor[K] extends (...args: never[]) => Tensor ? K : never;
}[keyof Tensor];
type NodeMethods = {
  [K in Exclude<OpMethodName, "detach" | "requiresGrad_" | "retainGrad">]: Tensor[K] extends (
    ...args: infer A
  ) => Tensor
    ? (...args: SymArgs<A>) => Node
    : never;
};

// Declaration merging: the class above gets these methods' types; the loop above installs them.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface Node extends NodeMethods {}
