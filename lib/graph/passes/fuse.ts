// Fusion: a chain (or a small tree) of elementwise ops becomes one node that runs one loop. Unfused, each
// op reads whole tensors and writes a whole new one; fused, each element goes through the whole chain at
// once, and the tensors in between are never made.
//
// The per-element functions are the ops' own: the pass runs each op once on probe values and watches the
// map or zip it calls (watchElementwise), so graph mode still has no maths of its own. A float32 value is
// rounded (Math.fround) after each step, as storing it in a Float32Array would be, so fused results are
// bit-identical to unfused ones.
//
// What can join a group: an op method (x.add(y), not g.apply) or a pure traced layer (nn.ReLU) that is one
// map or zip of its inputs and numbers; not random; not kept for a gradient (a node whose tape a gradient
// node reads); used only inside the group and not an output.
import { isAnomalyEnabled, setDetectAnomaly } from "../../check/anomaly";
import { noGrad } from "../../autograd";
import { allocate, type DType, type Storage } from "../../dtype";
import { takeStorageUnfilled } from "../../storage-pool";
import { type ElementwiseCall, forEachRun, watchElementwise } from "../../ops/elementwise";
import { broadcastShapes, type Shape, sizeOf } from "../../shape";
import { Tensor } from "../../tensor";
import { ancestors } from "../gradients";
import { sameBits } from "../same-bits";
import { madeByMethod, type Node } from "../node";
import { isRandom } from "./fold";
import { type Program, prune, rebuild } from "./program";

/** How an elementwise node makes one element: its function, and where each operand comes from. */
interface Scalar {
  f: (...values: number[]) => number;
  /** per operand: which of the node's inputs, or a number fixed in the node (`x.mul(2)`) */
  operands: ({ input: number } | { constant: number })[];
}

/** What storing a number in each dtype's array does to it, as an expression around `v`. */
const rounding: Record<DType, (v: string) => string> = {
  float32: (v) => `fround(${v})`,
  float64: (v) => v,
  int32: (v) => `(${v} | 0)`,
  bool: (v) => `(${v} & 255)`,
};

/** What a fused node was made from. */
export interface FusedKernel {
  /** the ops fused, in the order they run: ["add", "relu"] */
  ops: string[];
}

const kernels = new WeakMap<object, FusedKernel>();

/** The fused loop behind a node, if the fusion pass made it. */
export const fusedKernel = (node: Node): FusedKernel | undefined =>
  node.spec ? kernels.get(node.spec.fn) : undefined;

/** The fusion pass: each group of elementwise nodes becomes one `fused[…]` node under the last one's name. */
export function fuseElementwise(p: Program): Program {
  const order = ancestors(...p.outputs);
  const scalars = new Map<Node, Scalar>();
  for (const node of order) {
    const s = scalarOf(node);
    if (s) scalars.set(node, s);
  }
  const groups = findGroups(order, new Set(p.outputs), scalars);
  const copies = new Map<Node, Node>();
  const fused = rebuild(p, (node, _inputs, into, copy) => {
    const members = groups.get(node);
    const leaves = members ? leavesOf(members) : [];
    const fn = members && fusedFunction(members, leaves, scalars);
    const made =
      members && fn && agrees(members, leaves, fn)
        ? into.addOp(
            `fused[${members.map((m) => m.op).join("→")}]`,
            fn,
            leaves.map((l) => copies.get(l)!),
            node.name,
          )
        : copy();
    copies.set(node, made);
    return made;
  });
  return prune(fused); // the members' copies are no longer used
}

/** The groups to fuse, by their last node (the one whose value leaves the group), members in order. */
function findGroups(order: Node[], outputs: Set<Node>, scalars: Map<Node, Scalar>): Map<Node, Node[]> {
  const consumers = new Map<Node, Node[]>(order.map((n) => [n, []]));
  for (const n of order) for (const i of n.inputs) consumers.get(i)!.push(n);
  const taped = (n: Node) => consumers.get(n)!.some((c) => c.spec?.gradient && c.inputs[0] === n);
  const assigned = new Set<Node>();
  const groups = new Map<Node, Node[]>();
  for (const root of [...order].reverse()) {
    if (!scalars.has(root) || assigned.has(root) || taped(root)) continue;
    const members = new Set([root]);
    for (let grew = true; grew;) {
      grew = false;
      for (const m of [...members])
        for (const i of m.inputs) {
          const joins =
            !members.has(i) &&
            !assigned.has(i) &&
            scalars.has(i) &&
            !outputs.has(i) &&
            consumers.get(i)!.every((c) => members.has(c));
          if (joins) {
            members.add(i);
            grew = true;
          }
        }
    }
    if (members.size < 2) continue;
    members.forEach((m) => assigned.add(m));
    groups.set(
      root,
      order.filter((n) => members.has(n)),
    );
  }
  return groups;
}

/**
 * The fused function gives the same bits as the members run one by one, on fresh probe values: what
 * catches an op whose function depends on more than its operands (a closure reading another input).
 */
function agrees(members: Node[], leaves: Node[], fn: (...values: Tensor[]) => Tensor): boolean {
  const values = new Map(leaves.map((l, i) => [l, probe(l.examples[0].shape, l.dtype, 7919 + i)]));
  try {
    const fused = quietly(() => fn(...leaves.map((l) => values.get(l)!)));
    for (const m of members)
      values.set(
        m,
        quietly(() => m.call(m.inputs.map((i) => values.get(i)!))),
      );
    return sameBits(values.get(members[members.length - 1])!, fused);
  } catch {
    return false;
  }
}

