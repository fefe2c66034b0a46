// An execution plan: what a session compiles the first time it runs some fetches with feeds of some
// shapes, and reuses for every later run with the same signature.
//
// 1. The passes: prune, fold constants, merge common subexpressions, fuse elementwise chains.
// 2. A schedule: the nodes in an order where each comes after its inputs (updates last), each input as a
//    slot number, and each node's last use.
// 3. Memory planning: a fused loop writes into a buffer the plan keeps between runs. During the first run
//    each fused node takes a free buffer of its size (one whose value is past its last use) or makes one;
//    the buffers stay assigned, so later runs make none. Values that leave the run (fetches) get their
//    own storage.
import { allocate, type DType, type Storage } from "../dtype";
import { sizeOf } from "../shape";
import { Tensor } from "../tensor";
import { ancestors } from "./gradients";
import type { Node } from "./node";
import { type FusedKernel, fusedKernel, optimize, type Program } from "./passes";

export interface Step {
  /** its slot in the schedule */
  index: number;
  node: Node;
  /** the slots of its inputs */
  inputs: number[];
  /** an update's gradients, as slots */
  gradients?: number[];
  /** a gradient node will read this node's tape: run it with gradients on */
  taped: boolean;
  /** the fused loop, for a fused node */
  kernel?: FusedKernel;
  /** a fused node whose result goes into a buffer kept between runs */
  kept: boolean;
  /** the last step reading its value */
  lastUse: number;
}

export class Plan {
  readonly program: Program;
  readonly steps: Step[];
  /** the fetches' slots */
  readonly outputs: number[];
  /** each kept step's buffer, fixed after the first run */
  private readonly buffers = new Map<number, Storage>();
  private readonly kept = new Set<ArrayBufferLike>();
  private planned = false;
  /** first run only: buffers past their last use, and the live ones with the step their use ends */
  private free: { storage: Storage; dtype: DType }[] = [];
  private readonly live = new Map<ArrayBufferLike, { storage: Storage; dtype: DType; until: number }>();
  /** bytes of buffers made since last asked */
  private made = 0;

  constructor(program: Program) {
    this.program = program;
    const order = ancestors(...program.outputs);
    const nodes = [...order.filter((n) => n.kind !== "update"), ...order.filter((n) => n.kind === "update")];
    const slot = new Map(nodes.map((n, i) => [n, i]));
    const taped = new Set(nodes.filter((n) => n.spec?.gradient).map((n) => n.inputs[0]));
    const outputs = new Set(program.outputs);
    this.steps = nodes.map((node, index) => {
      const kernel = fusedKernel(node);
      return {
        index,
        node,
        inputs: node.inputs.map((n) => slot.get(n)!),
        gradients: node.update?.gradients.map((n) => slot.get(n)!),
        taped: taped.has(node),
        kernel,
        kept: !!kernel && !outputs.has(node),
        lastUse: index,
      };
    });
    for (const step of this.steps) for (const i of step.inputs) this.steps[i].lastUse = step.index;
    this.outputs = program.outputs.map((n) => slot.get(n)!);
  }

  /** A fused step's loop, writing into its kept buffer. */
  runFused(step: Step, inputs: readonly Tensor[]): Tensor {
    const shape = step.kernel!.shape(inputs);
    let storage = this.buffers.get(step.index);
    if (!storage) storage = this.assign(step, sizeOf(shape));
    step.kernel!.into(storage, inputs);
    return new Tensor(storage, shape);
  }

  /** First run: a free buffer of the right size and dtype, or a new one. */
  private assign(step: Step, size: number): Storage {
    const dtype = step.node.dtype;
    const k = this.free.findIndex((b) => b.dtype === dtype && b.storage.length === size);
    let storage: Storage;
    if (k >= 0) storage = this.free.splice(k, 1)[0].storage;
    else {
      storage = allocate(dtype, size);
      this.made += storage.byteLength;
      this.kept.add(storage.buffer);
    }
    this.buffers.set(step.index, storage);
    this.live.set(storage.buffer, { storage, dtype, until: step.lastUse });
    return storage;
  }

  /**
   * First run: after each step, a kept buffer its value shares (a view of it: a reshape, say) lives as long
   * as that value; buffers whose last use has come are free for later steps.
   */
  afterStep(step: Step, value: Tensor): void {
    if (this.planned) return;
    const owner = this.live.get(value.data.buffer);
    if (owner) owner.until = Math.max(owner.until, step.lastUse);
    for (const [buffer, b] of this.live)
      if (b.until <= step.index) {
        this.live.delete(buffer);
        this.free.push(b);
      }
  }

  /** The first run is over: the buffers stay as assigned. */
  finish(): void {
    this.planned = true;
    this.free = [];
    this.live.clear();
  }

  /** Whether `t` lives in a buffer this plan keeps (and will overwrite next run). */
  isKept(t: Tensor): boolean {
    return this.kept.has(t.data.buffer);
  }

  /** Bytes of buffers the plan made since the last call. */
  takeMade(): number {
    const made = this.made;
    this.made = 0;
    return made;
  }

  /** Nodes of the graph as written that run inside fused loops. */
  get nodesFused(): number {
    return this.steps.reduce((n, s) => n + (s.kernel?.ops.length ?? 0), 0);
  }
}

/** The plan for `program`: through the passes (fusing or not) when `optimize`, else the graph as written. */
export function compilePlan(program: Program, options: { optimize: boolean; fuse: boolean }): Plan {
  return new Plan(options.optimize ? optimize(program, { fuse: options.fuse }) : program);
}
