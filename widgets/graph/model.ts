// The drawing's content, before any layout: which tensors and ops a result depends on, what each is
// called, and where gradient flow was cut. graph() and stepper() both draw from this.
import type { Tensor } from "../../lib/tensor";
import type { Module } from "../../lib/nn/module";

/** What a tensor is in the graph: each kind is drawn in its own colour. */
export type Role = "param" | "leaf" | "constant" | "result" | "intermediate";

export interface TensorNode {
  /** position in `order`: the node's SVG ids are `t<index>` (the tensor) and `op<index>` (its op) */
  index: number;
  tensor: Tensor;
  role: Role;
  /** a parameter's module path ("0.weight"), else the tensor's own `.name` */
  name?: string;
}

export interface GraphModel {
  /** every tensor the result depends on, each after its inputs (the result last) */
  order: TensorNode[];
  byTensor: Map<Tensor, TensorNode>;
  /** a module path for each module object the ops remember (when a model was given) */
  modulePaths: Map<object, string>;
}

export interface ModelOptions {
  /** names parameters by their module paths (`namedParameters()`) and modules by theirs */
  model?: Module;
}

/** Collects the graph behind `root`: op inputs and the tensors a noGrad/detach cut came from. */
export function buildModel(root: Tensor, options: ModelOptions = {}): GraphModel {
  const names = new Map<Tensor, string>(options.model?.namedParameters().map(([n, t]) => [t, n]));
  const modulePaths = new Map<object, string>(options.model?.namedModules().map(([p, m]) => [m, p]));
  const order = postOrder(root).map((tensor, index): TensorNode => ({
    index,
    tensor,
    role: roleOf(tensor, root, names),
    name: names.get(tensor) ?? tensor.name,
  }));
  return { order, byTensor: new Map(order.map((n) => [n.tensor, n])), modulePaths };
}

/** The tensors `t` was made from: its op's inputs, or what it was cut off from. */
export function sourcesOf(t: Tensor): Tensor[] {
  return t.gradFn?.inputs ?? t.cut?.from ?? [];
}

/** Depth-first post-order (inputs first), iterative like autograd's own so deep graphs don't overflow. */
function postOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const input = sourcesOf(top.t)[top.next++];
    if (input === undefined) {
      order.push(top.t);
      stack.pop();
    } else if (!seen.has(input)) {
      seen.add(input);
      stack.push({ t: input, next: 0 });
    }
  }
  return order;
}

function roleOf(t: Tensor, root: Tensor, params: Map<Tensor, string>): Role {
  if (t === root) return "result";
  if (params.has(t)) return "param";
  if (!t.isLeaf) return "intermediate";
  return t.requiresGrad ? "leaf" : "constant";
}

/** The label a module gets: its path and class, e.g. "0 · Linear" (just the class without a model). */
export function moduleTitle(model: GraphModel, module: object): string {
  const path = model.modulePaths.get(module);
  const kind = module.constructor.name;
  if (path === undefined) return kind;
  return path === "" ? `model · ${kind}` : `${path} · ${kind}`;
}
