// nbgrader's cell metadata, as gradlab reads it: solution cells (the student's answer), grade cells (the
// checks, with an id and points). A teacher who uses nbgrader can use gradlab's notebooks as they are.
import type { Cell, Notebook } from "../kernel/notebook";

/** `cell.metadata.nbgrader`, as nbgrader 0.9 writes it (schema_version 3). */
export interface NbgraderCell {
  grade_id: string;
  solution: boolean;
  grade: boolean;
  locked: boolean;
  points?: number;
  schema_version: number;
}

/** One graded exercise of an assignment. */
export interface GradedExercise {
  id: string;
  points: number;
}

/** What `gradlab release` stamps on the student's version: the assignment's name and its exercises,
 * so `grade` knows what to expect even when a student deleted a cell. */
export interface Assignment {
  name: string;
  exercises: GradedExercise[];
}

export const nbgraderOf = (cell: Cell): Partial<NbgraderCell> | undefined =>
  (cell.metadata as { nbgrader?: Partial<NbgraderCell> } | undefined)?.nbgrader;

/** The grade cells, in order: each is one exercise worth its points. */
export function gradeCells(notebook: Notebook): GradedExercise[] {
  return notebook.cells
    .map(nbgraderOf)
    .filter((m) => m?.grade && m.grade_id)
    .map((m) => ({ id: m!.grade_id!, points: Number(m!.points ?? 0) }));
}

/** The assignment a notebook belongs to: the stamp `release` wrote, else its name and grade cells. */
export function assignmentOf(notebook: Notebook, name: string): Assignment {
  const stamp = (notebook.metadata.gradlab as { assignment?: Assignment } | undefined)?.assignment;
  return stamp ?? { name, exercises: gradeCells(notebook) };
}

export function stampAssignment(notebook: Notebook, assignment: Assignment): void {
  const gradlab = (notebook.metadata.gradlab as object | undefined) ?? {};
  notebook.metadata.gradlab = { ...gradlab, assignment };
}

/** Puts the teacher's grade cells back in a student's notebook, by grade_id, as nbgrader's autograde does:
 * hidden tests return, and a check a student edited counts as the teacher wrote it. */
export function restoreGradeCells(notebook: Notebook, teacher: Notebook): void {
  const sources = new Map(
    teacher.cells.filter((c) => nbgraderOf(c)?.grade).map((c) => [nbgraderOf(c)!.grade_id, c.source]),
  );
  for (const cell of notebook.cells) {
    const meta = nbgraderOf(cell);
    if (meta?.grade && sources.has(meta.grade_id)) cell.source = structuredClone(sources.get(meta.grade_id)!);
  }
}
