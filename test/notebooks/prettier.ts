// The tutorials' code cells formatted by Prettier at a width that fits a notebook cell, as the rest of the
// code is: `npm run format:notebooks` writes them, `npm run format:check` (part of `npm test`) checks them.
//   node --import tsx test/notebooks/prettier.ts --check | --write [NOTEBOOK.ipynb...]
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as prettier from "prettier";
import { pagerTarget } from "../../kernel/pager";

/** Wide enough for the code, narrow enough for a notebook cell beside the browser's margins. */
export const notebookWidth = 90;

export const tutorialsDir = join(__dirname, "../../notebooks");

interface Cell {
  cell_type: string;
  source: string | string[];
}

const sourceText = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const sourceLines = (text: string) => text.split(/(?<=\n)/);

/** One cell's code as Prettier writes it (without the final newline a cell does not have). */
export async function formatCell(code: string): Promise<string> {
  const out = await prettier.format(code, { parser: "typescript", printWidth: notebookWidth });
  return out.replace(/\n$/, "");
}

/** The notebook's JSON with every code cell formatted; everything else as it was. */
export async function formatNotebook(json: string): Promise<string> {
  const nb = JSON.parse(json) as { cells: Cell[] };
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    if (pagerTarget(sourceText(cell))) continue; // `name?` asks the kernel for docs: not TypeScript
    cell.source = sourceLines(await formatCell(sourceText(cell)));
  }
  return JSON.stringify(nb, null, 1) + "\n";
}

export const tutorialPaths = () =>
  readdirSync(tutorialsDir)
    .filter((n) => n.endsWith(".ipynb"))
    .sort()
    .map((n) => join(tutorialsDir, n));

async function main(args: string[]): Promise<number> {
  const write = args.includes("--write");
  const paths = args.filter((a) => !a.startsWith("--"));
  let unformatted = 0;
  for (const path of paths.length > 0 ? paths : tutorialPaths()) {
    const before = readFileSync(path, "utf8");
    const after = await formatNotebook(before);
    if (after === before) continue;
    if (write) writeFileSync(path, after);
    else {
      console.error(`[warn] ${relative(process.cwd(), path)}: code cells not formatted (npm run format:notebooks)`);
      unformatted++;
    }
  }
  return unformatted > 0 ? 1 : 0;
}

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
