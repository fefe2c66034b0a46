// `gradlab run`: execute notebooks through a Jupyter server on the gradlab kernel and write their outputs.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { installKernelspec } from "../kernel/kernelspec";
import { executeNotebook } from "../kernel/notebook";
import { withoutAnsi } from "../kernel/traceback";
import { startJupyterServer } from "../kernel/server";
import { helpOption, type Command } from "./command";
import { checkWritable, CliError, exitStatus, readNotebook } from "./errors";
import { findFrontend, installAdvice } from "./jupyter";

/** The deepest folder holding every notebook: the server's root, so each keeps its own working folder. */
export function commonDir(paths: string[]): string {
  const [first, ...rest] = paths.map((p) => dirname(p).split(sep));
  let n = 0;
  while (n < first.length && rest.every((p) => p[n] === first[n])) n++;
  return first.slice(0, n).join(sep) || sep;
}

/** Jupyter sees this package's own kernelspec first, so `run` needs no `gradlab install`. */
export function envWithKernelspec(): NodeJS.ProcessEnv {
  const prefix = mkdtempSync(join(tmpdir(), "gradlab-run-"));
  installKernelspec({ prefix });
  const own = join(prefix, "share", "jupyter");
  const jupyterPath = process.env.JUPYTER_PATH ? `${own}:${process.env.JUPYTER_PATH}` : own;
  return { ...process.env, JUPYTER_PATH: jupyterPath };
}

/** @jupyterlab/services narrates its websockets: every (re)connection on console.debug, and on console.warn
 * the reconnect that follows each kernel shutdown. A CLI run needs none of it; other warnings still show. */
export function quietServices(): void {
  console.debug = () => undefined;
  const warn = console.warn.bind(console);
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && args[0].startsWith("Connection lost, reconnecting in ")) return;
    warn(...args);
  };
}

export const run: Command = {
  name: "run",
  summary: "Execute notebooks on the gradlab kernel and save their outputs",
  usage: "NOTEBOOK.ipynb... [--out FILE]",
  options: { ...helpOption, out: { type: "string" } },
  takesArguments: true,
  async run(values, positionals) {
    const out = values.out as string | undefined;
    if (positionals.length === 0)
      throw new CliError(
        "gradlab run: name at least one notebook (gradlab run NOTEBOOK.ipynb).",
        exitStatus.usage,
      );
    if (out && positionals.length > 1)
      throw new CliError(
        "gradlab run: --out takes one notebook; without it each is updated in place.",
        exitStatus.usage,
      );
    // Every file is checked before Jupyter starts: bad input fails in a moment, not after a minute's run.
    const paths = positionals.map((p) => resolve(p));
    const notebooks = paths.map((p) => readNotebook(p));
    if (out) checkWritable(resolve(out), "pass --out a file in a folder you can write to.");
    else for (const p of paths) checkWritable(p, "pass --out FILE to write the results elsewhere.");
    const frontend = findFrontend();
    if (!frontend) {
      console.error(installAdvice);
      return exitStatus.noJupyter;
    }
    quietServices();
    const root = commonDir(paths);
    const server = await startJupyterServer({ dir: root, env: envWithKernelspec(), ...frontend });
    let failed = 0;
    try {
      for (const [i, path] of paths.entries()) {
        const notebook = notebooks[i];
        const session = await server.sessions.startNew({
          path: relative(root, path),
          name: basename(path),
          type: "notebook",
          kernel: { name: "gradlab" },
        });
        const failure = await executeNotebook(notebook, session.kernel!);
        await session.shutdown();
        session.dispose();
        const target = out ? resolve(out) : path;
        writeFileSync(target, JSON.stringify(notebook, null, 1) + "\n");
        if (failure) {
          failed++;
          console.error(`${relative(process.cwd(), path)}: cell ${failure.index + 1} failed`);
          const traceback = failure.traceback.join("\n");
          console.error(process.stderr.isTTY ? traceback : withoutAnsi(traceback));
        } else
          console.log(
            `${relative(process.cwd(), path)}: ran, outputs written to ${relative(process.cwd(), target)}`,
          );
      }
    } finally {
      await server.stop();
    }
    return failed === 0 ? 0 : exitStatus.failed;
  },
};
