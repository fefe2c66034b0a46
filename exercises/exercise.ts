// The `ex` a check's test receives: one method per kind of assertion. Each records a part — what was
// checked, whether it holds, and a hint when it does not — and returns whether it held, so a test can
// skip what would only repeat a failure. No message quotes the reference: the check must not hand out
// the solution.
import { gradcheck, type GradcheckOptions } from "../lib/check/gradcheck";
import { formatShape } from "../lib/shape";
import type { Tensor } from "../lib/tensor";
import { History } from "../lib/train/history";
import type { Part } from "./result";
import { describe, flatten, indexOf, mismatches, sameShape, type Value } from "./values";

export interface HintOptions {
  /** what the part checks, as the student reads it: "∂L/∂x", "the updated weights", "the loss" */
  what?: string;
  /** shown when the part fails */
  hint?: string;
}

export interface CloseOptions extends HintOptions {
  /** absolute tolerance (default 1e-5) */
  atol?: number;
  /** relative tolerance, times |expected| (default 1e-4) */
  rtol?: number;
  /** known slips: when the answer matches one of these values, its hint replaces the general one */
  mistakes?: [Value, string][];
}

export interface LossOptions extends HintOptions {
  /** the log to read from a History (default "loss") */
  key?: string;
  /** how much lower the last value must be, as a fraction of the first (default 0: any decrease) */
  by?: number;
}

/** "1 element", "4 elements" */
const elements = (n: number) => `${n} element${n === 1 ? "" : "s"}`;

/** How many bad positions to name before "…". */
const named = 4;

export class Exercise {
  readonly parts: Part[] = [];

  private record(ok: boolean, line: string, hint?: string): boolean {
    this.parts.push({ ok, line, hint });
    return ok;
  }

  /** Any condition: `ex.that(w.grad !== null, "w has a gradient", "call backward() first")`. */
  that(condition: boolean, what: string, hint?: string): boolean {
    return this.record(condition, what, hint);
  }

  /** The answer has this shape. */
  shape(yours: unknown, expected: readonly number[], options: HintOptions = {}): boolean {
    const what = options.what ?? "the shape";
    const flat = flatten(yours);
    if (!flat) return this.record(false, `${what}: got ${describe(yours)}, expected a tensor`, options.hint);
    if (sameShape(flat.shape, expected)) return this.record(true, `${what} is ${formatShape(expected)}`);
    return this.record(
      false,
      `${what} is ${formatShape(flat.shape)}, expected ${formatShape(expected)}`,
      options.hint,
    );
  }

  /** The answer equals the reference elementwise, within atol + rtol·|reference|. Names the positions that
   * differ, never the values there. */
  close(yours: unknown, expected: Value, options: CloseOptions = {}): boolean {
    const { atol = 1e-5, rtol = 1e-4, what = "your answer" } = options;
    const want = flatten(expected);
    if (!want) throw new TypeError(`check: the reference for ${what} is not a tensor, number or array`);
    const got = flatten(yours);
    if (!got) return this.record(false, `${what}: got ${describe(yours)}, expected a tensor`, options.hint);
    if (!sameShape(got.shape, want.shape))
      return this.record(
        false,
        `${what} has shape ${formatShape(got.shape)}, expected ${formatShape(want.shape)}`,
        options.hint,
      );
    const bad = mismatches(got, want, atol, rtol);
    if (bad.length === 0)
      return this.record(true, `${what} matches the reference (${elements(want.values.length)})`);
    return this.record(false, this.differ(what, bad, want), this.slip(got, options, atol, rtol));
  }

  /** "∂L/∂x: 2 of 6 elements differ from the reference, at [0], [3]" */
  private differ(what: string, bad: number[], want: { shape: number[]; values: number[] }): string {
    if (want.values.length === 1) return `${what} differs from the reference`;
    const where = bad.slice(0, named).map((i) => indexOf(i, want.shape));
    const more = bad.length > named ? ", …" : "";
    return `${what}: ${bad.length} of ${want.values.length} elements differ from the reference, at ${where.join(", ")}${more}`;
  }

  /** The hint of the first known mistake the answer matches, else the general hint. */
  private slip(got: ReturnType<typeof flatten>, options: CloseOptions, atol: number, rtol: number) {
    for (const [value, hint] of options.mistakes ?? []) {
      const flat = flatten(value);
      if (flat && got && sameShape(flat.shape, got.shape) && mismatches(got, flat, atol, rtol).length === 0)
        return hint;
    }
    return options.hint;
  }

  /** The gradients autograd computes through `fn` (with the student's backward in it) agree with central
   * differences, in float64 (lib's gradcheck). The table is not shown: its numbers are the answer. */
  gradcheck(
    fn: (...inputs: Tensor[]) => Tensor,
    inputs: Tensor | Tensor[],
    options: GradcheckOptions & HintOptions = {},
  ): boolean {
    const what = options.what ?? "the gradient";
    const result = gradcheck(fn, inputs, options);
    if (result.ok)
      return this.record(true, `${what} agrees with central differences (${elements(result.table.length)})`);
    const where = result.failures.slice(0, named).map((r) => `input ${r.input} [${r.index.join(",")}]`);
    const more = result.failures.length > named ? ", …" : "";
    return this.record(
      false,
      `${what}: autograd and central differences disagree at ${result.failures.length} of ${result.table.length} elements (${where.join(", ")}${more})`,
      options.hint,
    );
  }

  /** The loss went down: its last value is below its first (by a fraction `by` of it, if given). Takes
   * fit()'s History or a list of losses. The student's own numbers are shown: they are not the answer. */
  lossWentDown(history: History | readonly number[], options: LossOptions = {}): boolean {
    const { key = "loss", by = 0 } = options;
    const what = options.what ?? "the loss";
    const losses = history instanceof History ? history.get(key) : [...history];
    const [first, last] = [losses[0], losses.at(-1)];
    if (losses.length < 2 || !Number.isFinite(first) || !Number.isFinite(last))
      return this.record(
        false,
        `${what}: need at least two finite values of ${key}, got ${losses.length}`,
        options.hint,
      );
    const ok = last! < first * (1 - by);
    const change = `${first.toPrecision(4)} → ${last!.toPrecision(4)}`;
    return this.record(
      ok,
      ok ? `${what} went down (${change})` : `${what} did not go down (${change})`,
      options.hint,
    );
  }
}
