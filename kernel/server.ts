// A Jupyter server started for one job (`gradlab run`, the protocol tests), driven with @jupyterlab/services,
// the client JupyterLab itself uses — so the kernel is exercised exactly as a front end would.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { KernelManager, ServerConnection, SessionManager } from "@jupyterlab/services";
import WebSocket from "ws";
import { freePort } from "./connection";

export interface JupyterServer {
  url: string;
  token: string;
  settings: ServerConnection.ISettings;
  kernels: KernelManager;
  sessions: SessionManager;
  stop(): Promise<void>;
}

export interface ServerOptions {
  /** The folder the server serves; kernels start there, so notebooks import files relative to it. */
  dir: string;
  env?: NodeJS.ProcessEnv;
  /** The `jupyter` command and which app serves: classic Notebook (Debian's) or JupyterLab. */
  jupyter?: string;
  app?: "notebook" | "lab";
  timeoutMs?: number;
  /** Runs the server (and so its kernels) as this Unix user instead of ours, e.g. `nobody` for untrusted code. */
  user?: { uid: number; gid: number };
}

async function waitUntilUp(
  url: string,
  token: string,
  child: ChildProcess,
  timeoutMs: number,
  log: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Jupyter server exited (${child.exitCode}):\n${log()}`);
    try {
      if ((await fetch(`${url}api/status?token=${token}`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Jupyter server did not answer within ${timeoutMs} ms:\n${log()}`);
}

/** Starts classic Notebook's server (Debian ships it; `jupyter server` works the same) on a free port. */
export async function startJupyterServer(opts: ServerOptions): Promise<JupyterServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const app = opts.app ?? "notebook";
  // Classic Notebook 6 configures NotebookApp; JupyterLab runs on jupyter_server's ServerApp.
  const config = app === "notebook" ? "NotebookApp" : "ServerApp";
  const args = [app, "--no-browser", `--port=${port}`, `--${config}.port_retries=0`];
  args.push(
    `--${config}.token=${token}`,
    `--${config}.${app === "notebook" ? "notebook_dir" : "root_dir"}=${opts.dir}`,
  );
  if (process.getuid?.() === 0) args.push("--allow-root");
  const child = spawn(opts.jupyter ?? "jupyter", args, {
    cwd: opts.dir,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    ...opts.user,
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d));
  child.stderr?.on("data", (d: Buffer) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  await waitUntilUp(url, token, child, opts.timeoutMs ?? 60_000, () => output);
  const settings = ServerConnection.makeSettings({
    baseUrl: url,
    wsUrl: `ws://127.0.0.1:${port}/`,
    token,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    fetch,
    Request,
    Headers,
  });
  const kernels = new KernelManager({ serverSettings: settings });
  const sessions = new SessionManager({ serverSettings: settings, kernelManager: kernels });
  await Promise.all([kernels.ready, sessions.ready]);
  return {
    url,
    token,
    settings,
    kernels,
    sessions,
    async stop() {
      // Disposing the managers stops their polls; the server shuts its kernels down as it exits.
      sessions.dispose();
      kernels.dispose();
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
