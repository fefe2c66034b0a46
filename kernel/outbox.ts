// One send at a time per ZeroMQ socket: zeromq 6 refuses overlapping sends on a socket.
import type * as zmq from "zeromq";

export type Log = (line: string) => void;

/** Serialises sends on one socket; a failed send is logged, never thrown at the sender. */
export class Outbox {
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
