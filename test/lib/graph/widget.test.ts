// The widgets' graph() view draws a graph-mode Graph: every node in the SVG, and before/after the passes.
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { optim, mseLoss, tensor, zeros } from "../../../lib/index";
import { Graph, minimize, passes } from "../../../lib/graph";
import { graph, ready } from "../../../widgets/index";
import { SymbolicGraphView } from "../../../widgets/graph/symbolic";
import { inlineSvgs } from "../../../widgets/view";

function example() {
  const g = new Graph();
  const x = g.placeholder("x", [null, 3]);
  const t = g.placeholder("t", [null, 1]);
  const w = g.variable("w", zeros([3, 1]));
  const h = x.mul(2).add(1).tanh(); // a chain the passes fuse
  const loss = g.apply(mseLoss, h.matmul(w), t);
  const train = minimize(loss, optim.SGD, { lr: 0.1 });
  g.constant(tensor([1])).exp(); // dead for the train op
  return { g, loss, train };
}

/** The node names in an SVG drawn by graph(): each node is a <g id="<view id>-<drawing>-<name>">. */
const drawn = (html: string, drawing = 0) =>
  [...html.replace(/&#45;/g, "-").matchAll(/<g id="gradlab-[\w-]+?-(\d)-([^"]+)" class="node"/g)]
    .filter((m) => Number(m[1]) === drawing)
    .map((m) => m[2]);

describe("graph(g) for a Graph", () => {
  before(() => ready());

  it("draws every node of the graph, each with its name, op and shape", () => {
    const { g } = example();
    const view = graph(g);
    assert.ok(view instanceof SymbolicGraphView);
    const html = inlineSvgs(String(view.bundle()["text/html"]));
    assert.deepEqual(drawn(html).sort(), g.nodes.map((n) => n.name).sort());
    assert.match(html, />mul<\/text>/);
    assert.match(String(view), /^Graph \(\d+ nodes\)\n {2}x = placeholder {2}\[null,3\] float32/);
  });

  it("draws the program before and after the passes: fewer nodes, the fused one among them", () => {
    const { g, train, loss } = example();
    const view = graph(g, { outputs: [train, loss], passes: true });
    const html = inlineSvgs(String(view.bundle()["text/html"]));
    const after = passes.optimize({ graph: g, outputs: [train, loss] });
    assert.ok(!drawn(html, 0).includes("exp"), "the dead branch is not drawn for these outputs");
    assert.deepEqual(drawn(html, 1).sort(), after.graph.nodes.map((n) => n.name).sort());
    assert.ok(drawn(html, 1).length < drawn(html, 0).length);
    assert.match(html, /before the passes: \d+ nodes/);
    assert.match(html, /after the passes: \d+ nodes/);
    assert.match(html, /fused\[mul→add→tanh\]/);
  });
});
