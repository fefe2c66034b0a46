// The kernel's five sockets: shell, stdin and iopub on the main thread; control and heartbeat on a worker
// thread (control-worker.ts). Every incoming message is checked here; bad ones are logged and dropped.
import { Worker } from "node:worker_threads";
import { join } from "node:path";
import * as zmq from "zeromq";
import { endpoint, type ConnectionInfo, type Signer } from "./connection";
import type { ControlSend, ControlWorkerData } from "./control-worker";
import { Outbox, type Log } from "./outbox";
import { decode, encode, WireError, type Message } from "./wire";

export type { Log } from "./outbox";

/** Where a message came from, and so where its reply goes. */
export interface Channel {
  name: string;
  send(frames: Buffer[]): Promise<void>;
}

type WorkerMessage = { ready: true } | { frames: Uint8Array[] } | { sent: number } | { log: string };

/** The control socket, as seen from the main thread: frames in and out through the worker. */
class ControlChannel implements Channel {
  readonly name = "control";
  private readonly worker: Worker;
  private readonly pending = new Map<number, () => void>();
  private nextId = 0;
  onFrames: (frames: Buffer[]) => void = () => undefined;

  constructor(data: ControlWorkerData, log: Log) {
    this.worker = new Worker(join(__dirname, "control-worker.js"), { workerData: data });
    this.worker.on("message", (msg: WorkerMessage) => {
      if ("frames" in msg) this.onFrames(msg.frames.map((f) => Buffer.from(f)));
      else if ("sent" in msg) this.pending.get(msg.sent)?.();
      else if ("log" in msg) log(msg.log);
    });
    this.worker.on("error", (err) => log(`control thread failed: ${err.stack ?? String(err)}`));
  }

  ready(): Promise<void> {
    return new Promise((done) => this.worker.on("message", (msg: WorkerMessage) => "ready" in msg && done()));
  }

  send(frames: Buffer[]): Promise<void> {
    const id = this.nextId++;
    const sent = new Promise<void>((done) => this.pending.set(id, done));
    this.worker.postMessage({ id, frames } satisfies ControlSend);
    return sent.finally(() => this.pending.delete(id));
  }

  /** Asks the thread to close its sockets and end; it ends by itself once nothing is left on it. */
  close(): Promise<void> {
    const exited = new Promise<void>((done) => this.worker.once("exit", () => done()));
    this.worker.postMessage("close");
    return exited;
  }
}

class SocketChannel<S extends zmq.Writable> implements Channel {
  private readonly outbox: Outbox;

  constructor(
    readonly name: string,
    readonly socket: S,
    log: Log,
  ) {
    this.outbox = new Outbox(socket, log);
  }

  send(frames: Buffer[]): Promise<void> {
    return this.outbox.send(frames);
  }
}

export class Sockets {
  readonly shell: SocketChannel<zmq.Router>;
  readonly stdin: SocketChannel<zmq.Router>;
  readonly iopub: SocketChannel<zmq.Publisher>;
  readonly control: ControlChannel;

  constructor(
    private readonly info: ConnectionInfo,
    readonly signer: Signer,
    private readonly log: Log,
  ) {
    this.shell = new SocketChannel("shell", new zmq.Router({ linger: 1000 }), log);
    this.stdin = new SocketChannel("stdin", new zmq.Router({ linger: 1000 }), log);
    this.iopub = new SocketChannel("iopub", new zmq.Publisher({ linger: 1000 }), log);
    this.control = new ControlChannel(
      {
        control: endpoint(info, "control"),
        hb: endpoint(info, "hb"),
        key: info.key,
        scheme: info.signature_scheme,
      },
      log,
    );
  }

  async bind(): Promise<void> {
    await Promise.all([
      this.shell.socket.bind(endpoint(this.info, "shell")),
      this.stdin.socket.bind(endpoint(this.info, "stdin")),
      this.iopub.socket.bind(endpoint(this.info, "iopub")),
      this.control.ready(),
    ]);
  }

  send(channel: Channel, msg: Message): Promise<void> {
    return channel.send(encode(msg, this.signer));
  }

  /** Calls `handle` with every well-formed message; bad ones are logged and dropped, never handled. */
  receive(channel: Channel, handle: (msg: Message, channel: Channel) => void): void {
    const accept = (frames: Buffer[]) => {
      try {
        handle(decode(frames, this.signer), channel);
      } catch (err) {
        if (!(err instanceof WireError)) throw err;
        this.log(`dropped a message on ${channel.name}: ${err.message}`);
      }
    };
    if (channel instanceof ControlChannel) channel.onFrames = accept;
    else if (channel instanceof SocketChannel && channel.socket instanceof zmq.Router) {
      const socket = channel.socket;
      void (async () => {
        for await (const frames of socket) accept(frames);
      })();
    }
  }

  async close(): Promise<void> {
    for (const channel of [this.shell, this.stdin, this.iopub]) channel.socket.close();
    await this.control.close();
  }
}
