// A JupyterHub for the classroom tests, on loopback: real Unix accounts made (and removed) by the test, the
// hub started with `gradlab classroom start`, its REST API driven with a service token, each student's
// server reached through the hub's proxy with @jupyterlab/services, and memory sampled from /proc.
import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { KernelManager, ServerConnection, type Kernel } from "@jupyterlab/services";
import WebSocket from "ws";
import { gradlabBackground } from "./cli";

export const withTimeout = <T>(what: string, ms: number, promise: Promise<T>): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Makes Unix accounts with homes under `base`; `remove` ends their processes (by id) and deletes them. */
export class Accounts {
  readonly made: string[] = [];
  constructor(readonly base: string) {}

  add(name: string): void {
    const r = spawnSync("useradd", ["--create-home", "--base-dir", this.base, "--user-group", name], {
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`useradd ${name} failed: ${r.stderr}`);
    this.made.push(name);
  }

  pids(name: string): number[] {
    const r = spawnSync("ps", ["-u", name, "-o", "pid="], { encoding: "utf8" });
    return r.stdout.split(/\s+/).filter(Boolean).map(Number);
  }

  removeAll(): void {
    for (const name of this.made) {
      // userdel refuses an account whose processes are still there: kill them, wait (bounded), then delete
      for (let tries = 0; tries < 50 && this.pids(name).length > 0; tries++) {
        for (const pid of this.pids(name)) killQuietly(pid, "SIGKILL");
        spawnSync("sleep", ["0.1"]);
      }
      // /etc/passwd may be locked by someone else's useradd for a moment: try again (bounded)
      for (let tries = 0; tries < 10 && spawnSync("id", [name], { stdio: "ignore" }).status === 0; tries++) {
        spawnSync("userdel", ["--force", "--remove", name], { stdio: "ignore" });
        if (spawnSync("id", [name], { stdio: "ignore" }).status === 0) spawnSync("sleep", ["0.5"]);
      }
    }
    this.made.length = 0;
  }
}

export function killQuietly(pid: number, signal: NodeJS.Signals = "SIGTERM"): void {
  try {
    process.kill(pid, signal);
  } catch {
    // gone already
  }
}

/** The hub as `gradlab classroom start DIR` runs it, with the REST API at hand. */
export class Hub {
  child: ChildProcess | undefined;
  output = "";
  readonly url: string;

  constructor(
    readonly dir: string,
    readonly port: number,
    readonly token: string,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    this.output = "";
    const env = { ...process.env, PATH: `/usr/bin:/usr/sbin:/bin:/sbin:${process.env.PATH}` };
    this.child = gradlabBackground(["classroom", "start", this.dir, "--no-install"], env);
    this.child.stdout?.on("data", (d: Buffer) => (this.output += d));
    this.child.stderr?.on("data", (d: Buffer) => (this.output += d));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null)
        throw new Error(`the hub exited (${this.child.exitCode}):\n${this.output.slice(-4000)}`);
      try {
        if ((await this.api("GET", "/")).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`the hub did not answer within ${timeoutMs / 1000} s:\n${this.output.slice(-4000)}`);
  }

  /** Stops the hub as Ctrl+C would (it stops the proxy and the students' servers); kills it if it hangs. */
  async stop(timeoutMs = 30_000): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return this.killLeftovers();
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
    if (!stopped) child.kill("SIGKILL");
    this.killLeftovers();
  }

  /** The hub's and the proxy's processes, by the pid files the configuration names, if still running. */
  private killLeftovers(): void {
    for (const file of ["jupyterhub.pid", "proxy.pid"]) {
      const path = `${this.dir}/${file}`;
      if (!existsSync(path)) continue;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (pid > 1 && existsSync(`/proc/${pid}`)) killQuietly(pid, "SIGKILL");
    }
  }

  hubPid(): number | undefined {
    const path = `${this.dir}/jupyterhub.pid`;
    return existsSync(path) ? Number(readFileSync(path, "utf8").trim()) : undefined;
  }

