// Each step in words and numbers: one table row for the static list, the same content for the panel the
// browser shows beside the graph, and a few lines of text for console.log.
import type { Tensor } from "../../lib/tensor";
import { formulaOf } from "../graph/formulas";
import type { TensorNode } from "../graph/model";
import { formatShape, valueText } from "../graph/values";
import { escapeXml } from "../view";
import type { Contribution, Step } from "./steps";

/** How a tensor is called in a step: "#3 x", "#5 (mul)". */
export function nodeName(n: TensorNode, ownName?: string): string {
  const name = n.name ?? ownName;
  if (name) return `#${n.index} ${name}`;
  return n.tensor.gradFn ? `#${n.index} (${n.tensor.gradFn.op})` : `#${n.index}`;
}

/** A value with its shape when it isn't a scalar: "0.25" or "[2, 3] min … · mean … · max …". */
const value = (t: Tensor) => (t.size === 1 ? valueText(t) : `${formatShape(t)} ${valueText(t)}`);

const sum = (parts: Contribution[], name: (t: Tensor) => string) =>
  parts.map((c) => `${value(c.grad)} (from ${name(c.from.tensor)})`).join(" + ");

/** The local derivative's value, unless the formula already is a constant ("∂/∂a = 1", "= −1"). */
function localValue(formula: string, local: Tensor | null): string {
  return !local || /= [−-]?\d+$/.test(formula) ? "" : ` = ${value(local)}`;
}

/**
 * The chain rule with numbers: "g × (−3) = 30" for scalars, "g · local" otherwise — summed back to the
 * input's shape where the op broadcast it (a bias added to every row gets the sum of their gradients).
 */
function product(local: Tensor | null, result: Tensor, output: Tensor): string {
  if (local && local.size === 1 && result.size === 1) return `g × ${paren(value(local))} = ${value(result)}`;
  const broadcast =
    output.size !== result.size
      ? `, summed over the broadcast ${formatShape(output)} → ${formatShape(result)}`
      : "";
  return `g · local${broadcast} = ${value(result)}`;
}

const paren = (v: string) => (v.startsWith("-") ? `(${v})` : v);

/** The step as lines of text: a title, then what is computed; `root` names the result differentiated
 * (its tensor's name, "loss" when it has none), so gradients read ∂e/∂c for `e = …`. */
export function stepLines(
  step: Step,
  name: (t: Tensor) => string,
  root = "loss",
): { title: string; lines: string[] } {
  const t = step.node.tensor;
  if (step.kind === "forward") {
    const fn = t.gradFn!;
    const f = formulaOf(fn.op, fn.inputs.length);
    const args = fn.inputs.map((input, i) => `${f.inputs[i] ?? `x${i}`} = ${name(input)}`);
    return {
      title: `forward · ${fn.op} → ${name(t)}`,
      lines: [`${f.forward}   with ${args.join(", ")}`, `= ${value(t)}`],
    };
  }
  if (step.kind === "leaf") {
    const summed =
      step.contributions.length > 1
        ? [`sum of ${step.contributions.length} paths: ${sum(step.contributions, name)}`]
        : [];
    return {
      title: `gradient of leaf ${name(t)}`,
      lines: [...summed, `∂${root}/∂${name(t)} = ${value(step.grad)}   (backward() adds this to its .grad)`],
    };
  }
  const fn = t.gradFn!;
  const upstream =
    step.contributions.length > 1
      ? [`upstream g = ∂${root}/∂${name(t)} = ${sum(step.contributions, name)} = ${value(step.upstream)}`]
      : [`upstream g = ∂${root}/∂${name(t)} = ${value(step.upstream)}`];
  const inputs = step.inputs.map((i) => {
    const to = name(i.input.tensor);
    if (!i.product) return `to ${to}: nothing (it does not require grad)`;
    return `to ${to}:  ${i.formula}${localValue(i.formula, i.local)}  →  ${product(i.local, i.product, t)}`;
  });
  return { title: `backward · ${fn.op} (${name(t)})`, lines: [...upstream, ...inputs] };
}

/** The step as HTML: its title and lines, ready for the table and for the browser's panel. */
export function stepHtml(
  k: number,
  count: number,
  step: Step,
  name: (t: Tensor) => string,
  root?: string,
): string {
  const { title, lines } = stepLines(step, name, root);
  const pass = step.kind === "forward" ? "forward" : "backward";
  return (
    `<div class="gradlab-step gradlab-step-${pass}"><b>Step ${k + 1} of ${count} · ${escapeXml(title)}</b>` +
    lines
      .map((l) => `<div style="font-family:monospace;white-space:pre-wrap">${escapeXml(l)}</div>`)
      .join("") +
    `</div>`
  );
}
