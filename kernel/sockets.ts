// The kernel's five ZeroMQ sockets, with one send at a time per socket (zeromq 6 refuses overlapping sends).
import * as zmq from "zeromq";
import { endpoint, type ConnectionInfo, type Signer } from "./connection";
import { decode, encode, WireError, type Message } from "./wire";

export type Log = (line: string) => void;

/** Serialises sends on one socket; a failed send is logged, never thrown at the sender. */
class Outbox {
  private last: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: zmq.Writable,
    private readonly log: Log,
  ) {}

  send(frames: Buffer[]): Promise<void> {
    this.last = this.last.then(
      () => this.socket.send(frames),
      () => undefined,
    );
    return this.last.catch((err: unknown) => this.log(`send failed: ${String(err)}`));
  }
}

export class Sockets {
  readonly shell = new zmq.Router({ linger: 1000 });
  readonly control = new zmq.Router({ linger: 1000 });
  readonly stdin = new zmq.Router({ linger: 1000 });
  readonly iopub = new zmq.Publisher({ linger: 1000 });
  readonly hb = new zmq.Reply({ linger: 0 });
  private readonly outboxes: Map<zmq.Writable, Outbox>;

  constructor(
    private readonly info: ConnectionInfo,
    readonly signer: Signer,
    private readonly log: Log,
  ) {
    this.outboxes = new Map(
      [this.shell, this.control, this.stdin, this.iopub].map((s) => [s as zmq.Writable, new Outbox(s, log)]),
    );
  }

  async bind(): Promise<void> {
    await Promise.all([
      this.shell.bind(endpoint(this.info, "shell")),
      this.control.bind(endpoint(this.info, "control")),
      this.stdin.bind(endpoint(this.info, "stdin")),
      this.iopub.bind(endpoint(this.info, "iopub")),
      this.hb.bind(endpoint(this.info, "hb")),
    ]);
    void this.heartbeat();
  }

  send(socket: zmq.Writable, msg: Message): Promise<void> {
    return this.outboxes.get(socket)!.send(encode(msg, this.signer));
  }

  /** Calls `handle` with every well-formed message; bad ones are logged and dropped, never handled. */
  async receive(socket: zmq.Router, name: string, handle: (msg: Message) => void): Promise<void> {
    for await (const frames of socket) {
      let msg: Message;
      try {
        msg = decode(frames, this.signer);
      } catch (err) {
        if (!(err instanceof WireError)) throw err;
        this.log(`dropped a message on ${name}: ${err.message}`);
        continue;
      }
      handle(msg);
    }
  }

  private async heartbeat(): Promise<void> {
    for await (const frames of this.hb) await this.hb.send(frames);
  }

  close(): void {
    for (const socket of [this.shell, this.control, this.stdin, this.iopub, this.hb]) socket.close();
  }
}
