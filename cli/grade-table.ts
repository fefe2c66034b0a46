// The grades as a table for the terminal and as CSV for a spreadsheet: a row per student, a column per
// exercise (its points), the total, and a note where a notebook could not be graded.
import type { Assignment } from "./nbgrader";
import type { Score } from "./scores";

export interface GradeRow {
  student: string;
  /** by exercise id; absent when the notebook could not be graded at all */
  scores?: Map<string, Score>;
  /** why the notebook was not graded, or what stopped it: "is not a notebook", "timed out after 10 s" */
  note?: string;
}

const num = (n: number) => String(Math.round(n * 100) / 100);

export const totalOf = (row: GradeRow) =>
  row.scores ? [...row.scores.values()].reduce((s, x) => s + x.earned, 0) : 0;

/** "2", or "0 wrong": the points, and the outcome when it is not right. */
function cellText(score: Score | undefined): string {
  if (!score) return "";
  return score.outcome === "right" ? num(score.earned) : `${num(score.earned)} ${score.outcome}`;
}

export function gradeTable(assignment: Assignment, rows: GradeRow[]): string {
  const max = assignment.exercises.reduce((s, e) => s + e.points, 0);
  const head = [
    "student",
    ...assignment.exercises.map((e) => `${e.id} (${num(e.points)})`),
    `total (${num(max)})`,
    "note",
  ];
  const body = rows.map((row) => [
    row.student,
    ...assignment.exercises.map((e) => cellText(row.scores?.get(e.id))),
    row.scores ? num(totalOf(row)) : "–",
    row.note ?? "",
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells: string[]) =>
    cells
      .map((s, c) => s.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  return [line(head), ...body.map(line)].join("\n");
}

const csvField = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** One row per student: points per exercise (numbers only, for sums), total, and a note that also lists
 * the exercises that are not right. */
export function gradeCsv(assignment: Assignment, rows: GradeRow[]): string {
  const head = ["student", ...assignment.exercises.map((e) => e.id), "total", "note"];
  const body = rows.map((row) => {
    const outcomes = assignment.exercises
      .filter((e) => row.scores && row.scores.get(e.id)?.outcome !== "right")
      .map((e) => `${e.id}: ${row.scores!.get(e.id)!.outcome}`);
    const note = [row.note, ...outcomes].filter(Boolean).join("; ");
    return [
      row.student,
      ...assignment.exercises.map((e) => (row.scores ? num(row.scores.get(e.id)!.earned) : "")),
      row.scores ? num(totalOf(row)) : "",
      note,
    ];
  });
  return [head, ...body].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}
