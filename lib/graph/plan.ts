// An execution plan: what a session compiles the first time it runs some fetches with feeds of some
// shapes, and reuses for every later run with the same signature.
//
// 1. The passes: prune, fold constants, merge common subexpressions, fuse elementwise chains.
// 2. A schedule: the nodes in an order where each comes after its inputs (updates last), each input as a
//    slot number, and for each step the values whose last use it is.
// 3. Memory planning: after a value's last use its storage goes back to the storage pool
//    (lib/storage-pool.ts), where the next op making a tensor of that size and dtype takes it. So from the
//    second run on, the run's intermediate values — activations, gradients, fused loops' results — live in
//    the same few arrays, step after step. What leaves the run (fetches), what belongs to the session
//    (variables) or to the caller (feeds, constants) is never handed back. A pure op's value takes with it
//    what the op took for itself (max-pool's argmax, kept by its tape for the gradient nodes).
import type { Storage } from "../dtype";
import { recordTakes, recycleStorage } from "../storage-pool";
import type { Tensor } from "../tensor";
import { ancestors } from "./gradients";
import { madeByMethod, type Node } from "./node";
import { type FusedKernel, fusedKernel, optimize, type Program } from "./passes";

/** One node of a plan's schedule. */
export interface Step {
  /** its slot in the schedule */
  index: number;
  /** the node it computes */
  node: Node;
  /** the slots of its inputs */
  inputs: number[];
  /** an update's gradients, as slots */
  gradients?: number[];
  /** a gradient node will read this node's tape: run it with gradients on */
  taped: boolean;
  /** which of its inputs a gradient node differentiates it by (the others need no gradient) */
  wanted: boolean[];
  /** the fused loop, for a fused node */
  kernel?: FusedKernel;
  /** the slots whose value is read for the last time by this step: their storage is free after it */
  frees: number[];
  /** whether its value's storage may go back to the pool after its last use (see {@link recyclable}) */
  recyclable: boolean;
  /**
   * a pure op (an op method, a library layer): the storage it takes while running that is not its value
   * (max-pool's argmax, which its tape keeps for the backward) is dead after its value's last use too
   */
  pure: boolean;
}

/** A compiled program: its schedule, and what becomes free after each step. */
export class Plan {
  /** the program after the passes */
  readonly program: Program;
  /** every node the outputs need, each after its inputs, updates last */
  readonly steps: Step[];
  /** the fetches' slots */
  readonly outputs: number[];
  /** the update steps (train ops), which a run applies last */
  readonly updates: Step[];
  /** nodes of the graph as written that run inside fused loops */
  readonly nodesFused: number;

  constructor(program: Program) {
    this.program = program;
    const order = ancestors(...program.outputs);
    const nodes = [...order.filter((n) => n.kind !== "update"), ...order.filter((n) => n.kind === "update")];
    const slot = new Map(nodes.map((n, i) => [n, i]));
    const outputs = new Set(program.outputs);
    this.steps = nodes.map((node, index) => ({
      index,
      node,
      inputs: node.inputs.map((n) => slot.get(n)!),
      gradients: node.update?.gradients.map((n) => slot.get(n)!),
      taped: false,
      wanted: node.inputs.map(() => false),
      kernel: fusedKernel(node),
      frees: [],
      recyclable: recyclable(node) && !outputs.has(node),
      pure: node.kind === "op" && (madeByMethod(node) || !!node.spec?.pure),
    }));
    for (const step of this.steps) {
      const gradient = step.node.spec?.gradient;
      if (!gradient) continue;
      const forward = this.steps[step.inputs[0]];
      forward.taped = true;
      forward.wanted[gradient.input] = true;
    }
    const lastUse = this.steps.map((s) => s.index);
    for (const step of this.steps) for (const i of step.inputs) lastUse[i] = step.index;
    for (const step of this.steps)
      if (lastUse[step.index] > step.index) this.steps[lastUse[step.index]].frees.push(step.index);
    this.outputs = program.outputs.map((n) => slot.get(n)!);
    this.updates = this.steps.filter((s) => s.node.kind === "update");
    this.nodesFused = this.steps.reduce((n, s) => n + (s.kernel?.ops.length ?? 0), 0);
  }
}

/**
 * Whether a node's value is new storage (or a view of its inputs'), never a tensor something else keeps:
 * only then may its storage go back to the pool. True of the op methods (`x.add(y)`), fused loops,
 * gradient nodes and the layers trace() makes; a function given to `g.apply` might return a tensor it
 * keeps, so its value is left to the garbage collector.
 */
export const recyclable = (node: Node): boolean =>
  node.kind === "op" &&
  (madeByMethod(node) || !!fusedKernel(node) || !!node.spec?.gradient || !!node.spec?.fresh);

/**
 * A run's storage: which values' arrays go back to the pool, and when. Values may share one array (a
 * reshape is a view of its input; a gradient may be its upstream gradient itself), so an array is handed
 * back only when the last value holding it is done with — and never if a value it must not touch holds
 * it too (a feed, a variable, a constant, a fetch, or a value of a node that is not recyclable). A pure
 * step's other arrays (what its op took for itself) go back with its value.
 */
export class RunStorage {
  private readonly holders = new Map<ArrayBufferLike, number>();
  private readonly kept = new Set<ArrayBufferLike>();
  /** by step: the storage a pure step's op took while it ran */
  private readonly taken = new Map<number, Storage[]>();

  /** Runs `step`'s op (`compute`), listing the storage it takes when the step is pure. */
  run(step: Step, compute: () => Tensor): Tensor {
    if (!step.pure) return compute();
    const list: Storage[] = [];
    const outer = recordTakes(list);
    try {
      return compute();
    } finally {
      recordTakes(outer);
      outer?.push(...list); // a step scope around the run still sees them
      this.taken.set(step.index, list);
    }
  }

  /** Records `value`, the value of `step`, as holding its array. */
  hold(step: Step, value: Tensor): void {
    const buffer = value.data.buffer;
    if (!step.recyclable) {
      this.kept.add(buffer);
      this.holders.delete(buffer);
    } else if (!this.kept.has(buffer)) this.holders.set(buffer, (this.holders.get(buffer) ?? 0) + 1);
  }

  /**
   * `value`, the value of step `index`, is read no more: its array goes back to the pool if no other value
   * holds it, and so does what the step's op took for itself.
   */
  release(index: number, value: Tensor): void {
    const buffer = value.data.buffer;
    const n = this.holders.get(buffer);
    if (n !== undefined && n > 1) this.holders.set(buffer, n - 1);
    else if (n !== undefined) {
      this.holders.delete(buffer);
      recycleStorage(value.data); // (a view into a larger array is not taken: it is left to the collector)
    }
    const taken = this.taken.get(index);
    this.taken.delete(index);
    for (const s of taken ?? [])
      if (!this.holders.has(s.buffer) && !this.kept.has(s.buffer)) recycleStorage(s);
  }
}

/** The plan for `program`: through the passes (fusing or not) when `optimize`, else the graph as written. */
export function compilePlan(program: Program, options: { optimize: boolean; fuse: boolean }): Plan {
  return new Plan(options.optimize ? optimize(program, { fuse: options.fuse }) : program);
}
