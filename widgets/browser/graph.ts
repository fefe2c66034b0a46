// The graph view's interactive layer. The kernel drew two SVGs when the graph has modules: one with each
// module as a cluster of its ops, one with each module collapsed into a box. A button — or a click on a
// module's cluster or box — switches between them. (Graphviz runs on the kernel side; the page only swaps.)
import { defineView } from "./lib/define";

interface GraphData {
  svgs: [string, string] | null;
  buttons: [string, string];
}

defineView<GraphData>("graph", (root, data) => {
  root.setAttribute("data-ready", "true");
  const holder = root.querySelector<HTMLElement>(".gradlab-graph");
  if (!data.svgs || !holder) return;
  const svgs = data.svgs;
  let shown = 0;
  const button = document.createElement("button");
  button.className = "gradlab-graph-toggle";
  button.style.cssText = "margin:4px 0;font:12px sans-serif;cursor:pointer";
  const show = (k: number) => {
    shown = k;
    holder.innerHTML = svgs[k];
    button.textContent = data.buttons[k];
    root.setAttribute("data-view", k === 0 ? "first" : "other");
    // modules (clusters when expanded, boxes when collapsed) are clickable: they switch the drawing
    holder.querySelectorAll<SVGGElement>("g.cluster, g.node").forEach((g) => {
      if (!/-(c|m)\d+$/.test(g.id)) return;
      g.style.cursor = "pointer";
      g.addEventListener("click", () => show(1 - shown));
    });
  };
  button.addEventListener("click", () => show(1 - shown));
  holder.before(button);
  show(0);
});
