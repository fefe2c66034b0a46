// The tutorials' exercises, in the three versions a class meets: the teacher's (with solutions) says every
// exercise is right; the students' (`gradlab release`) runs without a crash and says every one is not done;
// and with the wrong answer planted in each solution cell's metadata (`gradlab.wrong`), every check says
// wrong, with its hint. Covers every notebook in notebooks/ that has a solution cell.
//
// The teacher's run is the one tutorials.test.ts reads (executed once per test run). The two other
// versions run together, through one `gradlab run`: each notebook is its released version followed by its
// exercise cells again with the wrong answers in place of the solutions. The released part runs exactly as
// a student's notebook does (nothing of the teacher's ran in that kernel); the wrong part redefines the
// answers after it, which saves executing every tutorial a third time.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { replaceSolutions } from "../../cli/solutions";
import { nbgraderOf } from "../../cli/nbgrader";
import { exerciseMime, type ExerciseRecord } from "../../exercises/result";
import { sourceOf, type Cell, type Notebook, type Output } from "../../kernel/notebook";
import { cliPath } from "../helpers/cli";
import {
  executedTutorials,
  notebooksDir,
  readNotebook,
  runNotebooks,
  tutorialNames,
  type Run,
} from "../helpers/tutorials";

/** A solution cell's planted wrong answer and, optionally, words its check's hint must contain. */
interface Planted {
  wrong?: string;
  hint?: string;
}
const plantedOf = (cell: Cell) => (cell.metadata as { gradlab?: Planted } | undefined)?.gradlab ?? {};

const isSolution = (cell: Cell) => nbgraderOf(cell)?.solution === true;
const isGrade = (cell: Cell) => nbgraderOf(cell)?.grade === true;

const teachers = new Map(tutorialNames().map((n) => [n, readNotebook(join(notebooksDir, n))]));
/** The tutorials with exercises: every one with a solution cell. */
const withExercises = [...teachers].filter(([, nb]) => nb.cells.some(isSolution)).map(([n]) => n);

const join_ = (text: unknown) => (Array.isArray(text) ? text.join("") : String(text ?? ""));
const recordsOf = (cell: Cell): ExerciseRecord[] =>
  (cell.outputs ?? []).flatMap((o: Output) => {
    const record = (o.data as Record<string, unknown> | undefined)?.[exerciseMime];
    return record ? [record as ExerciseRecord] : [];
  });
const textsOf = (cell: Cell) =>
  (cell.outputs ?? []).map((o) => join_((o.data as Record<string, unknown> | undefined)?.["text/plain"]));
const errorsOf = (cells: Cell[]) =>
  cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "error"));

/** The teacher's notebook with every solution replaced by its planted wrong answer. */
function plantWrong(teacher: Notebook): Notebook {
  const nb = structuredClone(teacher);
  for (const cell of nb.cells.filter(isSolution)) {
    const wrong = plantedOf(cell).wrong!;
    const source = replaceSolutions(sourceOf(cell), wrong.split("\n")) ?? wrong;
    cell.source = source.split(/(?<=\n)/);
  }
  return nb;
}

/** Where a notebook's exercises start: its first solution cell. */
const firstSolution = (nb: Notebook) => nb.cells.findIndex(isSolution);

test("every tutorial from 01 on has exercises, each solution cell a check and a planted wrong answer", () => {
  for (const name of [...teachers.keys()].filter((n) => !n.startsWith("00-")))
    assert.ok(withExercises.includes(name), `${name} has no exercises (no nbgrader solution cell)`);
  for (const name of withExercises) {
    const nb = teachers.get(name)!;
    assert.match(
      nb.cells.filter((c) => c.cell_type === "code").map(sourceOf).join("\n"),
      /import\s*\{[^}]*\bnotDone\b[^}]*\}\s*from\s*"gradlab\/exercises"/,
      `${name}: import notDone (the released stubs call it)`,
    );
    const grades = nb.cells.filter(isGrade);
    assert.ok(grades.length > 0, `${name}: no grade cell`);
    for (const cell of grades) {
      const meta = nbgraderOf(cell)!;
      assert.ok(meta.grade_id && meta.locked && !meta.solution && meta.schema_version === 3, `${name}: ${cell.id}`);
      assert.ok(Number(meta.points) > 0, `${name}: grade cell ${meta.grade_id} has no points`);
      assert.match(sourceOf(cell), /\bcheck\(/, `${name}: grade cell ${meta.grade_id} calls no check()`);
    }
    for (const cell of nb.cells.filter(isSolution)) {
      const meta = nbgraderOf(cell)!;
      assert.ok(meta.grade_id && !meta.grade && !meta.locked && meta.schema_version === 3, `${name}: ${cell.id}`);
      assert.match(sourceOf(cell), /BEGIN SOLUTION[\s\S]*END SOLUTION/, `${name}: ${meta.grade_id} markers`);
      assert.equal(typeof plantedOf(cell).wrong, "string", `${name}: ${meta.grade_id} has no gradlab.wrong`);
    }
    const ids = [...grades, ...nb.cells.filter(isSolution)].map((c) => nbgraderOf(c)!.grade_id);
    assert.equal(new Set(ids).size, ids.length, `${name}: grade_ids repeat`);
  }
});

