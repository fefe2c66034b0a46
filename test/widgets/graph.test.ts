// graph(): the bundle and its SVG, the numbers on the nodes, parameter names, cuts, module clusters and
// collapsing, the errors for bad input, and a 500-node graph (its layout time is in the bench).
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Tensor, manualSeed, nn, noGrad, randn, tensor } from "../../lib/index";
import { graph, ready } from "../../widgets/index";
import { formatNumber } from "../../widgets/graph/values";
import { inlineSvgs } from "../../widgets/view";
import { bundleParts, elements, group, parseSvg, texts } from "./views";

before(() => ready());

/** A small graph: loss = Σ(x·w) + Σ(x·2), with x and w named leaves; gradients computed. */
function small() {
  const x = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { requiresGrad: true, name: "x" },
  );
  const w = tensor([0.5, -1], { requiresGrad: true, name: "w" });
  const loss = x.mul(w).sum().add(x.mul(2).sum());
  loss.backward();
  return { x, w, loss };
}

function mlp() {
  manualSeed(3);
  const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
  const loss = model
    .forward(randn([4, 2]))
    .pow(2)
    .mean();
  return { model, loss };
}

describe("graph", () => {
  it("gives a well-formed bundle whose SVG parses as XML, with an id on every node", () => {
    const view = graph(small().loss);
    const { svgs, data, text } = bundleParts(view, "graph");
    assert.equal(svgs.length, 1);
    const nodes = elements(svgs[0], "g").filter((g) => g.getAttribute("class") === "node");
    // 4 ops (mul, sum, mul, sum, add = 5) and their outputs, plus x, w and the constant 2
    assert.equal(nodes.length, 5 * 2 + 3);
    for (const n of nodes) assert.match(n.getAttribute("id") ?? "", new RegExp(`^${view.id}-(t|op)\\d+$`));
    assert.deepEqual(data, { svgs: null, buttons: ["collapse modules", "expand modules"] });
    assert.match(text, /^computation graph: 5 ops, 3 leaves/);
  });

  it("shows each scalar's value and each leaf's gradient as autograd computed them", () => {
    const { x, w, loss } = small();
    const view = graph(loss);
    const svg = bundleParts(view, "graph").svgs[0];
    const result = texts(group(svg, `${view.id}-t${countBefore(loss)}`)!);
    assert.ok(result.includes(formatNumber(loss.item())), `result node shows ${loss.item()}: ${result}`);
    assert.equal(loss.item(), 16 - 4 + 0 * 0 + 4); // Σx·w = -4, Σ2x = 20 → 16
    const xLines = texts(nodeOf(svg, view.id, "x")).join(" ");
    const wLines = texts(nodeOf(svg, view.id, "w")).join(" ");
    assert.ok(xLines.includes(`grad [${Array.from(x.grad!.data, formatNumber).join(", ")}]`), xLines);
    assert.ok(wLines.includes(`grad [${Array.from(w.grad!.data, formatNumber).join(", ")}]`), wLines);
    assert.deepEqual(Array.from(w.grad!.data), [4, 6]);
  });

  it("names parameters by their module paths and draws each module as a cluster", () => {
    const { model, loss } = mlp();
    const view = graph(loss, { model });
    const { svgs, data } = bundleParts(view, "graph");
    const all = texts(svgs[0] as never).join("\n");
    for (const name of ["0.weight", "0.bias", "2.weight", "2.bias"]) assert.ok(all.includes(name), name);
    const clusters = elements(svgs[0], "g").filter((g) => g.getAttribute("class") === "cluster");
    const titles = clusters.map((c) => texts(c)[0]).sort();
    assert.deepEqual(titles, ["0 · Linear", "1 · ReLU", "2 · Linear", "model · Sequential"]);
    // the script can switch to the collapsed drawing, which the kernel laid out too
    const [first, other] = (data as { svgs: string[] }).svgs;
    assert.ok(inlineSvgs(view.bundle()["text/html"]!.toString()).includes(first));
    assert.ok(group(parseSvg(other), `${view.id}-m0`), "the collapsed drawing has a box for layer 0");
  });

  it("collapses each layer into one box with its parameters listed", () => {
    const { model, loss } = mlp();
    const view = graph(loss, { model, collapse: true });
    const svg = bundleParts(view, "graph").svgs[0];
    const boxes = [0, 1, 2].map((k) => texts(group(svg, `${view.id}-m${k}`)!).join(" | "));
    assert.match(boxes[0], /^0 · Linear \| → \[4, 3\] \| 0\.weight \[3, 2\] \| 0\.bias \[3\] \| 2 ops$/);
    assert.match(boxes[1], /^1 · ReLU \| → \[4, 3\] \| 1 op$/);
    assert.match(boxes[2], /^2 · Linear \| → \[4, 1\] \| 2\.weight \[1, 3\] \| 2\.bias \[1\] \| 2 ops$/);
    // no op of the layers is drawn on its own: only pow, sum, div (the loss) remain
    const ops = elements(svg, "g").filter((g) => /-op\d+$/.test(g.getAttribute("id") ?? ""));
    assert.deepEqual(ops.map((g) => texts(g)[0]).sort(), ["div", "pow", "sum"]);
  });

  it("draws noGrad and detach cuts as dashed edges", () => {
    const w = tensor([1, 2], { requiresGrad: true, name: "w" });
    const target = noGrad(() => w.mul(3));
    const loss = w.sub(target).mul(w.detach()).sum();
    const view = graph(loss);
    const svg = bundleParts(view, "graph").svgs[0];
    const cuts = elements(svg, "g").filter((g) => (g.getAttribute("class") ?? "").split(" ").includes("cut"));
    assert.deepEqual(cuts.map((c) => texts(c).join(" ")).sort(), ["cut: detach()", "cut: mul under noGrad"]);
    for (const c of cuts) assert.ok(elements(c, "path")[0].getAttribute("stroke-dasharray"), "dashed");
    assert.match(String(view), /cut \(mul under noGrad\)/);
  });

  it("says what is wrong with bad input", () => {
    assert.throws(() => graph(tensor([1, 2])), /no computation graph.*requiresGrad: true/s);
    assert.throws(() => graph(3 as never), /expected a Tensor, got number/);
    const { model, loss } = mlp();
    assert.throws(
      () => graph(loss, { model, maxNodes: 10 }),
      /the graph has 23 nodes, more than the 10.*collapse: true/,
    );
    assert.doesNotThrow(() => graph(loss, { model, maxNodes: 10, collapse: 0 }));
  });

  it("lays out a 500-node graph", () => {
    const loss = chain(125); // each step: an op and its output, plus a constant — 4 nodes
    const view = graph(loss);
    const svg = bundleParts(view, "graph").svgs[0];
    const nodes = elements(svg, "g").filter((g) => g.getAttribute("class") === "node");
    assert.ok(nodes.length >= 500, `${nodes.length} nodes`);
  });
});

/** A chain of n tanh(h·c) steps: 4n + 1 nodes. */
export function chain(n: number): Tensor {
  let h = tensor([0.5], { requiresGrad: true });
  for (let i = 0; i < n; i++) h = h.mul(1.01).tanh();
  return h;
}

/** The index graph() gives a tensor: its place in the graph's order (the result is last). */
function countBefore(loss: Tensor): number {
  return new Set(collect(loss)).size - 1;
}

function collect(t: Tensor): Tensor[] {
  return [t, ...(t.gradFn?.inputs.flatMap(collect) ?? [])];
}

/** The node whose title (after its #index) is the tensor's name. */
function nodeOf(svg: Parameters<typeof elements>[0], id: string, name: string) {
  const node = elements(svg, "g").find(
    (g) => (g.getAttribute("id") ?? "").startsWith(`${id}-t`) && texts(g)[1] === name,
  );
  assert.ok(node, `a node named ${name}`);
  return node;
}
