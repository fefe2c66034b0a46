// check(): runs one exercise's test and shows the verdict — a box in a notebook (with the record
// `gradlab grade` reads), text in plain Node. A test that throws is the student's code throwing: a
// NotDone means the exercise is still the released stub, anything else is reported with its line.
import { Exercise } from "./exercise";
import { isNotDone } from "./not-done";
import { ExerciseResult, type Part } from "./result";

export interface CheckOptions {
  /** what the exercise is worth (default 1) */
  points?: number;
  /** credit the share of parts that pass, instead of all or nothing */
  partial?: boolean;
}

export type Test = (ex: Exercise) => void;
export type AsyncTest = (ex: Exercise) => Promise<void>;

/** Runs a test and returns its result without showing it (for tests of checks, and tools). */
export function evaluate(id: string, options: CheckOptions, test: Test): ExerciseResult;
export function evaluate(id: string, options: CheckOptions, test: AsyncTest): Promise<ExerciseResult>;
export function evaluate(
  id: string,
  options: CheckOptions,
  test: Test | AsyncTest,
): ExerciseResult | Promise<ExerciseResult> {
  const ex = new Exercise();
  const verdict = (err?: unknown) => resultOf(id, options, ex.parts, err);
  try {
    const pending = test(ex);
    if (pending instanceof Promise) return pending.then(() => verdict(), verdict);
  } catch (err) {
    return verdict(err);
  }
  return verdict();
}

function resultOf(id: string, options: CheckOptions, parts: Part[], err?: unknown): ExerciseResult {
  const { points = 1, partial = false } = options;
  if (err !== undefined && isNotDone(err))
    return new ExerciseResult(
      id,
      points,
      "not done",
      [],
      "write your answer in the exercise cell, run it, then run this check again",
    );
  if (err !== undefined) return new ExerciseResult(id, points, "error", parts, errorLine(err), partial);
  if (parts.length === 0)
    return new ExerciseResult(
      id,
      points,
      "error",
      [],
      "this check checked nothing (its test made no ex.… call)",
    );
  return new ExerciseResult(
    id,
    points,
    parts.every((p) => p.ok) ? "right" : "wrong",
    parts,
    undefined,
    partial,
  );
}

/** "TypeError: x.foo is not a function (at cell[5]:3:11)": the message and the first line in a cell
 * (the kernel maps stack frames to cell lines), or the first frame when none is in a cell. */
export function errorLine(err: unknown): string {
  if (!(err instanceof Error)) return `your code threw ${String(err)}`;
  const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
  const site = frames.map((f) => f.match(/cell\[\d+\]:\d+:\d+/)?.[0]).find(Boolean);
  return `${err.name}: ${err.message}${site ? ` (at ${site})` : ""}`;
}

type Display = (value: unknown) => unknown;

/** Shows a result: display() in a notebook, console.log elsewhere. */
function show(result: ExerciseResult): void {
  const display = (globalThis as { display?: Display }).display;
  if (typeof display === "function") display(result);
  else console.log(result.toString());
}

/**
 * Checks one exercise and shows what is right, what is wrong and a hint:
 *
 *     check("1.2 sigmoid backward", { points: 2 }, (ex) => {
 *       ex.shape(sigmoidBackward(out, g), [6]);
 *       ex.gradcheck(sigmoidWith(sigmoidBackward), [x], { hint: "σ′(x) = σ(x)·(1 − σ(x))" });
 *     });
 *
 * An async test (one that awaits fit()) makes check return a promise.
 */
export function check(id: string, test: Test): void;
export function check(id: string, test: AsyncTest): Promise<void>;
export function check(id: string, options: CheckOptions, test: Test): void;
export function check(id: string, options: CheckOptions, test: AsyncTest): Promise<void>;
export function check(
  id: string,
  optionsOrTest: CheckOptions | Test | AsyncTest,
  maybeTest?: Test | AsyncTest,
): void | Promise<void> {
  const [options, test] =
    typeof optionsOrTest === "function" ? [{}, optionsOrTest] : [optionsOrTest, maybeTest!];
  const result = evaluate(id, options, test as Test);
  if (result instanceof Promise) return result.then(show);
  show(result);
}
