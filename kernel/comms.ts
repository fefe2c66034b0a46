// Comms: the two-way channel widgets and front ends use. Cells reach the registry as
// `globalThis[Symbol.for("Jupyter.comms")]`: registerTarget(name, onOpen) for front-end-opened comms,
// open(target, data) for kernel-opened ones.
import { randomUUID } from "node:crypto";
import type { Content, Message } from "./wire";
import type { Publish } from "./output";

export interface Comm {
  readonly id: string;
  readonly target: string;
  send(data: Content): void;
  close(data?: Content): void;
  /** Called with each comm_msg from the front end. */
  onMsg?: (data: Content, msg: Message) => void;
  onClose?: (data: Content) => void;
}

export type CommTarget = (comm: Comm, data: Content, msg: Message) => void;

export const commsSymbol = Symbol.for("Jupyter.comms");

export class Comms {
  private readonly targets = new Map<string, CommTarget>();
  private readonly open_ = new Map<string, Comm>();

  constructor(
    private readonly publish: Publish,
    private readonly parent: () => Message | undefined,
  ) {}

  registerTarget(name: string, onOpen: CommTarget): void {
    this.targets.set(name, onOpen);
  }

  /** Opens a comm from the kernel side. */
  open(target: string, data: Content = {}): Comm {
    const comm = this.create(randomUUID(), target);
    this.publish("comm_open", { comm_id: comm.id, target_name: target, data }, this.parent());
    return comm;
  }

  info(target?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const comm of this.open_.values()) {
      if (!target || comm.target === target) out[comm.id] = { target_name: comm.target };
    }
    return out;
  }

  /** comm_open, comm_msg and comm_close from the front end; unknown targets are closed at once. */
  handle(msg: Message): void {
    const {
      comm_id: id,
      target_name: target,
      data = {},
    } = msg.content as { comm_id: string; target_name?: string; data?: Content };
    if (msg.header.msg_type === "comm_open") {
      const onOpen = this.targets.get(target ?? "");
      if (!onOpen) return this.publish("comm_close", { comm_id: id, data: {} }, msg);
      onOpen(this.create(id, target!), data, msg);
    } else if (msg.header.msg_type === "comm_msg") {
      this.open_.get(id)?.onMsg?.(data, msg);
    } else if (msg.header.msg_type === "comm_close") {
      const comm = this.open_.get(id);
      this.open_.delete(id);
      comm?.onClose?.(data);
    }
  }

  private create(id: string, target: string): Comm {
    const comm: Comm = {
      id,
      target,
      send: (data) => this.publish("comm_msg", { comm_id: id, data }, this.parent()),
      close: (data = {}) => {
        this.open_.delete(id);
        this.publish("comm_close", { comm_id: id, data }, this.parent());
      },
    };
    this.open_.set(id, comm);
    return comm;
  }
}
