// Checking what a Session.run is fed: every mistake gets one sentence saying what was wrong and how
// to put it right, before anything runs.
import { ShapeError } from "../shape";
import { Tensor } from "../tensor";
import type { Graph } from "./graph";
import { type Dim, formatDims, type Node } from "./node";

/** Feeds by placeholder name (`{ x: batch }`), or by the placeholder nodes themselves. */
export type Feeds = Record<string, Tensor> | Map<Node, Tensor>;

/** The fed values by placeholder, each checked against its placeholder's shape and dtype. */
export function checkFeeds(graph: Graph, feeds: Feeds): Map<Node, Tensor> {
  const entries: [string | Node, unknown][] = feeds instanceof Map ? [...feeds] : Object.entries(feeds);
  const checked = new Map<Node, Tensor>();
  for (const [key, value] of entries) {
    const node = typeof key === "string" ? graph.get(key) : key;
    if (!node || node.graph !== graph) throw unknownFeed(graph, typeof key === "string" ? key : key.name);
    if (node.kind !== "placeholder")
      throw new Error(
        `Session.run: "${node.name}" is a ${node.kind}, not a placeholder: only placeholders are fed ` +
          `(a variable keeps its value in the session; a constant never changes)`,
      );
    if (!(value instanceof Tensor))
      throw new TypeError(
        `Session.run: the feed for "${node.name}" must be a Tensor, got ${describe(value)}`,
      );
    checkFeed(node, value);
    checked.set(node, value);
  }
  return checked;
}

function unknownFeed(graph: Graph, name: string): Error {
  const names = graph.placeholders().map((p) => p.name);
  return new Error(
    `Session.run: feed "${name}" names no node of this graph (its placeholders: ${names.join(", ") || "none"})`,
  );
}

const describe = (v: unknown) => (Array.isArray(v) ? "an array — wrap it with tensor(...)" : typeof v);

/** The value fits its placeholder: the same dtype, the same number of dims, and each known dim equal. */
function checkFeed(node: Node, value: Tensor): void {
  const wanted = `placeholder "${node.name}" is ${formatDims(node.shape)} ${node.dtype}`;
  if (value.dtype !== node.dtype) {
    const fix =
      node.dtype === "float32" ? ".float()" : node.dtype === "int32" ? ".int()" : `.to("${node.dtype}")`;
    throw new TypeError(
      `Session.run: the feed for "${node.name}" is ${value.dtype} but ${wanted} — convert it with ${fix}`,
    );
  }
  const bad = mismatch(node.shape, value.shape);
  if (bad !== null)
    throw new ShapeError(
      `Session.run: the feed for "${node.name}" has shape ${formatDims(value.shape)} but ${wanted}${bad}`,
    );
}

/** Why `shape` does not fit `wanted` ("" when the number of dims differs), or null when it fits. */
function mismatch(wanted: readonly Dim[], shape: readonly number[]): string | null {
  if (wanted.length !== shape.length) return ` (${wanted.length} dims, not ${shape.length})`;
  const d = wanted.findIndex((w, i) => w !== null && w !== shape[i]);
  return d < 0 ? null : ` (dim ${d} must be ${wanted[d]}, not ${shape[d]})`;
}
