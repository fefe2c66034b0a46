// Shared by the kernel tests: a kernelspec for the built kernel in a temp folder Jupyter is pointed at.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installKernelspec } from "../../kernel/kernelspec";

/** Debian's Python and Jupyter: the pyenv python3 first on PATH does not see the apt packages. */
export const python = "/usr/bin/python3";
export const jupyter = "/usr/bin/jupyter";

/** Installs the kernelspec under a fresh prefix; returns the env that makes Jupyter find it (and only it). */
export function kernelEnv(): NodeJS.ProcessEnv {
  const prefix = mkdtempSync(join(tmpdir(), "gradlab-kernel-"));
  installKernelspec({ prefix });
  return {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(prefix, "data"),
    JUPYTER_RUNTIME_DIR: join(prefix, "runtime"),
    JUPYTER_CONFIG_DIR: join(prefix, "config"),
  };
}
