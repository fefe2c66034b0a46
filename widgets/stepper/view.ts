// stepper(loss, options): the graph of `loss`, stepped node by node — the forward pass in topological
// order, then the backward pass in the order backward() takes it, each step with its upstream gradient,
// local derivative (formula and numbers), product, and the sum where a value fed several consumers.
// Static: the graph with the current step outlined, then every step in a numbered table. Interactive:
// buttons, arrow keys and a slider (browser/stepper.ts). From a cell: s.next(), s.prev(), s.goto(n).
import type { Module } from "../../lib/nn/module";
import type { Tensor } from "../../lib/tensor";
import { formatShape } from "../graph/values";
import { View, type ViewParts } from "../view";
import { toDot } from "../graph/dot";
import { legendHtml } from "../graph/legend";
import { type GraphModel, buildModel } from "../graph/model";
import { type Scoping, scopeNodes } from "../graph/scopes";
import { checkGraph, layout } from "../graph/view";
import { nodeName, stepHtml, stepLines } from "./rows";
import { type Step, walkSteps } from "./steps";

/** Options of {@link stepper}. */
export interface StepperOptions {
  /** names parameters by their module paths ("0.weight") and draws modules as clusters */
  model?: Module;
  /** ∂loss/∂loss to start the backward pass from: needed when `loss` has more than one element */
  grad?: Tensor;
  /** the step shown first, numbered from 1 as in the table (default 1) */
  start?: number;
  /** refuse to lay out more nodes than this (default 2000) */
  maxNodes?: number;
  /** top to bottom (default) or left to right */
  direction?: "LR" | "TB";
}

/** What the browser script gets: the graph without highlights, and each step's panel and nodes. */
export interface StepperData {
  svg: string;
  /** the step shown first (0-based) */
  current: number;
  steps: { html: string; nodes: string[]; related: string[] }[];
}

/** The kernel's `display` global (absent in plain Node); `update: true` redraws the output shown under `id`. */
type KernelDisplay = (value: unknown, options?: { id?: string; update?: boolean }) => unknown;

/**
 * What {@link stepper} returns: the graph and every step of the forward and backward pass, with one
 * step shown. Move with next(), prev() and goto(n); in a notebook the output redraws in place.
 */
export class StepperView extends View {
  /** every step: the forward ops in topological order, then the backward pass in backward()'s order */
  readonly steps: readonly Step[];
  private index: number;
  private readonly model: GraphModel;
  private readonly scoping: Scoping;
  private readonly svgs = new Map<number, string>();

  constructor(
    /** the tensor whose forward and backward pass are stepped through */
    readonly loss: Tensor,
    /** the options it was made with */
    readonly options: StepperOptions = {},
  ) {
    super();
    const root = checkLoss(loss, options.grad);
    this.model = buildModel(root, options);
    this.scoping = scopeNodes(this.model);
    this.steps = walkSteps(this.model, root, options.grad);
    this.index = 0;
    this.index = this.checkStep(options.start ?? 1);
    this.svg(-1); // lay out now, so a graph too big to draw fails here and not when it is shown
  }

  /** The step shown, numbered from 1 as in the table. */
  get position(): number {
    return this.index + 1;
  }

  /** The number of steps, forward and backward. */
  get count(): number {
    return this.steps.length;
  }

  /** Shows the next step (stays on the last). */
  next(): void {
    this.show(Math.min(this.index + 1, this.steps.length - 1));
  }

  /** Shows the previous step (stays on the first). */
  prev(): void {
    this.show(Math.max(this.index - 1, 0));
  }

  /** Shows step `n`, numbered from 1 as in the table. */
  goto(n: number): void {
    this.show(this.checkStep(n));
  }

