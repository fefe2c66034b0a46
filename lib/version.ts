import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The package root: the nearest folder above this file with a package.json (works from lib/ and dist/lib/). */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
  }
  throw new Error(`no package.json above ${from}`);
}

/** gradlab's version, from its package.json. */
export const version: string = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")).version;
