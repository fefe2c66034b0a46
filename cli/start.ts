// `gradlab start`: register the kernel, give the student their own copy of the tutorials (the students'
// version: exercises without their solutions), open Jupyter there.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, resolve } from "node:path";
import { freePort } from "../kernel/connection";
import { installKernelspec } from "../kernel/kernelspec";
import { packageRoot } from "../kernel/paths";
import { helpOption, type Command } from "./command";
import { CliError, exitStatus, shown, writeFailure } from "./errors";
import { findFrontend, installAdvice, installJupyter } from "./jupyter";
import { notebookText, studentVersion } from "./release";

/** The tutorials as shipped, with their solutions: never served directly, so a student's edits cannot
 * overwrite them, and students get the released version. */
export const tutorialsDir = join(packageRoot, "notebooks");

/** Where a student's copy lives unless --dir says otherwise. */
export const defaultWorkDir = () => process.env.GRADLAB_NOTEBOOKS ?? join(homedir(), "gradlab-notebooks");

/** Idle kernels (no tab connected, nothing running) are shut down after this long. */
export const defaultCullSeconds = 600;

/**
 * Copies the tutorials into `dir` in the students' version (`gradlab release`'s: each exercise's solution
 * replaced by a "not done yet" stub, so the exercises are left to do): all of them the first time, later
 * only the ones missing there, so the student's edits stay. `reset` replaces them with fresh copies; an
 * edited one is kept beside as "NAME (before reset).ipynb". Returns the names copied.
 */
export function prepareWorkDir(dir: string, reset = false): string[] {
  try {
    mkdirSync(dir, { recursive: true });
    const copied: string[] = [];
    for (const name of readdirSync(tutorialsDir)
      .filter((n) => n.endsWith(".ipynb"))
      .sort()) {
      const fresh = notebookText(studentVersion(join(tutorialsDir, name)).notebook);
      const target = join(dir, name);
      if (existsSync(target)) {
        if (!reset || readFileSync(target, "utf8") === fresh) continue;
        renameSync(target, join(dir, `${basename(name, ".ipynb")} (before reset).ipynb`));
      }
      writeFileSync(target, fresh);
      copied.push(name);
    }
    return copied;
  } catch (err) {
    if (!(err as { code?: string }).code) throw err;
    throw writeFailure(err, `the tutorials to ${shown(dir)}`, "pass --dir with a folder you can write to.");
  }
}

/** The server's flags for culling: kernels whose tab was closed (so no client is connected) and that are
 * idle are shut down after `seconds`, checked every `seconds / 2` (at most a minute). Jupyter's own. */
export function cullingArgs(seconds: number): string[] {
  const interval = Math.max(1, Math.min(60, Math.floor(seconds / 2)));
  return [
    `--MappingKernelManager.cull_idle_timeout=${seconds}`,
    `--MappingKernelManager.cull_interval=${interval}`,
    "--MappingKernelManager.cull_connected=False",
    "--MappingKernelManager.cull_busy=False",
  ];
}

function portOf(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(
      `gradlab start: --port ${value} is not a port number; pass 0 to 65535 (0 picks a free one).`,
      exitStatus.usage,
    );
  return port;
}

export const start: Command = {
  name: "start",
  summary: "Copy the tutorials to your notebook folder and open them in Jupyter",
  usage: "[--dir DIR] [--reset] [--no-browser] [--port N] [--cull-after SECONDS] [--no-install]",
  options: {
    ...helpOption,
    dir: { type: "string" },
    reset: { type: "boolean" },
    "no-browser": { type: "boolean" },
    "no-install": { type: "boolean" },
    port: { type: "string" },
    "cull-after": { type: "string" },
  },
  async run(values) {
    const port = values.port === undefined ? undefined : portOf(values.port as string);
    const cull = values["cull-after"] === undefined ? defaultCullSeconds : Number(values["cull-after"]);
    if (!Number.isFinite(cull) || cull <= 0)
      throw new CliError(
        `gradlab start: --cull-after ${String(values["cull-after"])} is not a number of seconds; pass e.g. 600.`,
        exitStatus.usage,
      );
    const workDir = resolve((values.dir as string | undefined) ?? defaultWorkDir());
    const copied = prepareWorkDir(workDir, values.reset === true);

    let frontend = findFrontend();
    if (!frontend && !values["no-install"] && installJupyter(console.log)) frontend = findFrontend();
    if (!frontend) {
      console.error(installAdvice);
      return exitStatus.noJupyter;
    }
    const spec = installKernelspec({ user: true });
    console.log(`Kernel "${spec.name}" registered in ${spec.dir}`);
    const fresh = copied.length > 0 ? ` (${values.reset ? "reset" : "copied"}: ${copied.join(", ")})` : "";
    console.log(
      `Your tutorials: ${workDir}${fresh}. Your edits stay there; \`gradlab start --reset\` brings fresh copies.`,
    );
    console.log(
      "Open 00-welcome.ipynb first. The exercises are yours to do: each check says when you are right.",
    );

    const args = [frontend.app, `--notebook-dir=${workDir}`, ...cullingArgs(cull)];
    // Port 0 means "any free port": ask the OS for one, since Jupyter itself would print ":0".
    if (port !== undefined) args.push(`--port=${port === 0 ? await freePort() : port}`);
    if (values["no-browser"]) args.push("--no-browser");
    if (process.getuid?.() === 0) args.push("--allow-root");

    // stdin is not a terminal, so Jupyter asks no "Shutdown? (y/n)" question. Ctrl+C is passed on as
    // SIGTERM, Jupyter's own clean stop: a SIGINT becomes a KeyboardInterrupt that can land inside one of
    // the server's callbacks (the kernel culler's, every second) and be swallowed, leaving it running.
    const child = spawn(frontend.jupyter, args, { stdio: ["ignore", "inherit", "inherit"] });
    // Stopped on request, it has done what was asked, whatever status Jupyter's shutdown returns.
    let stopping = false;
    const stop = () => {
      stopping = true;
      child.kill("SIGTERM");
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return new Promise<number>((done) => child.on("exit", (code) => done(stopping ? 0 : (code ?? 0))));
  },
};