  private checkStep(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > this.steps.length) {
      throw new RangeError(
        `stepper: there is no step ${n}; the steps are numbered 1 to ${this.steps.length}`,
      );
    }
    return n - 1;
  }

  /** Changes the step, and in a notebook redraws the stepper's output (one display, updated in place). */
  private show(index: number): void {
    this.index = index;
    const display = (globalThis as { display?: KernelDisplay }).display;
    if (typeof display !== "function") return;
    // the kernel shows a view under its own id, wherever it was shown (a cell's value or display(s))
    display(this, { id: this.id, update: true });
  }

  private name = (t: Tensor): string => {
    const node = this.model.byTensor.get(t)!;
    return nodeName(node, this.scoping.ownName.get(node));
  };

  /** The graph, with step `index`'s nodes outlined (-1: none); laid out once per step shown. */
  private svg(index: number): string {
    let svg = this.svgs.get(index);
    if (svg === undefined) {
      const marks = index < 0 ? undefined : highlights(this.steps[index], this.model);
      const dot = toDot(this.model, this.scoping, {
        idPrefix: this.id,
        model: this.options.model,
        gradOf: () => null, // the gradients are the steps' to show, one at a time
        highlight: marks && new Set(marks.nodes),
        related: marks && new Set(marks.related),
        direction: this.options.direction,
      });
      svg = layout(dot, this.options, "stepper");
      this.svgs.set(index, svg);
    }
    return svg;
  }

  render(): ViewParts {
    const count = this.steps.length;
    const rows = this.steps.map((step, k) => stepHtml(k, count, step, this.name, this.loss.name));
    const table = rows
      .map(
        (html, k) =>
          `<tr data-step="${k}"${k === this.index ? ` class="gradlab-step-current" style="background:#fff1e0"` : ""}>` +
          `<td style="vertical-align:top;text-align:left">${html}</td></tr>`,
      )
      .join("");
    const data: StepperData = {
      svg: this.svg(-1),
      current: this.index,
      steps: this.steps.map((step, k) => ({
        html: rows[k],
        ...prefixed(highlights(step, this.model), this.id),
      })),
    };
    return {
      text: this.toString(),
      html:
        `<div class="gradlab-stepper-panel" style="padding:4px 6px;border-left:4px solid #e66100;margin:4px 0">${rows[this.index]}</div>` +
        `<div class="gradlab-graph" style="overflow:auto">${this.svg(this.index)}</div>${legendHtml()}` +
        `<div class="gradlab-stepper-steps"><table style="border-collapse:collapse;font-size:12px">${table}</table></div>`,
      script: { name: "stepper", data },
    };
  }

  /** The current step as text: its op, upstream gradient, local derivative and product. */
  override toString(): string {
    const { title, lines } = stepLines(this.steps[this.index], this.name, this.loss.name);
    return [
      `stepper: step ${this.position} of ${this.count} · ${title}`,
      ...lines.map((l) => `  ${l}`),
      `(s.next(), s.prev(), s.goto(n) move; ${this.forwardCount()} forward steps, then ${this.count - this.forwardCount()} backward)`,
    ].join("\n");
  }

  private forwardCount(): number {
    return this.steps.filter((s) => s.kind === "forward").length;
  }
}

/**
 * Steps through the forward and backward pass that computed `loss`: each step shows the upstream
 * gradient, the local derivative (formula and numbers), their product, and the sum where a value fed
 * several consumers. Make it before calling `loss.backward()` (or backward with `retainGraph: true`).
 * @example
 * const w = tensor([0.5, -1], { requiresGrad: true });
 * const x = tensor([2, 3]);
 * const loss = w.mul(x).sum().sigmoid();
 * const s = stepper(loss);
 * s.next(); // in a notebook the same output moves to step 2
 * s.goto(s.count); // the last step: w receives its gradient
 */
export function stepper(loss: Tensor, options: StepperOptions = {}): StepperView {
  return new StepperView(loss, options);
}

/** The loss, if a backward pass can start from it; a clear error otherwise. */
function checkLoss(loss: Tensor, grad: Tensor | undefined): Tensor {
  checkGraph(loss, "stepper");
  if (!loss.gradFn) {
    throw new Error(
      "stepper: this tensor was cut off from its graph (noGrad or detach), so no gradient flows back",
    );
  }
  if (!grad && loss.size !== 1) {
    throw new Error(
      `stepper: the loss has shape ${formatShape(loss)} (${loss.size} elements); backward starts from one number. ` +
        `Reduce it first (stepper(y.sum()) or y.mean()), or give the starting gradient: stepper(y, { grad: onesLike(y) })`,
    );
  }
  if (loss.gradFn.backward === null) {
    throw new Error(
      "stepper: this graph was already freed by loss.backward(); create the stepper before calling backward(), " +
        "or call loss.backward({ retainGraph: true })",
    );
  }
  return loss;
}

/** The nodes a step is about (outlined) and those it reads from or sends to (marked). */
function highlights(step: Step, model: GraphModel): { nodes: string[]; related: string[] } {
  const i = step.node.index;
  if (step.kind === "leaf") {
    return { nodes: [`t${i}`], related: step.contributions.map((c) => `op${c.from.index}`) };
  }
  const inputs = step.node.tensor.gradFn!.inputs.map((t) => `t${model.byTensor.get(t)!.index}`);
  return { nodes: [`op${i}`, `t${i}`], related: inputs };
}

/** The SVG ids of a step's nodes. */
const prefixed = (h: { nodes: string[]; related: string[] }, id: string) => ({
  nodes: h.nodes.map((n) => `${id}-${n}`),
  related: h.related.map((n) => `${id}-${n}`),
});
