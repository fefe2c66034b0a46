// A small teacher's notebook with two graded exercises, and students' versions made from its release,
// for the release and grade tests (built here rather than committed as JSON).
import type { Cell, Notebook } from "../../kernel/notebook";

const nbgrader = (grade_id: string, kind: "solution" | "grade", points?: number) => ({
  nbgrader: {
    grade_id,
    solution: kind === "solution",
    grade: kind === "grade",
    locked: kind === "grade",
    ...(points === undefined ? {} : { points }),
    schema_version: 3,
  },
});

const code = (id: string, source: string, metadata = {}): Cell => ({
  cell_type: "code",
  id,
  metadata,
  source: source.split(/(?<=\n)/),
  outputs: [{ output_type: "stream", name: "stdout", text: ["a teacher's run\n"] }],
  execution_count: 1,
});

/** The teacher's version: solutions between BEGIN/END SOLUTION, checks in grade cells. */
export function teacherNotebook(): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: "gradlab", display_name: "TypeScript (gradlab)", language: "typescript" },
    } as Notebook["metadata"],
    cells: [
      { cell_type: "markdown", id: "intro", metadata: {}, source: ["# Homework\n", "Two small exercises."] },
      code(
        "imports",
        'import { tensor, Tensor } from "gradlab";\nimport { check, notDone } from "gradlab/exercises";',
      ),
      code(
        "double-answer",
        "function double(x: Tensor): Tensor {\n  // BEGIN SOLUTION\n  return x.mul(2);\n  // END SOLUTION\n}",
        nbgrader("double_answer", "solution"),
      ),
      code(
        "double-check",
        'check("double", { points: 2 }, (ex) => {\n  const x = tensor([1, -2, 3.5]);\n  ex.shape(double(x), [3]);\n' +
          '  ex.close(double(x), x.add(x), { hint: "multiply every element by 2" });\n});',
        nbgrader("double", "grade", 2),
      ),
      code(
        "square-answer",
        "function square(n: number): number {\n  // BEGIN SOLUTION\n  return n * n;\n  // END SOLUTION\n}",
        nbgrader("square_answer", "solution"),
      ),
      code(
        "square-check",
        'check("square", (ex) => {\n  ex.close(square(3), 9, { hint: "n times itself" });\n  // BEGIN HIDDEN TESTS\n' +
          "  ex.close(square(-4), 16);\n  // END HIDDEN TESTS\n});",
        nbgrader("square", "grade", 1),
      ),
    ],
  };
}

/** A student's notebook: the released one with each stub replaced by that exercise's answer (by the id
 * of its cell); exercises not named keep their stub. */
export function studentNotebook(released: Notebook, answers: Record<string, string>): Notebook {
  const nb = structuredClone(released);
  for (const cell of nb.cells) {
    const answer = answers[String(cell.id)];
    if (answer === undefined) continue;
    const source = (cell.source as string[]).join("");
    cell.source = source.replace(/\/\/ YOUR CODE HERE\n\s*throw notDone\(\);/, answer).split(/(?<=\n)/);
  }
  return nb;
}
