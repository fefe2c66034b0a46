// `gradlab grade`: runs every student's notebook on the gradlab kernel (one Jupyter server, a kernel per
// notebook, a time limit each), reads what the checks recorded, and prints a table of points per student
// and exercise. A notebook that is broken, hangs or belongs elsewhere gets a line saying so; the rest are
// graded all the same.
import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Kernel } from "@jupyterlab/services";
import { executeNotebook, type Notebook } from "../kernel/notebook";
import { startJupyterServer, type JupyterServer } from "../kernel/server";
import { helpOption, type Command } from "./command";
import { checkWritable, CliError, exitStatus, readNotebook, shown, writeFailure } from "./errors";
import { gradeCsv, gradeTable, type GradeRow } from "./grade-table";
import { findFrontend, installAdvice } from "./jupyter";
import { assignmentOf, gradeCells, restoreGradeCells, type Assignment } from "./nbgrader";
import { commonDir, envWithKernelspec, quietServices } from "./run";
import { scoreNotebook } from "./scores";
import { findInHomes, findSubmissions, type Submission } from "./submissions";

interface Readable extends Submission {
  notebook: Notebook;
}

/** The submission's notebook, or the reason it is none ("is not a notebook (it is not JSON)"). */
function read(s: Submission): Readable | GradeRow {
  if (s.problem) return { student: s.student, note: s.problem };
  try {
    return { ...s, notebook: readNotebook(s.path) };
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    // readNotebook's sentence starts with the path and ends with advice for `run`: keep the middle
    const why = err.message.slice(shown(s.path).length + 1).split(": ")[0];
    return { student: s.student, note: why };
  }
}

/** The assignment being graded: --assignment's (the teacher's notebook), else the one most notebooks
 * were released for. */
function expected(readable: Readable[], file?: string): Assignment {
  if (file) return assignmentOf(readNotebook(file), basename(file, ".ipynb"));
  const votes = new Map<string, { assignment: Assignment; n: number }>();
  for (const r of readable) {
    const a = assignmentOf(r.notebook, "");
    if (!a.name) continue; // not stamped by release: casts no vote
    votes.set(a.name, { assignment: a, n: (votes.get(a.name)?.n ?? 0) + 1 });
  }
  const best = [...votes.values()].sort((a, b) => b.n - a.n)[0];
  if (best) return best.assignment;
  const first = readable.find((r) => gradeCells(r.notebook).length > 0);
  return { name: "", exercises: first ? gradeCells(first.notebook) : [] };
}

/** Why a notebook is not one of this assignment's, or undefined when it is. */
function mismatch(notebook: Notebook, assignment: Assignment): string | undefined {
  const own = assignmentOf(notebook, "");
  if (own.name && assignment.name && own.name !== assignment.name)
    return `is for assignment "${own.name}", not "${assignment.name}"`;
  if (!own.name && own.exercises.length === 0) return "has no graded exercises (not a released assignment)";
  return undefined;
}

type Outcome = { stoppedAt?: number; note?: string };

/** Runs a notebook on a kernel, giving up after `seconds`; says where it stopped and why, if it did. */
async function runLimited(
  notebook: Notebook,
  kernel: Kernel.IKernelConnection,
  seconds: number,
): Promise<Outcome> {
  let cell = 0;
  const run = executeNotebook(notebook, kernel, { continueOnError: true, onCell: (i) => (cell = i) });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<"timeout">((done) => (timer = setTimeout(() => done("timeout"), seconds * 1000)));
  const outcome = await Promise.race([
    run.then(
      () => "done" as const,
      () => "died" as const,
    ),
    limit,
  ]);
  clearTimeout(timer);
  if (outcome === "timeout")
    return { stoppedAt: cell, note: `timed out after ${seconds} s in cell ${cell + 1}` };
  if (outcome === "died") return { stoppedAt: cell, note: `the kernel died in cell ${cell + 1}` };
  return {};
}

/** Grades one notebook in its own kernel. */
async function gradeOne(
  server: JupyterServer,
  root: string | undefined,
  r: Readable,
  assignment: Assignment,
  seconds: number,
): Promise<GradeRow> {
  const session = await server.sessions.startNew({
    path: root ? relative(root, r.path) : basename(r.path),
    name: basename(r.path),
    type: "notebook",
    kernel: { name: "gradlab" },
  });
  try {
    const { stoppedAt, note } = await runLimited(r.notebook, session.kernel!, seconds);
    return { student: r.student, scores: scoreNotebook(r.notebook, assignment, stoppedAt), note };
  } finally {
    await session.shutdown().catch(() => undefined);
    session.dispose();
  }
}

