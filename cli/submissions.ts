// Which notebooks `gradlab grade` grades, and whose they are. A folder holds either one notebook per
// student (`submissions/alice.ipynb`: the student is the file's name) or one folder per student, as
// nbgrader's exchange does (`submissions/alice/04-exercises.ipynb`: the student is the folder's name).
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";

export interface Submission {
  student: string;
  path: string;
  /** why this is not gradable before anything runs: "does not exist", "no notebook in the folder" */
  problem?: string;
}

const stem = (path: string) => basename(path, ".ipynb");
const skipped = (name: string) => name.startsWith(".") || name === ".ipynb_checkpoints";

/** Every .ipynb below a folder, sorted; checkpoints and hidden files left out. */
function notebooksIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !skipped(e.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return notebooksIn(path);
      return e.name.endsWith(".ipynb") ? [path] : [];
    });
}

/** A folder's submissions: its own notebooks by file name, its subfolders by folder name. */
function inFolder(dir: string): Submission[] {
  const entries = readdirSync(dir, { withFileTypes: true })
    .filter((e) => !skipped(e.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  return entries.flatMap((e): Submission[] => {
    const path = join(dir, e.name);
    if (!e.isDirectory()) return e.name.endsWith(".ipynb") ? [{ student: stem(path), path }] : [];
    const found = notebooksIn(path);
    if (found.length === 0) return [{ student: e.name, path, problem: "no notebook in the folder" }];
    // a student with several notebooks gets a row for each, named by its place in their folder
    return found.map((p) => ({
      student: found.length === 1 ? e.name : `${e.name}/${relative(path, p).split(sep).join("/")}`,
      path: p,
    }));
  });
}

/** The submissions named on the command line: files and folders, in the order given. Files that share a
 * name (alice/04.ipynb, bob/04.ipynb) are told apart by their folders' names. */
export function findSubmissions(paths: string[]): Submission[] {
  const found = paths.flatMap((path): Submission[] => {
    if (!existsSync(path)) return [{ student: stem(path), path, problem: "does not exist" }];
    return statSync(path).isDirectory() ? inFolder(path) : [{ student: stem(path), path }];
  });
  const counts = new Map<string, number>();
  for (const s of found) counts.set(s.student, (counts.get(s.student) ?? 0) + 1);
  return found.map((s) =>
    counts.get(s.student)! > 1 && paths.includes(s.path) ? { ...s, student: basename(dirname(s.path)) } : s,
  );
}

/** The submissions in students' homes (`homes/alice/gradlab-notebooks/02.ipynb`, as a classroom's hub keeps
 * them): for each home, the notebooks at `paths` inside it; the student is the home's name. A home without
 * the path's first folder is not in the class and is left out; one with the folder but not the file gets
 * a row saying so. */
export function findInHomes(homes: string, paths: string[]): Submission[] {
  if (!existsSync(homes) || !statSync(homes).isDirectory()) return [];
  const users = readdirSync(homes, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !skipped(e.name))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
  return users.flatMap((user) =>
    paths.flatMap((rel): Submission[] => {
      const student = paths.length === 1 ? user : `${user}/${rel}`;
      const path = join(homes, user, rel);
      if (!existsSync(join(homes, user, rel.split(/[/\\]/)[0]))) return [];
      return existsSync(path) ? [{ student, path }] : [{ student, path, problem: `has no ${rel}` }];
    }),
  );
}
