// The graph widget's layout time: graph(loss).bundle() — collect the graph, write DOT, Graphviz (WASM)
// lays it out, the SVG is wrapped in its bundle — for about 50 and 500 drawn nodes (the target:
// 500 nodes under 1 s). Each node carries a 4×4 heatmap, as a small model's tensors do.
import { randn } from "../../lib/index";
import { graph, ready } from "../../widgets/index";
import { medianMs, type Row, type Suite } from "../row";

/** tanh(1.01·h) repeated: 5 drawn nodes per step (2 ops, 2 tensors, 1 constant), plus 3 (h, sum). */
function chain(steps: number) {
  let h = randn([4, 4]).requiresGrad_();
  for (let i = 0; i < steps; i++) h = h.mul(1.01).tanh();
  return h.sum();
}

export const graphSuite: Suite = {
  name: "widgets: graph layout",
  async run() {
    const t0 = performance.now();
    await ready();
    const rows: Row[] = [
      {
        suite: "graph",
        case: "Graphviz WASM load",
        impl: "gradlab",
        value: performance.now() - t0,
        unit: "ms",
      },
    ];
    for (const [nodes, steps] of [
      [53, 10],
      [503, 100],
    ]) {
      const loss = chain(steps);
      const ms = await medianMs(() => graph(loss).bundle());
      rows.push({
        suite: "graph",
        case: `graph() of ${nodes} nodes`,
        impl: "gradlab",
        value: ms,
        unit: "ms",
      });
    }
    return rows;
  },
};
