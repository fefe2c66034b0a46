// A TypeDoc plugin for gradlab's API docs. Graph mode's Node gets its op methods (matmul, relu, sum, …)
// from a mapped type over Tensor's methods (lib/graph/node.ts), so TypeScript keeps no comment for them.
// Here each undocumented Node member borrows the doc comment of Tensor's method of the same name, after
// a line saying it builds a node: `x.matmul(w)` on nodes adds a graph op that runs Tensor's matmul.
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const classes = context.project.getReflectionsByKind(ReflectionKind.Class);
    const node = classes.find((c) => c.name === "Node" && c.getChildByName("graph"));
    const tensor = classes.find((c) => c.name === "Tensor");
    if (!node || !tensor) return;
    for (const member of node.children ?? []) {
      if (member.hasComment()) continue;
      const method = tensor.getChildByName(member.name);
      const source = method?.signatures?.find((s) => s.comment)?.comment ?? method?.comment;
      if (!source) continue;
      const comment = source.clone();
      comment.summary = [
        { kind: "text", text: "Graph mode: adds a node that computes " },
        { kind: "code", text: `\`Tensor.${member.name}\`` },
        { kind: "text", text: " of its inputs (nodes, or tensors that become constants). Tensor's doc:\n\n" },
        ...comment.summary,
      ];
      member.comment = comment;
    }
  });
}
