// `gradlab release`: writes the students' version of teachers' notebooks — solutions replaced by stubs that
// say "not done yet", outputs cleared, the assignment's exercises stamped for `gradlab grade`.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { helpOption, type Command } from "./command";
import { CliError, exitStatus, readNotebook, shown, writeFailure } from "./errors";
import type { Notebook } from "../kernel/notebook";
import { gradeCells, stampAssignment, type GradedExercise } from "./nbgrader";
import { releaseNotebook, ReleaseError } from "./solutions";

/** The students' version of the teacher's notebook at `path`, stamped with its assignment (the file's
 * name and its graded exercises), as `gradlab release` writes it and `gradlab start` copies it. */
export function studentVersion(path: string): {
  notebook: Notebook;
  solutions: number;
  exercises: GradedExercise[];
} {
  const source = readNotebook(path);
  const exercises = gradeCells(source);
  const twice = exercises.find((e, i) => exercises.findIndex((f) => f.id === e.id) !== i);
  if (twice)
    throw new CliError(
      `${shown(path)}: two grade cells have the grade_id "${twice.id}": give each its own.`,
      exitStatus.failed,
    );
  let released;
  try {
    released = releaseNotebook(source);
  } catch (err) {
    if (err instanceof ReleaseError) throw new CliError(`${shown(path)}: ${err.message}.`, exitStatus.failed);
    throw err;
  }
  stampAssignment(released.notebook, { name: basename(path, ".ipynb"), exercises });
  return { ...released, exercises };
}

/** A notebook as gradlab writes one. */
export const notebookText = (notebook: Notebook) => JSON.stringify(notebook, null, 1) + "\n";

/** One teacher's notebook → the students' version in `outDir`; returns the line to print. */
export function releaseOne(path: string, outDir: string): string {
  const { notebook, solutions, exercises } = studentVersion(path);
  const target = join(outDir, basename(path));
  try {
    writeFileSync(target, notebookText(notebook));
  } catch (err) {
    throw writeFailure(err, shown(target), "pass --out a folder you can write to.");
  }
  const total = exercises.reduce((s, e) => s + e.points, 0);
  return `${shown(path)} → ${shown(target)}: ${solutions} solutions replaced by stubs; ${exercises.length} graded exercises, ${total} points`;
}

export const release: Command = {
  name: "release",
  summary: 'Write the students\' version of notebooks: solutions become "not done yet" stubs',
  usage: "SOURCE.ipynb... --out DIR",
  options: { ...helpOption, out: { type: "string" } },
  takesArguments: true,
  async run(values, positionals) {
    const out = values.out as string | undefined;
    if (positionals.length === 0 || !out)
      throw new CliError(
        "gradlab release: name the teacher's notebooks and a folder for the students' versions (gradlab release SOURCE.ipynb --out DIR).",
        exitStatus.usage,
      );
    const outDir = resolve(out);
    const paths = positionals.map((p) => resolve(p));
    const clash = paths.find((p) => dirname(p) === outDir);
    if (clash)
      throw new CliError(
        `gradlab release: --out ${shown(outDir)} holds ${shown(clash)} itself; pass another folder so the solutions are not overwritten.`,
        exitStatus.usage,
      );
    paths.forEach(readNotebook); // every file checked before anything is written
    try {
      mkdirSync(outDir, { recursive: true });
    } catch (err) {
      throw writeFailure(err, `the folder ${shown(outDir)}`, "pass --out a folder you can write to.");
    }
    for (const path of paths) console.log(releaseOne(path, outDir));
    return 0;
  },
};
