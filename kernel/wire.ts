// Jupyter messages and their framing on the wire: identities, "<IDS|MSG>", signature, four JSON frames, buffers.
import { randomUUID } from "node:crypto";
import type { Signer } from "./connection";

export const protocolVersion = "5.3";
const delimiter = "<IDS|MSG>";

export interface Header {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export type Content = Record<string, unknown>;

export interface Message<C extends Content = Content> {
  identities: Buffer[];
  header: Header;
  parent_header: Partial<Header>;
  metadata: Content;
  content: C;
  buffers: Buffer[];
}

/** A message the kernel must drop: unsigned, wrongly signed or not JSON. */
export class WireError extends Error {}

function parse(frame: Buffer, what: string): Content {
  try {
    const value: unknown = JSON.parse(frame.toString("utf8"));
    if (typeof value === "object" && value !== null) return value as Content;
  } catch {
    // fall through to the error below, which names the frame
  }
  throw new WireError(`malformed ${what}: not a JSON object`);
}

export function decode(frames: Buffer[], signer: Signer): Message {
  const at = frames.findIndex((f) => f.toString() === delimiter);
  if (at < 0 || frames.length < at + 6) throw new WireError("not a Jupyter message (no <IDS|MSG> delimiter)");
  const [signature, ...rest] = frames.slice(at + 1);
  const parts = rest.slice(0, 4);
  if (!signer.verify(signature.toString(), parts)) throw new WireError("bad or missing signature");
  const header = parse(parts[0], "header") as unknown as Header;
  if (typeof header.msg_type !== "string") throw new WireError("header has no msg_type");
  return {
    identities: frames.slice(0, at),
    header,
    parent_header: parse(parts[1], "parent header"),
    metadata: parse(parts[2], "metadata"),
    content: parse(parts[3], "content"),
    buffers: rest.slice(4),
  };
}

export function encode(msg: Message, signer: Signer): Buffer[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) =>
    Buffer.from(JSON.stringify(p)),
  );
  return [
    ...msg.identities,
    Buffer.from(delimiter),
    Buffer.from(signer.sign(parts)),
    ...parts,
    ...msg.buffers,
  ];
}

/** A new message in reply to (or on behalf of) `parent`; `session` is the kernel's own session id. */
export function makeMessage<C extends Content>(
  session: string,
  msgType: string,
  content: C,
  parent?: Message,
  identities: Buffer[] = parent?.identities ?? [],
): Message<C> {
  return {
    identities,
    header: {
      msg_id: randomUUID(),
      session,
      username: "kernel",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: protocolVersion,
    },
    parent_header: parent?.header ?? {},
    metadata: {},
    content,
    buffers: [],
  };
}