/** An empty folder owned by `nobody`, and an environment whose Jupyter files all live in it. */
function unprivileged(): { dir: string; env: NodeJS.ProcessEnv; user: { uid: number; gid: number } } {
  const id = (flag: string) => Number(spawnSync("id", [flag, "nobody"], { encoding: "utf8" }).stdout.trim());
  const user = { uid: id("-u"), gid: id("-g") };
  if (!Number.isInteger(user.uid) || !Number.isInteger(user.gid))
    throw new CliError(
      "gradlab grade: there is no user nobody to run students' notebooks as.",
      exitStatus.failed,
    );
  const dir = mkdtempSync(join(tmpdir(), "gradlab-grade-"));
  chownSync(dir, user.uid, user.gid);
  const env = envWithKernelspec();
  const prefix = dirname(dirname(env.JUPYTER_PATH!.split(":")[0]));
  chmodSync(prefix, 0o755); // the kernelspec, readable by nobody
  const home = join(dir, ".home");
  mkdirSync(home);
  chownSync(home, user.uid, user.gid);
  return {
    dir,
    user,
    env: {
      ...env,
      HOME: home,
      JUPYTER_RUNTIME_DIR: join(home, "runtime"),
      JUPYTER_DATA_DIR: join(home, "data"),
    },
  };
}

export const grade: Command = {
  name: "grade",
  summary: "Run students' notebooks and print their points per exercise",
  usage:
    "NOTEBOOK.ipynb|FOLDER... [--csv FILE] [--timeout SECONDS] [--assignment TEACHER.ipynb] [--homes DIR]",
  options: {
    ...helpOption,
    homes: { type: "string" },
    csv: { type: "string" },
    timeout: { type: "string" },
    assignment: { type: "string" },
  },
  takesArguments: true,
  async run(values, positionals) {
    if (positionals.length === 0)
      throw new CliError(
        "gradlab grade: name the students' notebooks or a folder of them (gradlab grade submissions/).",
        exitStatus.usage,
      );
    const seconds = Number(values.timeout ?? 300);
    if (!(seconds > 0))
      throw new CliError(
        `gradlab grade: --timeout ${values.timeout} is not a number of seconds.`,
        exitStatus.usage,
      );
    const csv = values.csv ? resolve(values.csv as string) : undefined;
    if (csv) checkWritable(csv, "pass --csv a file in a folder you can write to.");
    const file = values.assignment ? resolve(values.assignment as string) : undefined;

    const homes = values.homes ? resolve(values.homes as string) : undefined;
    const found = homes
      ? findInHomes(homes, positionals)
      : findSubmissions(positionals.map((p) => resolve(p)));
    if (homes && found.length === 0)
      throw new CliError(
        `gradlab grade: no home in ${shown(homes)} has ${positionals.join(" or ")}: name the notebook as it lies in each home (e.g. gradlab-notebooks/02-autograd.ipynb).`,
        exitStatus.missingFile,
      );
    const submissions = found.map(read);
    const readable = submissions.filter((s): s is Readable => "notebook" in s);
    const assignment = expected(readable, file);
    const todo = readable.filter((r) => !mismatch(r.notebook, assignment));
    if (file) for (const r of todo) restoreGradeCells(r.notebook, readNotebook(file));

    const rows = new Map<Submission | GradeRow, GradeRow>();
    for (const s of submissions) if (!("notebook" in s)) rows.set(s, s);
    for (const r of readable) {
      const why = mismatch(r.notebook, assignment);
      if (why) rows.set(r, { student: r.student, note: why });
    }
    const started = performance.now();
    if (todo.length > 0) {
      const jupyter = findFrontend();
      if (!jupyter) {
        console.error(installAdvice);
        return exitStatus.noJupyter;
      }
      quietServices();
      // Students' homes are graded by root: their code then runs as nobody, in an empty folder, so it can
      // neither read nor change anyone's files.
      const jail = homes && process.getuid?.() === 0 ? unprivileged() : undefined;
      const root = jail?.dir ?? commonDir(todo.map((r) => r.path));
      const server = await startJupyterServer({
        dir: root,
        ...jupyter,
        ...jail,
        env: jail?.env ?? envWithKernelspec(),
      });
      try {
        for (const r of todo) {
          rows.set(r, await gradeOne(server, jail ? undefined : root, r, assignment, seconds));
          console.error(`graded ${r.student} (${shown(r.path)})`);
        }
      } finally {
        await server.stop();
      }
    }
    const ordered = submissions.map((s) => rows.get(s)!);
    const total = assignment.exercises.reduce((s, e) => s + e.points, 0);
    const took = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${assignment.name || "assignment"}: ${assignment.exercises.length} exercises, ${total} points; ` +
        `${todo.length} of ${ordered.length} notebooks run in ${took} s\n`,
    );
    console.log(gradeTable(assignment, ordered));
    if (csv) {
      try {
        writeFileSync(csv, gradeCsv(assignment, ordered));
      } catch (err) {
        throw writeFailure(err, shown(csv), "pass --csv a file in a folder you can write to.");
      }
      console.log(`\nwritten to ${shown(csv)}`);
    }
    return 0;
  },
};
