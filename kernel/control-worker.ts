// The control channel and the heartbeat live on their own thread, so that both still answer while a cell
// keeps the main thread busy — a synchronous loop can then be interrupted by interrupt_request as well as
// by SIGINT: this thread turns a (correctly signed) interrupt_request into SIGINT for the whole process.
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { Signer } from "./connection";
import { Outbox } from "./outbox";
import { decode } from "./wire";

export interface ControlWorkerData {
  control: string;
  hb: string;
  key: string;
  scheme: string;
}

/** Main thread → worker: frames to send on control, acknowledged with the same id once sent. */
export interface ControlSend {
  id: number;
  frames: Uint8Array[];
}

function isInterrupt(frames: Buffer[], signer: Signer): boolean {
  try {
    return decode(frames, signer).header.msg_type === "interrupt_request";
  } catch {
    return false; // the main thread logs and drops it
  }
}

async function main(port: NonNullable<typeof parentPort>, data: ControlWorkerData): Promise<void> {
  const signer = new Signer(data.key, data.scheme);
  const control = new zmq.Router({ linger: 1000 });
  const hb = new zmq.Reply({ linger: 0 });
  await Promise.all([control.bind(data.control), hb.bind(data.hb)]);
  const outbox = new Outbox(control, (line) => port.postMessage({ log: line }));
  port.on("message", (msg: ControlSend | "close") => {
    if (msg === "close") {
      // Close the sockets here, on their own thread: terminating the thread under them aborts the process.
      control.close();
      hb.close();
      port.close();
      return;
    }
    void outbox.send(msg.frames.map((f) => Buffer.from(f))).then(() => port.postMessage({ sent: msg.id }));
  });
  port.postMessage({ ready: true });
  void (async () => {
    for await (const frames of hb) await hb.send(frames);
  })().catch(() => undefined);
  try {
    for await (const frames of control) {
      if (isInterrupt(frames, signer)) process.kill(process.pid, "SIGINT");
      port.postMessage({ frames });
    }
  } catch {
    // closed
  }
}

if (parentPort) void main(parentPort, workerData as ControlWorkerData);
