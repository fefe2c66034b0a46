// Runs notebooks with the built `gradlab run` (one Jupyter server for all of them) and reads them back, and
// runs the tutorials in notebooks/ once per test run: tutorials.test.ts and exercises.test.ts both read the
// same executed copies instead of executing the series twice.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Notebook } from "../../kernel/notebook";
import { cliPath } from "./cli";

export const notebooksDir = resolve(__dirname, "../../notebooks");

/** The committed tutorials' file names, in order. */
export const tutorialNames = () =>
  readdirSync(notebooksDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();

export const readNotebook = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;

/** What one `gradlab run` of several notebooks gave: its exit status and output, each notebook as it was
 * written back, and the seconds each took (the first one's include starting Jupyter). */
export interface Run {
  status: number | null;
  log: string;
  notebooks: Map<string, Notebook>;
  seconds: Map<string, number>;
}

const env = () => ({ ...process.env, PATH: `/usr/bin:${process.env.PATH}` });

/** Runs the notebooks at `paths` in place through one `gradlab run` (one Jupyter server). */
export async function runNotebooks(paths: string[]): Promise<Run> {
  const child = spawn(process.execPath, [cliPath, "run", ...paths], {
    env: env(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const seconds = new Map<string, number>();
  let log = "";
  let last = Date.now();
  child.stdout.on("data", (chunk: Buffer) => {
    log += chunk;
    for (const m of chunk.toString().matchAll(/([\w-]+\.ipynb): ran/g)) {
      seconds.set(m[1], (Date.now() - last) / 1000);
      last = Date.now();
    }
  });
  child.stderr.on("data", (chunk: Buffer) => (log += chunk));
  const status = await new Promise<number | null>((done) => child.on("close", done));
  const notebooks = new Map(paths.map((p) => [basename(p), readNotebook(p)]));
  return { status, log, notebooks, seconds };
}

/** A run kept on disk: the executed notebooks beside a JSON of the rest. */
function save(dir: string, run: Run): void {
  const tmp = mkdtempSync(`${dir}.tmp-`);
  for (const [name, nb] of run.notebooks) writeFileSync(join(tmp, name), JSON.stringify(nb));
  const { status, log } = run;
  writeFileSync(join(tmp, "run.json"), JSON.stringify({ status, log, seconds: [...run.seconds] }));
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another test file saved the same run first
  }
}

function load(dir: string): Run {
  const { status, log, seconds } = JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as {
    status: number | null;
    log: string;
    seconds: [string, number][];
  };
  const names = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));
  const notebooks = new Map(names.sort().map((n) => [n, readNotebook(join(dir, n))]));
  return { status, log, notebooks, seconds: new Map(seconds) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as { code?: string }).code === "EPERM";
  }
};

const cachePrefix = "gradlab-tutorials-run-";

/**
 * The tutorials, executed end to end by one `gradlab run` on copies (the committed files stay without
 * outputs). Under `node --test` the run is kept for the other test files of the same test run (children
 * of one runner share its pid), keyed by the notebooks' contents; run directly, it always runs afresh.
 */
export async function executedTutorials(): Promise<Run> {
  const names = tutorialNames();
  const hash = createHash("sha256");
  for (const name of names) hash.update(name).update(readFileSync(join(notebooksDir, name)));
  const runner = process.env.NODE_TEST_CONTEXT ? process.ppid : undefined;
  const cache =
    runner === undefined
      ? undefined
      : join(tmpdir(), `${cachePrefix}${runner}-${hash.digest("hex").slice(0, 16)}`);
  if (cache && existsSync(join(cache, "run.json"))) return load(cache);

  // runs of finished test runners are of no more use
  for (const entry of readdirSync(tmpdir())) {
    const pid = Number(entry.slice(cachePrefix.length).split("-")[0]);
    if (entry.startsWith(cachePrefix) && pid !== runner && !alive(pid))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  const dir = mkdtempSync(join(tmpdir(), "gradlab-tutorials-"));
  for (const name of names) copyFileSync(join(notebooksDir, name), join(dir, name));
  const run = await runNotebooks(names.map((n) => join(dir, n)));
  if (cache) save(cache, run);
  rmSync(dir, { recursive: true, force: true });
  return run;
}
