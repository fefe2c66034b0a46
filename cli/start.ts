// `gradlab start`: register the kernel and open the tutorials in Jupyter.
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { freePort } from "../kernel/connection";
import { installKernelspec } from "../kernel/kernelspec";
import { helpOption, type Command } from "./command";
import { findFrontend, installAdvice, installJupyter } from "./jupyter";

const notebooksDir = resolve(__dirname, "../../notebooks");

export const start: Command = {
  name: "start",
  summary: "Register the gradlab kernel and open the tutorials in Jupyter",
  usage: "[--no-browser] [--port N] [--no-install]",
  options: {
    ...helpOption,
    "no-browser": { type: "boolean" },
    "no-install": { type: "boolean" },
    port: { type: "string" },
  },
  async run(values) {
    let frontend = findFrontend();
    if (!frontend && !values["no-install"] && installJupyter(console.log)) frontend = findFrontend();
    if (!frontend) {
      console.error(installAdvice);
      return 1;
    }
    const spec = installKernelspec({ user: true });
    console.log(`Kernel "${spec.name}" registered in ${spec.dir}`);

    const args = [frontend.app, `--notebook-dir=${notebooksDir}`];
    if (values.port !== undefined) {
      const port = Number(values.port);
      // Port 0 means "any free port": ask the OS for one, since Jupyter itself would print ":0".
      args.push(`--port=${port === 0 ? await freePort() : port}`);
    }
    if (values["no-browser"]) args.push("--no-browser");
    if (process.getuid?.() === 0) args.push("--allow-root");

    // stdin is not a terminal, so one Ctrl+C stops Jupyter without its "Shutdown? (y/n)" prompt.
    const child = spawn(frontend.jupyter, args, { stdio: ["ignore", "inherit", "inherit"] });
    const stop = () => child.kill("SIGINT");
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    return new Promise<number>((done) => child.on("exit", (code) => done(code ?? 0)));
  },
};