describe("the exercises in their three versions", () => {
  let teacherRun: Run;
  let variantRun: Run;
  /** per notebook: how many of the variant's cells are the released notebook (the rest: the wrong part) */
  const releasedLength = new Map<string, number>();

  const dir = mkdtempSync(join(tmpdir(), "gradlab-exercises-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  before(async () => {
    const released = join(dir, "released");
    const paths = withExercises.map((n) => join(notebooksDir, n));
    const release = spawnSync(process.execPath, [cliPath, "release", ...paths, "--out", released], {
      encoding: "utf8",
    });
    assert.equal(release.status, 0, release.stderr);
    const variants = join(dir, "variants");
    mkdirSync(variants);
    for (const name of withExercises) {
      const student = readNotebook(join(released, name));
      const wrong = plantWrong(teachers.get(name)!);
      const tail = wrong.cells.slice(firstSolution(wrong)).map((c) => ({ ...c, id: `${c.id}-wrong` }));
      releasedLength.set(name, student.cells.length);
      const both = { ...student, cells: [...student.cells, ...tail] };
      writeFileSync(join(variants, name), JSON.stringify(both));
    }
    // one after the other: the tutorials' run times are measured, and two servers would share 2 cores
    teacherRun = await executedTutorials();
    variantRun = await runNotebooks(withExercises.map((n) => join(variants, n)));
  });

  test("with the solutions, every exercise says right", (t) => {
    assert.equal(teacherRun.status, 0, teacherRun.log);
    for (const name of withExercises) {
      const nb = teacherRun.notebooks.get(name)!;
      for (const cell of nb.cells.filter(isGrade)) {
        const records = recordsOf(cell);
        assert.ok(records.length > 0, `${name}: ${nbgraderOf(cell)!.grade_id} recorded nothing`);
        for (const r of records) assert.equal(r.status, "right", `${name}: ${r.id}\n${textsOf(cell).join("\n")}`);
      }
      t.diagnostic(`${name}: ${nb.cells.filter(isGrade).length} exercises right`);
    }
  });

  test("released (gradlab release), every exercise says not done and no cell fails", () => {
    assert.equal(variantRun.status, 0, variantRun.log);
    for (const name of withExercises) {
      const cells = variantRun.notebooks.get(name)!.cells.slice(0, releasedLength.get(name));
      assert.deepEqual(errorsOf(cells), [], name);
      assert.ok(
        cells.filter((c) => c.cell_type === "code").every((c) => typeof c.execution_count === "number"),
        `${name}: a released cell did not run`,
      );
      for (const cell of cells.filter(isGrade)) {
        const records = recordsOf(cell);
        assert.ok(records.length > 0, `${name} (released): ${nbgraderOf(cell)!.grade_id} recorded nothing`);
        for (const r of records)
          assert.equal(r.status, "not done", `${name} (released): ${r.id}\n${textsOf(cell).join("\n")}`);
      }
    }
  });

  test("with the planted wrong answers, every check says wrong and gives its hint", () => {
    for (const name of withExercises) {
      const nb = variantRun.notebooks.get(name)!;
      const teacher = teachers.get(name)!;
      const cells = nb.cells.slice(releasedLength.get(name));
      assert.deepEqual(errorsOf(cells), [], `${name} (wrong answers)`);
      for (const cell of cells.filter(isGrade)) {
        const records = recordsOf(cell);
        const text = textsOf(cell).join("\n");
        assert.ok(records.length > 0, `${name} (wrong): ${nbgraderOf(cell)!.grade_id} recorded nothing`);
        for (const r of records) assert.equal(r.status, "wrong", `${name} (wrong): ${r.id}\n${text}`);
        assert.match(text, /^\s+hint: \S/m, `${name} (wrong): no hint\n${text}`);
      }
      // each planted answer's expected hint, wherever its check printed it
      const shown = cells.flatMap(textsOf).join("\n");
      for (const cell of teacher.cells.filter(isSolution)) {
        const { hint } = plantedOf(cell);
        if (hint) assert.ok(shown.includes(hint), `${name}: the hint "${hint}" for ${cell.id} is not shown\n${shown}`);
      }
    }
  });
});
