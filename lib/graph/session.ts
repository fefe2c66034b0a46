// Session: runs a Graph. It holds the state a graph only describes — each variable's current value and
// each optimizer's memory — so two sessions on one graph train independently, as in TensorFlow 1.
//
// run(fetches, feeds) computes only the nodes the fetches need, each once, in an order where every node
// comes after its inputs. Updates (train ops) apply last, after every fetched value has been computed, so
// `run([trainOp, loss])` returns the loss the step started from.
//
// The first run of a set of fetches with feeds of given shapes compiles a plan (plan.ts): the passes
// (prune, fold constants, merge common subexpressions, fuse elementwise chains) and a schedule saying after
// which step each value is read no more. Later runs with the same signature reuse it. At a value's last use
// its storage goes back to the storage pool, so the next op of that size reuses it: in steady state a
// training step takes its intermediate values' arrays from the pool instead of allocating them.
import { noGrad } from "../autograd";
import { Tensor } from "../tensor";
import { checkFeeds, type Feeds } from "./feeds";
import { callWithTape } from "./gradients";
import type { Graph } from "./graph";
import { formatDims, type Node } from "./node";
import { bytesAllocated } from "../memory";
import { compilePlan, type Plan, RunStorage, type Step } from "./plan";

/** What the last run did: for watching a graph's cost. */
export interface RunStats {
  /** op and update nodes computed (leaves are not counted; a fused node counts once) */
  nodesRun: number;
  /** nodes of the graph that ran inside fused loops rather than one by one */
  nodesFused: number;
  /**
   * bytes of new tensor storage made during the run (results and the ops' own temporaries; storage reused
   * from the pool is not new). Kernels that make their own arrays, outside the library's allocator, are not
   * seen: see docs/graph-mode.md.
   */
  bytesAllocated: number;
  /** whether this run compiled its plan (the first run of these fetches with feeds of these shapes) */
  compiled: boolean;
}

/** Options of a {@link Session}. */
export interface SessionOptions {
  /** apply the passes (default true); false runs the graph as written, node by node */
  optimize?: boolean;
  /** with optimize: fuse elementwise chains (default true) */
  fuse?: boolean;
  /**
   * hand each intermediate value's storage back to the pool after its last use (default: as `optimize`),
   * so later runs reuse it instead of allocating
   */
  recycle?: boolean;
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
  /** whether runs apply the passes (the `optimize` option) */
  readonly optimize: boolean;
  /** whether optimised runs fuse elementwise chains into single loops (the `fuse` option) */
  readonly fuse: boolean;
  /** whether runs recycle their intermediate values' storage after its last use (the `recycle` option) */
  readonly recycle: boolean;
  /** each variable's value, by name: updated in place by train ops */
  private readonly state = new Map<string, Tensor>();
  /** each train op's optimizer, by name, made on its first run */
  private readonly optimizers = new Map<string, { step(): void }>();
  private readonly steps = new Map<string, number>();
  private readonly plans = new Map<string, Plan>();
  /** what the last run did: nodes computed, bytes allocated */
  lastRun: RunStats = { nodesRun: 0, nodesFused: 0, bytesAllocated: 0, compiled: false };

  constructor(graph: Graph, { optimize = true, fuse = true, recycle = optimize }: SessionOptions = {}) {
    this.graph = graph;
    this.optimize = optimize;
    this.fuse = fuse;
    this.recycle = recycle;
  }

  /**
   * Computes `fetches` (a node, or a list) from `feeds` (placeholder name → tensor): one node gives one
   * tensor, a list gives a list of tensors in the same order (a train op's entry is its step count).
   */
  run<F extends Fetches>(fetches: F, feeds: Feeds = {}): Results<F> {
    const list: readonly Node[] = Array.isArray(fetches) ? fetches : [fetches as Node];
    list.forEach((n) => this.graph.check(n));
    const fed = new Map([...checkFeeds(this.graph, feeds)].map(([node, value]) => [node.name, value]));
    const key = [
      ...list.map((n) => n.name),
      "|",
      ...[...fed].map(([name, v]) => `${name}:${v.shape.join("x")}`).sort(),
    ].join(" ");
    let plan = this.plans.get(key);
    const compiled = !plan;
    if (!plan) this.plans.set(key, (plan = compilePlan({ graph: this.graph, outputs: [...list] }, this)));
    try {
      return this.runPlan(plan, fetches, fed, compiled);
    } catch (error) {
      if (compiled) this.plans.delete(key); // a plan whose first run failed may have half its buffers
      throw error;
    }
  }

  private runPlan<F extends Fetches>(plan: Plan, fetches: F, fed: Map<string, Tensor>, compiled: boolean) {
    const stats: RunStats = { nodesRun: 0, nodesFused: plan.nodesFused, bytesAllocated: 0, compiled };
    const before = bytesAllocated();
    const values: Tensor[] = new Array(plan.steps.length);
    const storage = new RunStorage();
    const done = (step: Step) => {
      storage.hold(step, values[step.index]);
      if (this.recycle) for (const i of step.frees) storage.release(i, values[i]);
    };
    noGrad(() => {
      for (const step of plan.steps) {
        if (step.node.kind === "update") continue; // last, below
        values[step.index] = this.recycle
          ? storage.run(step, () => this.evaluate(step, values, fed))
          : this.evaluate(step, values, fed);
        if (step.node.kind === "op") stats.nodesRun++;
        done(step);
      }
    });
    // values are returned as plain tensors, and copied where they share storage with a variable, so that
    // the updates below (and later runs) do not change what this run returned
    const outs = plan.outputs.map((i) => plan.steps[i]);
    const results = outs.map((s) => (s.node.kind === "update" ? undefined : this.detached(values[s.index])));
    for (const step of plan.updates) {
      values[step.index] = this.applyUpdate(step, values);
      stats.nodesRun++;
      done(step);
    }
    stats.bytesAllocated = bytesAllocated() - before;
    this.lastRun = stats;
    const out = outs.map((s, i) => results[i] ?? values[s.index]);
    return (Array.isArray(fetches) ? out : out[0]) as Results<F>;
  }

  /** A variable's current value (a copy). */
  valueOf(variable: Node): Tensor {
    this.graph.check(variable);
    return this.detached(this.variable(variable));
  }

  private evaluate(step: Step, values: Tensor[], fed: Map<string, Tensor>): Tensor {
    const node = step.node;
    switch (node.kind) {
      case "placeholder": {
        const value = fed.get(node.name);
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
        const inputs = step.inputs.map((i) => values[i]);
        return step.taped ? callWithTape(node, inputs, step.wanted) : node.call(inputs);
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
  private applyUpdate(step: Step, values: Tensor[]): Tensor {
    const node = step.node;
    const { variables, makeOptimizer } = node.update!;
    const params = variables.map((v) => this.variable(v));
    let optimizer = this.optimizers.get(node.name);
    if (!optimizer) this.optimizers.set(node.name, (optimizer = makeOptimizer(params)));
    params.forEach((p, i) => (p.grad = values[step.gradients![i]]));
    optimizer.step(); // the eager optimizer's own update rule, in place
    params.forEach((p) => (p.grad = null));
    const count = (this.steps.get(node.name) ?? 0) + 1;
    this.steps.set(node.name, count);
    return new Tensor(Int32Array.of(count), []);
  }

  /** `t` without its tape, copied if its storage is a variable's (which train ops change in place). */
  private detached(t: Tensor): Tensor {
    let shared = false;
    for (const v of this.state.values()) shared ||= v.data.buffer === t.data.buffer;
    return new Tensor(shared ? t.data.slice() : t.data, t.shape);
  }
}
