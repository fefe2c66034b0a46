// A minimal Jupyter client over ZeroMQ: starts a kernel from its kernelspec argv with a fresh connection
// file and talks to it directly. The robustness tests use it to send what no well-behaved client would
// (bad signatures, broken JSON), and the benchmark to time start-up without a server in between.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";
import { endpoint, freePort, Signer, type ConnectionInfo } from "./connection";
import { decode, encode, makeMessage, type Content, type Message } from "./wire";

export interface Exchange {
  reply: Message;
  /** The iopub messages of the request, from busy to idle (status messages left out). */
  iopub: Message[];
}

export class KernelClient {
  readonly session = randomUUID();
  // linger 0: closing must not wait for messages a dead kernel will never take.
  readonly shell = new zmq.Dealer({ linger: 0 });
  readonly control = new zmq.Dealer({ linger: 0 });
  readonly stdin = new zmq.Dealer({ linger: 0 });
  readonly iopub = new zmq.Subscriber({ linger: 0 });
  private readonly replies = new Map<string, (msg: Message) => void>();
  private readonly published: Message[] = [];
  private readonly listeners = new Set<() => void>();
  stderr = "";
  /** When the first kernel_info_reply arrived (performance.now()), for start-up timings. */
  firstKernelInfoReply: number | undefined;

  private constructor(
    readonly process: ChildProcess,
    readonly info: ConnectionInfo,
    readonly signer: Signer,
  ) {}

  /** Starts `argv` (a kernelspec's, with "{connection_file}") and waits for its first kernel_info_reply. */
  static async start(
    argv: string[],
    opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
  ): Promise<KernelClient> {
    const ports = await Promise.all([0, 1, 2, 3, 4].map(() => freePort()));
    const info: ConnectionInfo = {
      transport: "tcp",
      ip: "127.0.0.1",
      shell_port: ports[0],
      control_port: ports[1],
      iopub_port: ports[2],
      stdin_port: ports[3],
      hb_port: ports[4],
      key: randomBytes(16).toString("hex"),
      signature_scheme: "hmac-sha256",
    };
    const file = join(mkdtempSync(join(tmpdir(), "gradlab-conn-")), "kernel.json");
    writeFileSync(file, JSON.stringify(info));
    const [cmd, ...args] = argv.map((a) => (a === "{connection_file}" ? file : a));
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const client = new KernelClient(child, info, new Signer(info.key, info.signature_scheme));
    child.stdout?.on("data", (d: Buffer) => (client.stderr += d));
    child.stderr?.on("data", (d: Buffer) => (client.stderr += d));
    await client.connect();
    return client;
  }

  private async connect(): Promise<void> {
    this.shell.connect(endpoint(this.info, "shell"));
    this.control.connect(endpoint(this.info, "control"));
    this.stdin.connect(endpoint(this.info, "stdin"));
    this.iopub.connect(endpoint(this.info, "iopub"));
    this.iopub.subscribe();
    for (const socket of [this.shell, this.control, this.stdin])
      void this.listen(socket, (m) => this.replies.get(m.parent_header.msg_id ?? "")?.(m));
    void this.listen(this.iopub, (m) => {
      this.published.push(m);
      for (const listener of this.listeners) listener();
    });
    // ZeroMQ connects lazily and iopub drops what is published before the subscription lands: ask until a
    // kernel_info request has both its reply and its idle status, so no later request loses its output.
    for (let i = 0; ; i++) {
      if (await this.kernelInfoSeen(100)) return;
      if (this.process.exitCode !== null) throw new Error(`the kernel exited:\n${this.stderr}`);
      if (i > 600) throw new Error(`the kernel did not answer kernel_info_request:\n${this.stderr}`);
    }
  }

  private async kernelInfoSeen(waitMs: number): Promise<boolean> {
    const msg = this.message("kernel_info_request", {});
    const idle = (m: Message) =>
      m.parent_header.msg_id === msg.header.msg_id && m.content.execution_state === "idle";
    const reply = await Promise.race([
      this.replyTo(msg),
      new Promise<undefined>((r) => setTimeout(() => r(undefined), waitMs)),
    ]);
    if (!reply) return false;
    this.firstKernelInfoReply ??= performance.now();
    return this.waitFor(idle, 1000).then(
      () => true,
      () => false,
    );
  }

  private async listen(socket: zmq.Dealer | zmq.Subscriber, handle: (msg: Message) => void): Promise<void> {
    try {
      for await (const frames of socket) handle(decode(frames as Buffer[], this.signer));
    } catch {
      // closed
    }
  }

  message(type: string, content: Content): Message {
    return makeMessage(this.session, type, content, undefined, []);
  }

  /** Sends raw frames on a socket (for tests of what the kernel must reject). */
  sendRaw(socket: zmq.Dealer, frames: Buffer[]): Promise<void> {
    return socket.send(frames);
  }

  /** Sends a request and resolves with its reply and its iopub output, once the kernel is idle again. */
  async request(type: string, content: Content, socket: zmq.Dealer = this.shell): Promise<Exchange> {
    const msg = this.message(type, content);
    return this.send(msg, socket);
  }

  /** Sends a request and resolves with its reply alone. */
  async replyTo(msg: Message, socket: zmq.Dealer = this.shell): Promise<Message> {
    const id = msg.header.msg_id;
    const reply = new Promise<Message>((done) => this.replies.set(id, done));
    await socket.send(encode(msg, this.signer));
    return reply.finally(() => this.replies.delete(id));
  }

  async send(msg: Message, socket: zmq.Dealer = this.shell): Promise<Exchange> {
    const id = msg.header.msg_id;
    const got = await this.replyTo(msg, socket);
    await this.waitFor(
      (m) =>
        m.parent_header.msg_id === id &&
        m.header.msg_type === "status" &&
        m.content.execution_state === "idle",
    );
    const iopub = this.published.filter(
      (m) => m.parent_header.msg_id === id && m.header.msg_type !== "status",
    );
    return { reply: got, iopub };
  }

  /** Resolves with the first iopub message (seen so far or later) that matches. */
  waitFor(match: (msg: Message) => boolean, timeoutMs = 30_000): Promise<Message> {
    return new Promise((done, fail) => {
      const check = () => {
        const found = this.published.find(match);
        if (!found) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        done(found);
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        fail(new Error(`no matching iopub message in ${timeoutMs} ms`));
      }, timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }

  /** Runs code; resolves with the reply and the cell's outputs. */
  execute(code: string, extra: Content = {}): Promise<Exchange> {
    return this.request("execute_request", {
      code,
      silent: false,
      store_history: true,
      user_expressions: {},
      allow_stdin: false,
      stop_on_error: true,
      ...extra,
    });
  }

  async close(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((done) => this.process.once("exit", done));
      this.process.kill("SIGKILL");
      await exited;
    }
    for (const socket of [this.shell, this.control, this.stdin, this.iopub]) socket.close();
  }
}
