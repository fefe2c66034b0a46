// The student's version of a teacher's notebook, as nbgrader makes it: what lies between BEGIN SOLUTION
// and END SOLUTION becomes a stub (`throw notDone()` in code, which still type-checks), hidden tests are
// removed, outputs are cleared; cell ids and metadata stay, so both versions never drift apart.
import { sourceOf, type Cell, type Notebook } from "../kernel/notebook";
import { nbgraderOf } from "./nbgrader";

const codeStub = ["// YOUR CODE HERE", "throw notDone();"];
const textStub = ["YOUR ANSWER HERE"];

/** A marker line: `// BEGIN SOLUTION`, `/* END SOLUTION *\/`, `<!-- BEGIN HIDDEN TESTS -->`… */
const marker = (line: string, what: string) => new RegExp(`^\\s*(//|/\\*|<!--|#)?\\s*${what}\\b`).test(line);

export class ReleaseError extends Error {}

/** Replaces each region between the markers `begin` and `end` (both included) with `stub` at the begin
 * line's indentation; null when the source has no such region. */
function replaceRegions(lines: string[], begin: string, end: string, stub: string[]): string[] | null {
  const out: string[] = [];
  let inside = false;
  let found = false;
  for (const line of lines) {
    if (marker(line, begin)) {
      if (inside) throw new ReleaseError(`${begin} twice without ${end} between them`);
      inside = found = true;
      const indent = line.match(/^\s*/)![0];
      out.push(...stub.map((s) => indent + s));
    } else if (marker(line, end)) {
      if (!inside) throw new ReleaseError(`${end} without a ${begin} before it`);
      inside = false;
    } else if (!inside) out.push(line);
  }
  if (inside) throw new ReleaseError(`${begin} without its ${end}`);
  return found ? out : null;
}

/** The student's version of one cell's source, and how many solutions it replaced. */
function releaseSource(cell: Cell): { source: string; solutions: number } {
  const lines = sourceOf(cell).split("\n");
  const stub = cell.cell_type === "code" ? codeStub : textStub;
  const withoutHidden = replaceRegions(lines, "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", []) ?? lines;
  const released = replaceRegions(withoutHidden, "BEGIN SOLUTION", "END SOLUTION", stub);
  if (released) return { source: released.join("\n"), solutions: count(lines) };
  // nbgrader: a solution cell without markers is all solution
  if (nbgraderOf(cell)?.solution) return { source: stub.join("\n"), solutions: 1 };
  return { source: withoutHidden.join("\n"), solutions: 0 };
}

/** A cell's source with each BEGIN SOLUTION … END SOLUTION region replaced by `lines` (at the marker's
 * indentation); null when it has no such region. Tests plant wrong answers with it. */
export function replaceSolutions(source: string, lines: string[]): string | null {
  return replaceRegions(source.split("\n"), "BEGIN SOLUTION", "END SOLUTION", lines)?.join("\n") ?? null;
}

const count = (lines: string[]) => lines.filter((l) => marker(l, "BEGIN SOLUTION")).length;

/** Whether some code cell imports notDone from gradlab/exercises (the stubs call it). */
const importsNotDone = (notebook: Notebook) =>
  notebook.cells.some(
    (c) =>
      c.cell_type === "code" &&
      /import\s*\{[^}]*\bnotDone\b[^}]*\}\s*from\s*["']gradlab\/exercises["']/.test(sourceOf(c)),
  );

/** The student's version of a notebook (a new object; the teacher's is untouched), and how many
 * solutions it replaced. Throws a ReleaseError that names the cell when the markers do not pair up. */
export function releaseNotebook(source: Notebook): { notebook: Notebook; solutions: number } {
  const notebook = structuredClone(source);
  let solutions = 0;
  let codeStubs = 0;
  notebook.cells.forEach((cell, i) => {
    let released;
    try {
      released = releaseSource(cell);
    } catch (err) {
      if (err instanceof ReleaseError) throw new ReleaseError(`cell ${i + 1}: ${err.message}`);
      throw err;
    }
    cell.source = released.source.split(/(?<=\n)/);
    solutions += released.solutions;
    if (cell.cell_type === "code") {
      codeStubs += released.solutions;
      cell.outputs = [];
      cell.execution_count = null;
    }
  });
  if (codeStubs > 0 && !importsNotDone(notebook))
    throw new ReleaseError(
      'the stubs call notDone(): import it in a code cell (import { check, notDone } from "gradlab/exercises")',
    );
  return { notebook, solutions };
}
