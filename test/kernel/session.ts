// One gradlab kernel behind a real Jupyter server, and the helpers the kernel tests read replies with.
import assert from "node:assert/strict";
import type { Kernel, KernelMessage } from "@jupyterlab/services";
import { startJupyterServer, type JupyterServer } from "../../kernel/server";
import { jupyter, kernelEnv } from "./setup";

export interface Run {
  reply: KernelMessage.IExecuteReplyMsg["content"];
  outputs: { msg: KernelMessage.IIOPubMessage; at: number }[];
  repliedAt: number;
}

export interface Session {
  server: JupyterServer;
  kernel: Kernel.IKernelConnection;
  run(code: string, onStdin?: (msg: KernelMessage.IStdinMessage) => void): Promise<Run>;
}

export async function startSession(dir: string): Promise<Session> {
  console.debug = () => undefined; // @jupyterlab/services narrates its websocket connections
  const server = await startJupyterServer({ dir, env: kernelEnv(), jupyter });
  const kernel = await server.kernels.startNew({ name: "gradlab" });
  const run = async (code: string, onStdin?: (msg: KernelMessage.IStdinMessage) => void): Promise<Run> => {
    const future = session.kernel.requestExecute({ code, allow_stdin: !!onStdin });
    const outputs: Run["outputs"] = [];
    future.onIOPub = (msg) => {
      if (msg.header.msg_type !== "status" && msg.header.msg_type !== "execute_input")
        outputs.push({ msg, at: Date.now() });
    };
    if (onStdin) future.onStdin = onStdin;
    const reply = await future.done;
    return { reply: reply.content, outputs, repliedAt: Date.now() };
  };
  const session: Session = { server, kernel, run };
  return session;
}

/** The text/plain of a run's first output of this type (or its stream text). */
export function text(r: Run, type = "execute_result"): string {
  const msg = r.outputs.find((o) => o.msg.header.msg_type === type)?.msg;
  const content = msg?.content as { data?: Record<string, string>; text?: string } | undefined;
  return content?.data?.["text/plain"] ?? content?.text ?? "";
}

export function errorOf(r: Run): { ename: string; evalue: string; traceback: string[]; count: number } {
  assert.equal(r.reply.status, "error");
  const error = r.reply as unknown as { ename: string; evalue: string; traceback: string[] };
  return { ...error, count: r.reply.execution_count ?? 0 };
}

/** A traceback without its ANSI colour codes. */
export function plain(lines: string[]): string[] {
  // eslint-disable-next-line no-control-regex
  return lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ""));
}
