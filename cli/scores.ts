// A student's score on each exercise, read from their executed notebook: the records that check() left
// in each grade cell's outputs (application/vnd.gradlab.exercise+json), scaled to the cell's points.
import { exerciseMime, type ExerciseRecord, type Status } from "../exercises/result";
import type { Cell, Notebook } from "../kernel/notebook";
import { nbgraderOf, type Assignment } from "./nbgrader";

/** An exercise's outcome: the checker's statuses, and what only grading sees — a grade cell that is gone
 * or recorded nothing ("missing"), or never ran because the notebook ran out of time ("timeout"). */
export type Outcome = Status | "missing" | "timeout";

export interface Score {
  earned: number;
  outcome: Outcome;
}

/** Worst first: the status a cell with several checks reports. */
const severity: Outcome[] = ["error", "not done", "wrong", "right"];

const recordsOf = (cell: Cell): ExerciseRecord[] =>
  (cell.outputs ?? []).flatMap((o) => {
    const record = (o.data as Record<string, unknown> | undefined)?.[exerciseMime];
    return record ? [record as ExerciseRecord] : [];
  });

/** The score of one grade cell worth `points`. `unreached` says the notebook stopped before it. */
function scoreCell(cell: Cell | undefined, points: number, unreached: boolean): Score {
  if (!cell) return { earned: 0, outcome: "missing" };
  const records = recordsOf(cell);
  if (records.length === 0) {
    if (unreached) return { earned: 0, outcome: "timeout" };
    const failed = (cell.outputs ?? []).some((o) => o.output_type === "error");
    return { earned: 0, outcome: failed ? "error" : "missing" };
  }
  const possible = records.reduce((s, r) => s + r.points, 0);
  const earned = records.reduce((s, r) => s + r.earned, 0);
  const outcome = severity.find((o) => records.some((r) => r.status === o)) ?? "right";
  return { earned: possible > 0 ? Math.round((points * earned * 100) / possible) / 100 : 0, outcome };
}

/** Each exercise's score, by id. `stoppedAt`: the cell the notebook was stopped in (a time-out). */
export function scoreNotebook(
  notebook: Notebook,
  assignment: Assignment,
  stoppedAt?: number,
): Map<string, Score> {
  const scores = new Map<string, Score>();
  for (const { id, points } of assignment.exercises) {
    const index = notebook.cells.findIndex((c) => nbgraderOf(c)?.grade_id === id);
    const unreached = stoppedAt !== undefined && index >= stoppedAt;
    scores.set(id, scoreCell(notebook.cells[index], points, unreached));
  }
  return scores;
}
