// The graph as text for console.log and front ends without HTML: an indented tree from the result back to
// the leaves, one line per tensor — the op that made it, shape, values, gradient. A tensor used twice is
// written out once; later uses point back to it (#3).
import type { Tensor } from "../../lib/tensor";
import type { GraphModel, TensorNode } from "./model";
import { sourcesOf } from "./model";
import { formatShape, valueText } from "./values";

export function graphText(
  model: GraphModel,
  gradOf: (t: Tensor) => Tensor | null,
  names: Map<TensorNode, string>,
): string {
  const root = model.order[model.order.length - 1];
  const ops = model.order.filter((n) => n.tensor.gradFn).length;
  const leaves = model.order.length - ops;
  const lines = [
    `computation graph: ${ops} op${ops === 1 ? "" : "s"}, ${leaves} lea${leaves === 1 ? "f" : "ves"}`,
  ];
  const written = new Set<TensorNode>();
  const visit = (n: TensorNode, indent: string, branch: string, last: boolean) => {
    const seen = written.has(n);
    lines.push(indent + branch + describe(n, gradOf, n.name ?? names.get(n)) + (seen ? "  (see above)" : ""));
    if (seen) return;
    written.add(n);
    const inputs = sourcesOf(n.tensor).map((t) => model.byTensor.get(t)!);
    const below = indent + (branch === "" ? "" : last ? "   " : "│  ");
    inputs.forEach((m, i) =>
      visit(m, below, i === inputs.length - 1 ? "└─ " : "├─ ", i === inputs.length - 1),
    );
  };
  visit(root, "", "", true);
  return lines.join("\n");
}

/** One tensor: "#3 mul → [2, 3] min … · grad …", or "w (param) [3] …" for a leaf. */
function describe(n: TensorNode, gradOf: (t: Tensor) => Tensor | null, name?: string): string {
  const t = n.tensor;
  const made = t.gradFn
    ? `${t.gradFn.op} → `
    : t.cut
      ? `cut (${t.cut.reason === "detach" ? "detach" : `${t.cut.op} under noGrad`}) → `
      : "";
  const role = n.role === "param" || n.role === "leaf" || n.role === "constant" ? ` (${n.role})` : "";
  const grad = gradOf(t);
  const title = `#${n.index}${name ? ` ${name}` : ""}${role}`;
  return `${title} ${made}${formatShape(t)} ${valueText(t)}${grad ? `   grad ${valueText(grad)}` : ""}`;
}
