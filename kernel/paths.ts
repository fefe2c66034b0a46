// Where this package lives, whether the kernel runs built (dist/kernel) or from sources (kernel/, in tests).
import { join } from "node:path";
import { packageRoot as findPackageRoot } from "../lib/version";

/** The gradlab package root: where "gradlab" resolves from every notebook folder. */
export const packageRoot = findPackageRoot(__dirname);

/** The built kernel that Jupyter starts. */
export const kernelMain = join(packageRoot, "dist", "kernel", "main.js");
