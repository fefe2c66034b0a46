// The connection file Jupyter hands the kernel: where its five sockets listen and the key that signs messages.
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface ConnectionInfo {
  transport: string;
  ip: string;
  shell_port: number;
  control_port: number;
  iopub_port: number;
  stdin_port: number;
  hb_port: number;
  key: string;
  signature_scheme: string;
}

const ports = ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"] as const;
export type Channel = "shell" | "control" | "iopub" | "stdin" | "hb";

/** Reads and checks a connection file; a bad one is a clear error, not a crash later on. */
export function readConnection(file: string): ConnectionInfo {
  const info = JSON.parse(readFileSync(file, "utf8")) as Partial<ConnectionInfo>;
  for (const port of ports) {
    if (typeof info[port] !== "number") throw new Error(`connection file ${file}: ${port} is missing`);
  }
  return {
    transport: "tcp",
    ip: "127.0.0.1",
    key: "",
    signature_scheme: "hmac-sha256",
    ...info,
  } as ConnectionInfo;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it), for a kernel or a Jupyter server to listen on. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? done(address.port) : fail()));
    });
  });
}

export function endpoint(info: ConnectionInfo, channel: Channel): string {
  const port = info[`${channel}_port`];
  return info.transport === "ipc" ? `ipc://${info.ip}-${port}` : `${info.transport}://${info.ip}:${port}`;
}

/** HMAC signing of the four JSON frames of a message; an empty key means messages are not signed. */
export class Signer {
  private readonly algorithm: string;

  constructor(
    private readonly key: string,
    scheme = "hmac-sha256",
  ) {
    if (!scheme.startsWith("hmac-")) throw new Error(`unsupported signature scheme ${scheme}`);
    this.algorithm = scheme.slice("hmac-".length);
  }

  sign(frames: Buffer[]): string {
    if (!this.key) return "";
    const hmac = createHmac(this.algorithm, this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest("hex");
  }

  /** Constant-time comparison, so the signature cannot be guessed byte by byte. */
  verify(signature: string, frames: Buffer[]): boolean {
    if (!this.key) return true;
    const expected = Buffer.from(this.sign(frames));
    const actual = Buffer.from(signature);
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }
}
