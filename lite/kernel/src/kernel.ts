// One gradlab kernel in the page: Jupyter requests go to its web worker as plain messages, and what the
// worker publishes (streams, displays, updates, errors) comes back as iopub messages of the request that ran.
import type { KernelMessage } from "@jupyterlab/services";
import { BaseKernel, type IKernel } from "@jupyterlite/services";
import type { FromWorker, ToWorker } from "./protocol";

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;

export class GradlabKernel extends BaseKernel {
  private readonly worker: Worker;
  private readonly pending = new Map<number, (reply: Record<string, unknown>) => void>();
  private nextId = 0;
  /** The request whose cell runs now, or ran last: late output goes there. */
  private current: Header | undefined;

  constructor(options: IKernel.IOptions & { workerUrl: string }) {
    super(options);
    this.worker = new Worker(options.workerUrl);
    this.worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
  }

  override dispose(): void {
    this.worker.terminate();
    super.dispose();
  }

  private request(message: Omit<ToWorker, "id">): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id } as ToWorker);
    });
  }

  private receive(message: FromWorker): void {
    if (message.type === "reply") {
      this.pending.get(message.id)?.(message.content);
      this.pending.delete(message.id);
      return;
    }
    const parent = this.current;
    const content = message.content as never;
    switch (message.msgType) {
      case "stream":
        return this.stream(content, parent);
      case "display_data":
        return this.displayData(content, parent);
      case "update_display_data":
        return this.updateDisplayData(content, parent);
      case "clear_output":
        return this.clearOutput(content, parent);
      case "execute_result":
        return this.publishExecuteResult(content, parent);
      case "error":
        return this.publishExecuteError(content, parent);
      case "input_request":
        return this.inputRequest(content, parent);
    }
  }

  async kernelInfoRequest(): Promise<KernelMessage.IInfoReplyMsg["content"]> {
    return {
      implementation: "gradlab",
      implementation_version: "0.1.0",
      language_info: {
        name: "typescript",
        version: "5.0",
        mimetype: "text/typescript",
        file_extension: ".ts",
        codemirror_mode: { name: "typescript" },
        pygments_lexer: "typescript",
      },
      protocol_version: "5.3",
      status: "ok",
      banner: "gradlab: TypeScript cells with the gradlab library, in your browser",
      help_links: [],
    } as KernelMessage.IInfoReplyMsg["content"];
  }

  async executeRequest(
    content: KernelMessage.IExecuteRequestMsg["content"],
  ): Promise<KernelMessage.IExecuteReplyMsg["content"]> {
    this.current = this.parentHeader;
    return (await this.request({
      type: "execute",
      code: content.code,
      count: this.executionCount,
      allowStdin: content.allow_stdin ?? true,
    })) as never;
  }

  async completeRequest(
    content: KernelMessage.ICompleteRequestMsg["content"],
  ): Promise<KernelMessage.ICompleteReplyMsg["content"]> {
    return (await this.request({
      type: "complete",
      code: content.code,
      cursor: content.cursor_pos,
    })) as never;
  }

  async inspectRequest(
    content: KernelMessage.IInspectRequestMsg["content"],
  ): Promise<KernelMessage.IInspectReplyMsg["content"]> {
    return (await this.request({ type: "inspect", code: content.code, cursor: content.cursor_pos })) as never;
  }

  async isCompleteRequest(
    content: KernelMessage.IIsCompleteRequestMsg["content"],
  ): Promise<KernelMessage.IIsCompleteReplyMsg["content"]> {
    return (await this.request({ type: "is_complete", code: content.code })) as never;
  }

  async commInfoRequest(): Promise<KernelMessage.ICommInfoReplyMsg["content"]> {
    return { comms: {}, status: "ok" };
  }

  inputReply(content: KernelMessage.IInputReplyMsg["content"]): void {
    this.worker.postMessage({ type: "input_reply", id: -1, value: "value" in content ? content.value : "" });
  }

  async commOpen(): Promise<void> {}
  async commMsg(): Promise<void> {}
  async commClose(): Promise<void> {}
}