/** The nodes a group reads from outside itself, in order of first use. */
function leavesOf(members: Node[]): Node[] {
  const inside = new Set(members);
  const leaves = new Set<Node>();
  for (const m of members) for (const i of m.inputs) if (!inside.has(i)) leaves.add(i);
  return [...leaves];
}

/**
 * The node's per-element function, if it is one map or zip of its inputs (and numbers). Only nodes made by
 * the op methods (`x.add(y).relu()`) and pure traced layers (a ReLU) are tried: a function given to
 * g.apply, or a module with state, may do more than compute (a BatchNorm updates its running statistics),
 * and is not run on made-up values.
 */
function scalarOf(node: Node): Scalar | undefined {
  if (node.kind !== "op" || !(madeByMethod(node) || node.spec?.pure) || isRandom(node)) return;
  // Two probes with different values: a number that differs between them was computed from the inputs
  // (a mean, say), not fixed in the node, so the node is not elementwise.
  const [a, b] = [watch(node, 1), watch(node, 2)];
  if (!a || !b || JSON.stringify(a.operands) !== JSON.stringify(b.operands)) return;
  return a;
}

function watch(node: Node, seed: number): Scalar | undefined {
  const values = node.inputs.map((n, i) => probe(n.examples[0].shape, n.dtype, seed * 101 + i));
  const calls: ElementwiseCall[] = [];
  let out: Tensor;
  try {
    out = quietly(() =>
      watchElementwise(
        () => node.call(values),
        (c) => calls.push(c),
      ),
    );
  } catch {
    return;
  }
  if (calls.length !== 1 || calls[0].out !== out) return;
  const operands: Scalar["operands"] = [];
  for (const t of calls[0].operands) {
    const k = values.indexOf(t);
    if (k >= 0) operands.push({ input: k });
    else if (t.ndim === 0) operands.push({ constant: t.data[0] });
    else return;
  }
  return { f: calls[0].f, operands };
}

/** `fn` without gradients and without anomaly checks (a probe's log(−1) is not the user's NaN). */
function quietly<T>(fn: () => T): T {
  const anomaly = isAnomalyEnabled();
  setDetectAnomaly(false);
  try {
    return noGrad(fn);
  } finally {
    setDetectAnomaly(anomaly);
  }
}

/** Made-up values of a shape, different per seed (a small generator of its own: the user's stream stays). */
function probe(shape: Shape, dtype: DType, seed: number): Tensor {
  const data = allocate(dtype, sizeOf(shape));
  let s = seed * 2654435761;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const u = s / 4294967296;
    data[i] = dtype === "bool" ? (u < 0.5 ? 0 : 1) : dtype === "int32" ? Math.floor(u * 11) - 5 : 4 * u - 2;
  }
  return new Tensor(data, shape);
}

type Loop = (
  fs: Scalar["f"][],
  ins: Storage[],
  cs: number[],
  out: Storage,
  start: number,
  length: number,
  at: readonly number[],
  step: readonly number[],
) => void;

/**
 * One loop computing a group: for each output element, each member in order, its result rounded as its
 * dtype's storage would round it. `members` in order; `leaves` the nodes it reads from outside.
 */
function fusedFunction(members: Node[], leaves: Node[], scalars: Map<Node, Scalar>) {
  const root = members[members.length - 1];
  const cs: number[] = [];
  const fs = members.map((m) => scalars.get(m)!.f);
  const lines = members.map((m, j) => {
    const args = scalars.get(m)!.operands.map((o) => {
      if ("constant" in o) return `cs[${cs.push(o.constant) - 1}]`;
      const input = m.inputs[o.input];
      const member = members.indexOf(input);
      return member >= 0 ? `v${member}` : `x${leaves.indexOf(input)}`;
    });
    const value = `f${j}(${args.join(", ")})`;
    return `const v${j} = ${m === root ? value : rounding[m.dtype](value)};`;
  });
  const body = [
    `const fround = Math.fround;`,
    ...fs.map((_, j) => `const f${j} = fs[${j}];`),
    ...leaves.map((_, k) => `const in${k} = ins[${k}], a${k} = at[${k}], s${k} = step[${k}];`),
    `for (let i = 0; i < length; i++) {`,
    ...leaves.map((_, k) => `  const x${k} = in${k}[a${k} + i * s${k}];`),
    ...lines.map((l) => `  ${l}`),
    `  out[start + i] = v${members.length - 1};`,
    `}`,
  ].join("\n");
  const loop = compile(body, fs);
  const shape = (values: readonly Tensor[]): Shape =>
    values.reduce<Shape>((s, t) => broadcastShapes(root.op, s, t.shape), []);
  const fn = (...values: Tensor[]): Tensor => {
    const to = shape(values);
    // from the storage pool when a free array fits, not zeroed first: the loop writes every element
    const out = takeStorageUnfilled(root.dtype, sizeOf(to));
    const ins = values.map((t) => t.data);
    forEachRun(
      to,
      values.map((t) => t.shape),
      (start, length, at, step) => loop(fs, ins, cs, out, start, length, at, step),
    );
    return new Tensor(out, to);
  };
  kernels.set(fn, { ops: members.map((m) => m.op) });
  return fn;
}

/** One compiled loop per body and functions (V8 inlines the functions into a loop that sees only them). */
const loops = new Map<string, Loop>();
function compile(body: string, fs: Scalar["f"][]): Loop {
  const key = `${body}|${fs.map((f) => f.toString()).join("|")}`;
  let loop = loops.get(key);
  if (!loop) {
    if (loops.size >= 500) loops.clear();
    loop = new Function("fs, ins, cs, out, start, length, at, step", `"use strict";\n${body}`) as Loop;
    loops.set(key, loop);
  }
  return loop;
}
