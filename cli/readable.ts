// A class's students are Unix accounts of their own: their kernels run `node <gradlab>/dist/kernel/main.js`,
// so every folder on the way there must let other users in. A checkout under a private folder (a home
// directory, `mktemp -d`) does not, and a hub on it shows kernels that die before they answer.
import { statSync } from "node:fs";
import { dirname, parse, resolve } from "node:path";

/** Why other users cannot read `file` (the folder or file that keeps them out, with its mode), or undefined. */
export function unreadableByOthers(file: string): string | undefined {
  const path = resolve(file);
  const folders: string[] = [];
  for (let d = dirname(path); ; d = dirname(d)) {
    folders.unshift(d);
    if (d === parse(d).root) break;
  }
  for (const folder of folders) {
    const mode = statSync(folder).mode;
    if (!(mode & 0o001)) return `${folder} (mode ${octal(mode)}) lets no other user in`;
  }
  const mode = statSync(path).mode;
  if (!(mode & 0o004)) return `${path} (mode ${octal(mode)}) is readable only by its owner`;
  return undefined;
}

const octal = (mode: number) => (mode & 0o777).toString(8);
