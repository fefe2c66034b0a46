// Session: runs a Graph. It holds the state a graph only describes — each variable's current value and
// each optimizer's memory — so two sessions on one graph train independently, as in TensorFlow 1.
//
// run(fetches, feeds) computes only the nodes the fetches need, each once, in an order where every node
// comes after its inputs. Updates (train ops) apply last, after every fetched value has been computed, so
// `run([trainOp, loss])` returns the loss the step started from.
import { noGrad } from "../autograd";
import { Tensor } from "../tensor";
import { checkFeeds, type Feeds } from "./feeds";
import { ancestors, callWithTape } from "./gradients";
import type { Graph } from "./graph";
import { formatDims, type Node } from "./node";

/** What the last run did: for watching a graph's cost. */
export interface RunStats {
  /** op and update nodes computed (leaves are not counted) */
  nodesRun: number;
  /** bytes of the tensors the ops returned */
  bytesAllocated: number;
}

type Fetches = Node | readonly Node[];
type Results<F> = F extends Node ? Tensor : Tensor[];

/**
 * Runs a {@link Graph}, holding what the graph only describes: each variable's current value and each
 * train op's optimizer state. Two sessions on one graph train independently. `run(fetches, feeds)`
 * computes only the nodes the fetches need, each once; train ops apply last, so `run([trainOp, loss])`
 * returns the loss the step started from.
 * @example
 * const g = new Graph();
 * const x = g.placeholder("x", [null, 1]);
 * const y = g.placeholder("y", [null, 1]);
 * const w = g.variable("w", zeros([1, 1]));
 * const loss = x.matmul(w).sub(y).pow(2).mean();
 * const train = minimize(loss, optim.SGD, { lr: 0.1 });
 * const session = new Session(g);
 * for (let i = 0; i < 50; i++) session.run([train, loss], { x: xs, y: ys });
 * session.valueOf(w); // the trained weight
 */
export class Session {
  /** the graph it runs */
  readonly graph: Graph;
  /** each variable's value, by name: updated in place by train ops */
  private readonly state = new Map<string, Tensor>();
  /** each train op's optimizer, by name, made on its first run */
  private readonly optimizers = new Map<string, { step(): void }>();
  private readonly steps = new Map<string, number>();
  /** what the last run did: nodes computed, bytes allocated */
  lastRun: RunStats = { nodesRun: 0, bytesAllocated: 0 };

  constructor(graph: Graph) {
    this.graph = graph;
  }

  /**
   * Computes `fetches` (a node, or a list) from `feeds` (placeholder name → tensor): one node gives one
   * tensor, a list gives a list of tensors in the same order (a train op's entry is its step count).
   */
  run<F extends Fetches>(fetches: F, feeds: Feeds = {}): Results<F> {
    const list: readonly Node[] = Array.isArray(fetches) ? fetches : [fetches as Node];
    list.forEach((n) => this.graph.check(n));
    const fed = checkFeeds(this.graph, feeds);
    const order = ancestors(...list);
    const taped = new Set(order.filter((n) => n.spec?.gradient).map((n) => n.inputs[0]));
    const values = new Map<Node, Tensor>();
    const stats: RunStats = { nodesRun: 0, bytesAllocated: 0 };
    noGrad(() => {
      for (const node of order) {
        if (node.kind === "update") continue; // last, below
        const value = this.evaluate(node, values, fed, taped.has(node));
        if (node.kind === "op") {
          stats.nodesRun++;
          stats.bytesAllocated += value.data.byteLength;
        }
        values.set(node, value);
      }
    });
    // values are returned as plain tensors, and copied where they share storage with a variable,
    // so that the updates below (and later runs) do not change what this run returned
    const results = list.map((n) => (n.kind === "update" ? undefined : this.detached(values.get(n)!)));
    for (const node of order.filter((n) => n.kind === "update")) {
      values.set(node, this.applyUpdate(node, values));
      stats.nodesRun++;
    }
    this.lastRun = stats;
    const out = list.map((n, i) => results[i] ?? values.get(n)!);
    return (Array.isArray(fetches) ? out : out[0]) as Results<F>;
  }

  /** A variable's current value (a copy). */
  valueOf(variable: Node): Tensor {
    this.graph.check(variable);
    return this.detached(this.variable(variable));
  }

  private evaluate(node: Node, values: Map<Node, Tensor>, fed: Map<Node, Tensor>, taped: boolean): Tensor {
    switch (node.kind) {
      case "placeholder": {
        const value = fed.get(node);
        if (!value)
          throw new Error(
            `Session.run: placeholder "${node.name}" ${formatDims(node.shape)} ${node.dtype} needs a value: ` +
              `feed it, e.g. run(fetches, { ${node.name}: ... })`,
          );
        return value;
      }
      case "variable":
        return this.variable(node);
      case "constant":
        return node.value!;
      default: {
        const inputs = node.inputs.map((n) => values.get(n)!);
        return taped ? callWithTape(node, inputs) : node.call(inputs);
      }
    }
  }

  /** The session's tensor for a variable, made from its initial value the first time it is read. */
  private variable(node: Node): Tensor {
    let value = this.state.get(node.name);
    if (!value) this.state.set(node.name, (value = new Tensor(node.value!.data.slice(), node.value!.shape)));
    return value;
  }

  /** One optimizer step on the update's variables, along their gradients; returns the step count. */
  private applyUpdate(node: Node, values: Map<Node, Tensor>): Tensor {
    const { variables, gradients, makeOptimizer } = node.update!;
    const params = variables.map((v) => this.variable(v));
    let optimizer = this.optimizers.get(node.name);
    if (!optimizer) this.optimizers.set(node.name, (optimizer = makeOptimizer(params)));
    params.forEach((p, i) => (p.grad = values.get(gradients[i])!));
    optimizer.step(); // the eager optimizer's own update rule, in place
    params.forEach((p) => (p.grad = null));
    const step = (this.steps.get(node.name) ?? 0) + 1;
    this.steps.set(node.name, step);
    return new Tensor(Int32Array.of(step), []);
  }

  /** `t` without its tape, copied if its storage is a variable's. */
  private detached(t: Tensor): Tensor {
    const shared = [...this.state.values()].some((v) => v.data.buffer === t.data.buffer);
    return new Tensor(shared ? t.data.slice() : t.data, t.shape);
  }
}
