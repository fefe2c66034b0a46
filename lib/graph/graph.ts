// Graph: a computation written down before it runs (define-then-run, as in TensorFlow 1). Building it
// computes nothing a student needs to wait for; a Session runs it. Because the whole computation is known
// in advance it can be checked (shapes, when each node is built), pruned, optimised and planned.
import type { DType } from "../dtype";
import { Tensor } from "../tensor";
import { asTensor } from "../ops/elementwise";
import { inferNode, placeholderExamples } from "./infer";
import { type Dim, type EagerFn, Node, type NodeInit, nodesIn, type OpSpec } from "./node";

/**
 * A computation written down before it runs (define-then-run, as in TensorFlow 1): placeholders fed at
 * run time, variables, constants, and ops built by calling Tensor's methods on nodes. Each node's shape is
 * checked as it is built; a {@link Session} runs it.
 * @example
 * const g = new Graph();
 * const x = g.placeholder("x", [null, 2]);           // a batch of any size
 * const w = g.variable("w", randn([2, 1]));
 * const y = x.matmul(w).sigmoid();                    // nodes, not values: [null,1] float32
 * new Session(g).run(y, { x: tensor([[1, 2], [3, 4]]) }); // a [2, 1] tensor
 */
export class Graph {
  /** every node, in the order it was built (so inputs always come before the nodes using them) */
  readonly nodes: Node[] = [];
  private readonly byName = new Map<string, Node>();

  /** A value fed at run time: `placeholder("x", [null, 784])` is a batch of any size of 784 numbers. */
  placeholder(name: string, shape: readonly Dim[], dtype: DType = "float32"): Node {
    const examples = placeholderExamples(shape, dtype);
    return this.add({ name, kind: "placeholder", op: "placeholder", inputs: [], shape, dtype, examples });
  }

  /** State kept by each session between runs, starting at `initial` (copied); minimize() trains it. */
  variable(name: string, initial: Tensor, { trainable = true } = {}): Node {
    const value = new Tensor(initial.data.slice(), initial.shape);
    return this.leaf(name, "variable", value, trainable);
  }

  /** A fixed value. */
  constant(value: Tensor | number, name?: string): Node {
    return this.leaf(name ?? this.freshName("const"), "constant", asTensor(value));
  }

  private leaf(name: string, kind: "variable" | "constant", value: Tensor, trainable = false): Node {
    const init = {
      name,
      kind,
      op: kind,
      inputs: [],
      shape: value.shape,
      dtype: value.dtype,
      value,
      trainable,
    };
    return this.add({ ...init, examples: [value, value] });
  }

  /**
   * A node computed by any eager function — a loss, a layer, your own — from arguments in which nodes
   * stand for tensors: `g.apply(mseLoss, pred, y)`. Its shape is inferred now, by running `fn` on examples.
   */
  apply(fn: EagerFn, ...args: unknown[]): Node {
    return this.addOp(fn.name || "fn", fn, args);
  }

  /**
   * apply() under a given op name (what Node's methods use); tensors in `args` become constants. The flags
   * mark a gradient node, an op whose value is always fresh storage, a pure one (see OpSpec in node.ts).
   */
  addOp(
    op: string,
    fn: EagerFn,
    args: readonly unknown[],
    name?: string,
    { gradient, fresh, pure }: Pick<OpSpec, "gradient" | "fresh" | "pure"> = {},
  ): Node {
    const withConstants = args.map((a) => (a instanceof Tensor ? this.constant(a) : a));
    const inputs = nodesIn(withConstants);
    for (const input of inputs) this.check(input);
    name ??= this.freshName(op);
    const inferred = inferNode(name, op, fn, withConstants, inputs);
    return this.add({
      name,
      kind: "op",
      op,
      inputs,
      ...inferred,
      spec: { fn, args: withConstants, gradient, fresh, pure },
    });
  }

  /** Adds a node built elsewhere (a pass, gradients(), minimize()) under its own name. */
  add(init: NodeInit): Node {
    if (this.byName.has(init.name)) throw new Error(`Graph: there is already a node named "${init.name}"`);
    const node = new Node(this, init);
    this.nodes.push(node);
    this.byName.set(node.name, node);
    return node;
  }

  /** The node called `name`, if any. */
  get(name: string): Node | undefined {
    return this.byName.get(name);
  }

  /** A name not yet taken: "matmul", then "matmul_1", "matmul_2", … (as TensorFlow names ops). */
  freshName(base: string): string {
    if (!this.byName.has(base)) return base;
    let i = 1;
    while (this.byName.has(`${base}_${i}`)) i++;
    return `${base}_${i}`;
  }

  /** The placeholders, in build order: the values a run must be fed. */
  placeholders(): Node[] {
    return this.nodes.filter((n) => n.kind === "placeholder");
  }

  /** The variables, in build order: the state a session keeps and minimize() trains. */
  variables(): Node[] {
    return this.nodes.filter((n) => n.kind === "variable");
  }

  /** A node from another graph cannot be used here: each graph is a closed world. */
  check(node: Node): void {
    if (node.graph !== this)
      throw new Error(`Graph: node "${node.name}" belongs to another graph; build everything in one graph`);
  }

  /** A listing, one node a line, in build order: `h = relu(a)   [null,10] float32`. */
  toString(): string {
    return [`Graph (${this.nodes.length} nodes)`, ...this.nodes.map((n) => `  ${n}`)].join("\n");
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
