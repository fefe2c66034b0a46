// trace(fn, examples): an eager function or an nn.Module turned into a Graph, so one model runs both ways.
//
// Examples that require grad are parameters: they become variables, starting at their values. The other
// examples become placeholders of their shapes (the first dim unknown with { batch: true }). A Sequential
// becomes one node per layer (a Linear two: its product and its bias add, so the passes see the add); any
// other module becomes one node that calls it — with the graph's variables standing in for the module's
// parameters, so the session's values are the ones used. A function is called on the graph's nodes, so
// each op method it calls (`x.matmul(w).add(b)`) becomes a node; one that needs real tensors (it calls a
// function that takes only tensors, reads values, draws random numbers) becomes one node that calls it.
import * as nn from "../nn";
import { Module } from "../nn/module";
import { Sequential } from "../nn/sequential";
import { noGrad } from "../autograd";
import { Tensor } from "../tensor";
import { Graph } from "./graph";
import { methodFn, Node } from "./node";
import { sameBits } from "./same-bits";
import { Session } from "./session";
import { linear } from "../ops/matmul";

/** Options of {@link trace}. */
export interface TraceOptions {
  /** make the first dim of every placeholder unknown (null): any batch size */
  batch?: boolean;
}

/** What {@link trace} returns: the graph, its placeholders and its output node. */
export interface Traced {
  /** the new graph: the examples' placeholders and variables, then the traced computation */
  graph: Graph;
  /** the placeholders, one per example that is not a parameter, named x (or x0, x1, …) */
  inputs: Node[];
  /** the node computing `fn`'s result */
  output: Node;
}

/**
 * A Graph computing `fn` (a function of tensors, or a module) on inputs shaped like `examples`. Examples
 * that require grad become variables; the others placeholders (first dim unknown with `batch: true`).
 * A Sequential becomes one node per layer (a Linear two: its product and its bias add); a function one
 * node per op method it calls, unless it needs real tensors (then one node that calls it).
 * @example
 * const model = new nn.Sequential(new nn.Linear(784, 64), new nn.ReLU(), new nn.Linear(64, 10));
 * const { graph, output } = trace(model, [zeros([1, 784])], { batch: true });
 * new Session(graph).run(output, { x: randn([32, 784]) }).shape; // [32, 10]
 */
export function trace(
  fn: Module | ((...xs: Tensor[]) => Tensor),
  examples: readonly Tensor[],
  { batch = false }: TraceOptions = {},
): Traced {
  if (!(fn instanceof Module)) return opByOp(fn, examples, batch) ?? asOneNode(fn, examples, batch);
  const { graph, inputs, args } = leaves(examples, batch);
  const params = new Map(fn.namedParameters().map(([path, p]) => [p, graph.variable(path, p)]));
  return { graph, inputs, output: traceModule(graph, fn, "", args, params) };
}

/** A new graph with a leaf per example: a variable for a parameter (requires grad), else a placeholder. */
function leaves(examples: readonly Tensor[], batch: boolean) {
  const graph = new Graph();
  const data = examples.filter((t) => !t.requiresGrad);
  const name = (i: number) => (data.length === 1 ? "x" : `x${i}`);
  let n = 0;
  const args = examples.map((t, i) =>
    t.requiresGrad
      ? graph.variable(graph.freshName(t.name ?? `p${i}`), t)
      : graph.placeholder(name(n++), batch ? [null, ...t.shape.slice(1)] : t.shape, t.dtype),
  );
  return { graph, args, inputs: args.filter((a) => a.kind === "placeholder") };
}

/**
 * `fn` called on the graph's nodes, so each op method it calls builds a node — kept only if it returns a
 * node of the graph that computes, on the examples, exactly what `fn` computes on them. A function that
 * needs tensors fails here or gives other numbers (one that draws random numbers, or reads values to
 * decide what to do), and is then traced as one node instead.
 */
