// Bad input gets one sentence that names the file or flag and says what to do, and an exit status of its
// own, so scripts can tell "no such file" from "a cell failed".
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { dirname, relative } from "node:path";
import type { Notebook } from "../kernel/notebook";

export const exitStatus = {
  /** The command ran and something in it failed (a cell raised an error). */
  failed: 1,
  /** An unknown command or flag, a flag without its value, a missing or extra argument. */
  usage: 2,
  missingFile: 3,
  notANotebook: 4,
  otherKernel: 5,
  unwritable: 6,
  noJupyter: 7,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A path as the user would type it: relative to where they are, when that is shorter. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && rel.length < path.length ? rel : path;
}

/** Reads a notebook the gradlab kernel can run, or says why this file is not one. */
export function readNotebook(path: string): Notebook {
  if (!existsSync(path))
    throw new CliError(
      `${shown(path)} does not exist: check the path (tutorials end in .ipynb).`,
      exitStatus.missingFile,
    );
  if (statSync(path).isDirectory())
    throw new CliError(`${shown(path)} is a folder: name the .ipynb files in it.`, exitStatus.notANotebook);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new CliError(
      `${shown(path)} is not a notebook (it is not JSON): pass a .ipynb file saved by Jupyter.`,
      exitStatus.notANotebook,
    );
  }
  const nb = json as Partial<Notebook> & { nbformat?: unknown };
  if (typeof nb !== "object" || nb === null || !Array.isArray(nb.cells) || typeof nb.nbformat !== "number")
    throw new CliError(
      `${shown(path)} is JSON but not a notebook (no "cells" and "nbformat"): pass a .ipynb file saved by Jupyter.`,
      exitStatus.notANotebook,
    );
  nb.metadata ??= {};
  const spec = nb.metadata.kernelspec as { name?: string; language?: string } | undefined;
  const language = spec?.language ?? (nb.metadata.language_info as { name?: string } | undefined)?.name;
  if (spec?.name && spec.name !== "gradlab" && language?.toLowerCase() !== "typescript")
    throw new CliError(
      `${shown(path)} is a notebook for the "${spec.name}" kernel${language ? ` (${language})` : ""}, not gradlab's ` +
        `TypeScript: run it with that kernel (e.g. jupyter execute), or change its kernel to "TypeScript (gradlab)".`,
      exitStatus.otherKernel,
    );
  return nb as Notebook;
}

/** Checks that a file can be written (created, or replaced), before any work is done. */
export function checkWritable(path: string, flag: string): void {
  const folder = dirname(path);
  const fail = (why: string) =>
    new CliError(`cannot write ${shown(path)}: ${why}; ${flag}`, exitStatus.unwritable);
  if (!existsSync(folder)) throw fail(`the folder ${shown(folder)} does not exist`);
  if (!statSync(folder).isDirectory()) throw fail(`${shown(folder)} is a file, not a folder`);
  try {
    accessSync(existsSync(path) ? path : folder, constants.W_OK);
  } catch {
    throw fail("permission denied");
  }
}

const writeReasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "part of that path is a file, not a folder",
  EEXIST: "a file stands where a folder must go",
  ENOSPC: "the disk is full",
};

/** A write that failed (EACCES, EROFS, ENOTDIR…) as one sentence. */
export function writeFailure(err: unknown, what: string, advice: string): CliError {
  const code = (err as { code?: string }).code ?? "";
  const reason = writeReasons[code] ?? code.toLowerCase();
  return new CliError(`cannot write ${what} (${reason}): ${advice}`, exitStatus.unwritable);
}
