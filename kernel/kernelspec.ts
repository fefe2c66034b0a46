// The kernelspec: the small kernel.json that tells Jupyter how to start the gradlab kernel.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { kernelMain } from "./paths";

export const kernelName = "gradlab";

export interface InstallOptions {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
  /** The Python whose sys.prefix `sysPrefix` means; defaults to `python3`. */
  python?: string;
  /** Node's heap limit for the kernel in MB (`--max-old-space-size`): a classroom's backstop. */
  maxOldSpaceMb?: number;
}

/** Jupyter's per-user data directory, as jupyter_core computes it. */
function userDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return process.env.JUPYTER_DATA_DIR;
  if (process.platform === "darwin") return join(homedir(), "Library", "Jupyter");
  if (process.platform === "win32") return join(process.env.APPDATA ?? homedir(), "jupyter");
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), ".local", "share"), "jupyter");
}

function pythonPrefix(python: string): string {
  const out = spawnSync(python, ["-c", "import sys; print(sys.prefix)"], { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`could not run ${python} to find its sys.prefix: ${out.stderr}`);
  return out.stdout.trim();
}

function kernelsDir(opts: InstallOptions): string {
  if (opts.prefix) return join(resolve(opts.prefix), "share", "jupyter", "kernels");
  if (opts.sysPrefix) return join(pythonPrefix(opts.python ?? "python3"), "share", "jupyter", "kernels");
  if (opts.user ?? true) return join(userDataDir(), "kernels");
  return "/usr/local/share/jupyter/kernels";
}

/** The kernel.json contents: Jupyter starts `node dist/kernel/main.js <connection file>`. */
export function kernelJson(opts: Pick<InstallOptions, "maxOldSpaceMb"> = {}) {
  const heap = opts.maxOldSpaceMb ? [`--max-old-space-size=${Math.round(opts.maxOldSpaceMb)}`] : [];
  return {
    argv: [process.execPath, ...heap, kernelMain, "{connection_file}"],
    display_name: "TypeScript (gradlab)",
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { debugger: false },
  };
}

/** Writes the kernelspec and returns where it went. */
export function installKernelspec(opts: InstallOptions = {}): { name: string; dir: string } {
  const dir = join(kernelsDir(opts), kernelName);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelJson(opts), null, 2) + "\n");
  return { name: kernelName, dir };
}
