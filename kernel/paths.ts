// Where this package lives, whether the kernel runs built (dist/kernel) or from sources (kernel/, in tests).
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

function findPackageRoot(dir: string): string {
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** The gradlab package root: where "gradlab" resolves from every notebook folder. */
export const packageRoot = findPackageRoot(__dirname);

/** The built kernel that Jupyter starts. */
export const kernelMain = join(packageRoot, "dist", "kernel", "main.js");
