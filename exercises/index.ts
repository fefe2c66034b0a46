// gradlab/exercises: exercises that check themselves. A teacher writes `check("name", (ex) => …)` under a
// student's answer; it shows what is right, what is wrong and a hint, never the solution, and records the
// points for `gradlab grade`. `gradlab release` turns solutions into `throw notDone()`.
export { check, evaluate, errorLine, type CheckOptions, type Test, type AsyncTest } from "./check";
export { Exercise, type HintOptions, type CloseOptions, type LossOptions } from "./exercise";
export { ExerciseResult, exerciseMime, type ExerciseRecord, type Part, type Status } from "./result";
export { notDone, isNotDone, NotDone } from "./not-done";
export type { Value } from "./values";
