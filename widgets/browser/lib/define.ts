// Each view's script registers one function under `window.gradlabViews`: the output's HTML calls it with
// the id of its container, and it reads the view's data from the JSON script beside the container.
import { fromBase64 } from "../../base64";

declare global {
  interface Window {
    gradlabViews?: Record<string, (id: string) => void>;
  }
}

export function defineView<T>(name: string, init: (root: HTMLElement, data: T) => void): void {
  window.gradlabViews ??= {};
  window.gradlabViews[name] = (id) => {
    const root = document.getElementById(id);
    const json = document.getElementById(`${id}-data`)?.textContent;
    if (!root || json == null) return; // the output was replaced before its script ran
    liveSvgs(root);
    init(root, JSON.parse(json) as T);
  };
}

/**
 * Each static picture back as the SVG it shows. The kernel sends a view's SVG as an <img> of itself,
 * which the sanitizer of an untrusted notebook keeps (it drops <svg>); where this script runs, the view
 * works on the SVG's own elements (nodes to click, plotly taking its place).
 */
function liveSvgs(root: HTMLElement): void {
  root.querySelectorAll<HTMLImageElement>("img.gradlab-svg").forEach((img) => {
    const src = img.getAttribute("src") ?? "";
    const bytes = fromBase64(src.slice(src.indexOf(",") + 1));
    const holder = document.createElement("div");
    holder.innerHTML = new TextDecoder().decode(bytes);
    const svg = holder.querySelector("svg");
    if (svg) img.replaceWith(svg);
  });
}
