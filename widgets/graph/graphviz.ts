// Graphviz compiled to WebAssembly (@viz-js/viz) lays out the graphs on the kernel side, so the SVG is in
// the output itself and shows with scripts off. Loading the WebAssembly is asynchronous, but graph() and
// stepper() are plain synchronous calls: loading starts when gradlab/widgets is imported, and the kernel
// awaits ready() at start-up (in plain Node, `await ready()` once before the first graph).
import type { Viz } from "@viz-js/viz" with { "resolution-mode": "import" };

let viz: Viz | undefined;
let failure: unknown;
// a real dynamic import: @viz-js/viz is an ES module (TypeScript keeps import() as is for Node16 CommonJS)
const loading: Promise<void> = import("@viz-js/viz")
  .then((m) => m.instance())
  .then((v) => {
    viz = v;
  })
  .catch((e: unknown) => {
    failure = e;
  });

/** Resolves once Graphviz is loaded: `await ready()` before the first graph() or stepper() in plain Node. */
export async function ready(): Promise<void> {
  await loading;
  if (failure) throw new Error(`gradlab/widgets: Graphviz (@viz-js/viz) failed to load: ${String(failure)}`);
}

/** Lays out a graph written in the DOT language and returns its SVG. */
export function renderSvg(dot: string, caller: string): string {
  if (!viz) {
    throw new Error(
      failure
        ? `${caller}: Graphviz (@viz-js/viz) failed to load: ${String(failure)}`
        : `${caller}: Graphviz is still loading — run \`await ready()\` first ` +
            `(import { ready } from "gradlab/widgets"; the gradlab kernel does this at start-up)`,
    );
  }
  const result = viz.render(dot, { format: "svg" });
  if (result.status !== "success") {
    const why = result.errors.map((e) => e.message).join("; ");
    throw new Error(`${caller}: Graphviz could not lay out the graph: ${why}`);
  }
  // drop the XML prolog and DOCTYPE: the SVG goes inside HTML
  return result.output.slice(result.output.indexOf("<svg"));
}