  api(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<Response> {
    return fetch(`${this.url}/hub/api${path}`, {
      method,
      headers: { Authorization: `token ${this.token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  }

  /** Starts a student's server and waits until the hub says it is ready. */
  async startServer(name: string, timeoutMs = 240_000): Promise<void> {
    const r = await this.api("POST", `/users/${name}/server`, undefined, timeoutMs);
    if (r.status !== 201 && r.status !== 202)
      throw new Error(`starting ${name}'s server: ${r.status} ${await r.text()}`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const user = (await (await this.api("GET", `/users/${name}`)).json()) as {
        servers?: Record<string, { ready: boolean }>;
      };
      if (user.servers?.[""]?.ready) return;
      await sleep(500);
    }
    throw new Error(
      `${name}'s server was not ready within ${timeoutMs / 1000} s:\n${this.output.slice(-3000)}`,
    );
  }

  /** @jupyterlab/services' settings for a student's server, through the hub's proxy. */
  settings(name: string): ServerConnection.ISettings {
    return ServerConnection.makeSettings({
      baseUrl: `${this.url}/user/${name}/`,
      wsUrl: `ws://127.0.0.1:${this.port}/user/${name}/`,
      token: this.token,
      appendToken: true,
      WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      fetch,
      Request,
      Headers,
    });
  }

  async startKernel(name: string): Promise<{ kernel: Kernel.IKernelConnection; manager: KernelManager }> {
    const manager = new KernelManager({ serverSettings: this.settings(name) });
    await withTimeout(`${name}'s kernel manager`, 60_000, manager.ready);
    const kernel = await withTimeout(
      `${name}'s gradlab kernel`,
      300_000,
      manager.startNew({ name: "gradlab" }),
    );
    await withTimeout(`${name}'s kernel info`, 300_000, kernel.info);
    return { kernel, manager };
  }

  /** A file in a student's notebook folder, through their server's contents API (as them). */
  async contents(name: string, path: string, put?: unknown): Promise<unknown> {
    const url = `${this.url}/user/${name}/api/contents/${path}`;
    const r = await fetch(put === undefined ? `${url}?content=1&type=notebook` : url, {
      method: put === undefined ? "GET" : "PUT",
      headers: { Authorization: `token ${this.token}`, "Content-Type": "application/json" },
      body:
        put === undefined ? undefined : JSON.stringify({ type: "notebook", format: "json", content: put }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!r.ok)
      throw new Error(
        `${put === undefined ? "GET" : "PUT"} ${name}'s ${path}: ${r.status} ${await r.text()}`,
      );
    return ((await r.json()) as { content: unknown }).content;
  }
}

/** Peak resident memory, sampled from /proc: one process (the hub), and gradlab kernels (each, and all
 * together at one moment). */
export class MemorySampler {
  hubPeak = 0;
  kernelPeak = 0;
  kernelsTogetherPeak = 0;
  kernelsSeen = new Set<number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hubPid: () => number | undefined,
    /** Only kernels running as these users count (the machine may run other people's kernels). */
    private readonly uids: Set<number>,
  ) {}

  start(everyMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const hub = this.hubPid();
    if (hub) this.hubPeak = Math.max(this.hubPeak, rssOf(hub));
    let together = 0;
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      let cmdline: string;
      try {
        cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      } catch {
        continue;
      }
      if (!cmdline.includes("kernel/main.js") || !this.uids.has(uidOf(Number(entry)))) continue;
      const rss = rssOf(Number(entry));
      this.kernelsSeen.add(Number(entry));
      this.kernelPeak = Math.max(this.kernelPeak, rss);
      together += rss;
    }
    this.kernelsTogetherPeak = Math.max(this.kernelsTogetherPeak, together);
  }
}

function uidOf(pid: number): number {
  try {
    return Number(/Uid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? -1);
  } catch {
    return -1;
  }
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The hub's API latency, measured every `everyMs` from a thread of its own (so the test's own busy
 * event loop, with ten kernels' messages, does not count against the hub). */
export class LatencyWatch {
  worst = 0;
  samples = 0;
  /** What the test was doing, for the slow answers' list. */
  phase = "starting";
  slow: string[] = [];
  failures: string[] = [];
  private worker: Worker | undefined;

  constructor(private readonly hub: Hub) {}

  start(everyMs = 500): void {
    this.worker = new Worker(
      `const { parentPort, workerData: w } = require("node:worker_threads");
      let on = true;
      parentPort.on("message", () => (on = false));
      (async () => {
        while (on) {
          const t = performance.now();
          let failure;
          try {
            const r = await fetch(w.url + "/hub/api/users", {
              headers: { Authorization: "token " + w.token },
              signal: AbortSignal.timeout(5000),
            });
            await r.text();
            if (!r.ok) failure = "status " + r.status;
          } catch (err) {
            failure = String(err);
          }
          parentPort.postMessage({ ms: performance.now() - t, failure });
          await new Promise((r) => setTimeout(r, w.everyMs));
        }
        parentPort.close();
      })();`,
      { eval: true, workerData: { url: this.hub.url, token: this.hub.token, everyMs } },
    );
    this.worker.on("message", ({ ms, failure }: { ms: number; failure?: string }) => {
      if (failure) this.failures.push(`${failure} while ${this.phase}`);
      if (ms > 1000) this.slow.push(`${ms.toFixed(0)} ms while ${this.phase}`);
      this.worst = Math.max(this.worst, ms);
      this.samples++;
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const exited = new Promise((done) => worker.once("exit", done));
    worker.postMessage("stop");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 7000))]);
    await worker.terminate();
  }
}