function opByOp(
  fn: (...xs: Tensor[]) => Tensor,
  examples: readonly Tensor[],
  batch: boolean,
): Traced | undefined {
  const { graph, inputs, args } = leaves(examples, batch);
  let output: unknown;
  try {
    output = (fn as unknown as (...xs: Node[]) => unknown)(...args);
  } catch {
    return undefined;
  }
  if (!(output instanceof Node) || output.graph !== graph || output.kind === "update") return undefined;
  const feeds = Object.fromEntries(inputs.map((p) => [p.name, examples[args.indexOf(p)]]));
  try {
    const traced = new Session(graph, { optimize: false }).run(output, feeds);
    const eager = noGrad(() => fn(...examples));
    return eager instanceof Tensor && sameBits(traced, eager) ? { graph, inputs, output } : undefined;
  } catch {
    return undefined;
  }
}

/** `fn` as one node that calls it. */
function asOneNode(fn: (...xs: Tensor[]) => Tensor, examples: readonly Tensor[], batch: boolean): Traced {
  const { graph, inputs, args } = leaves(examples, batch);
  return { graph, inputs, output: graph.apply(fn, ...args) };
}

/** A Sequential layer by layer (so the graph shows the layers); another module as one node. */
function traceModule(graph: Graph, m: Module, path: string, args: Node[], params: Map<Tensor, Node>): Node {
  if (m instanceof Sequential)
    return m.layers.reduce(
      (h, layer, i) => traceModule(graph, layer, path ? `${path}.${i}` : `${i}`, [h], params),
      args[0],
    );
  const layerName = graph.freshName(path ? `${m.constructor.name}_${path}` : m.constructor.name);
  if (m instanceof nn.Linear && m.bias) {
    // y = x·Wᵀ + b as linear() computes it: the product, then the bias added — two nodes, so the passes see
    // the add (and fuse it with a ReLU after it where no gradient needs it)
    const options = { fresh: true, pure: true };
    const weight = params.get(m.weight)!;
    const product = graph.addOp(
      "linear",
      linear,
      [args[0], weight],
      graph.freshName(`${layerName}.product`),
      options,
    );
    return graph.addOp("add", methodFn("add"), [product, params.get(m.bias)!], layerName);
  }
  const own = m.namedParameters().map(([name, p]) => ({ name, node: params.get(p)! }));
  // where the parameters live is found once, here: each call only swaps the values
  const names = own.map((o) => o.name);
  const slots = parameterSlots(m, names);
  const call = {
    [m.constructor.name]: (...values: Tensor[]) =>
      withParameters(slots, values.slice(args.length), () => m.forward(...values.slice(0, args.length))),
  }[m.constructor.name];
  // the library's layers compute their results afresh (your own module might return a tensor it keeps),
  // so a session may recycle their storage; those without buffers (state) only compute: they are pure
  const fresh = Object.values(nn).includes(m.constructor as never);
  const pure = fresh && m.namedBuffers().length === 0;
  const inputs = [...args, ...own.map((o) => o.node)];
  return graph.addOp(m.constructor.name, call, inputs, layerName, { fresh, pure });
}

/** Where each of the module's parameters `names` (dotted paths) is held: an owning module and its key. */
function parameterSlots(m: Module, names: string[]): { owner: Record<string, unknown>; key: string }[] {
  const modules = new Map(m.namedModules());
  return names.map((name) => {
    const cut = name.lastIndexOf(".");
    const owner = modules.get(name.slice(0, Math.max(cut, 0))) as unknown as Record<string, unknown>;
    return { owner, key: name.slice(cut + 1) };
  });
}

/**
 * Runs `fn` with the module's parameters (at `slots`) set to `values`, then puts them back: PyTorch's
 * functional_call. The graph's variables (a session's values, or leaves being differentiated) are what the
 * module's forward reads.
 */
function withParameters<T>(
  slots: readonly { owner: Record<string, unknown>; key: string }[],
  values: Tensor[],
  fn: () => T,
): T {
  const before = slots.map((s) => s.owner[s.key]);
  slots.forEach((s, i) => (s.owner[s.key] = values[i]));
  try {
    return fn();
  } finally {
    slots.forEach((s, i) => (s.owner[s.key] = before[i]));
  }
}
