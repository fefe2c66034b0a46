// One gradlab kernel in the page: Jupyter requests go to its web worker as plain messages, and what the
// worker publishes (streams, displays, updates, errors) comes back as iopub messages of the request that ran.
import type { KernelMessage } from "@jupyterlab/services";
import { BaseKernel, type IKernel } from "@jupyterlite/services";
import type { FromWorker, ToWorker } from "./protocol";

type Header = KernelMessage.IHeader<KernelMessage.MessageType>;

/** How long an interrupt may take before a page that is not cross-origin isolated restarts the worker. */
const INTERRUPT_GRACE_MS = 2000;

export class GradlabKernel extends BaseKernel {
  /** The kernels of this page by id, so that JupyterLite's interrupt reaches them (see index.ts). */
  static readonly byId = new Map<string, GradlabKernel>();
  private worker: Worker;
  private readonly workerUrl: string;
  private readonly pending = new Map<number, (reply: Record<string, unknown>) => void>();
  private nextId = 0;
  /** The request whose cell runs now, or ran last: late output goes there. */
  private current: Header | undefined;
  /** Set to 1 to interrupt: the worker's loops read it even while they never yield (shared memory). */
  private readonly interruptBuffer = globalThis.crossOriginIsolated
    ? new Int32Array(new SharedArrayBuffer(4))
    : undefined;
  private running: Promise<unknown> | undefined;

  constructor(options: IKernel.IOptions & { workerUrl: string; worker?: Worker }) {
    super(options);
    this.workerUrl = options.workerUrl;
    this.worker = this.startWorker(options.worker);
    GradlabKernel.byId.set(this.id, this);
  }

  private startWorker(started?: Worker): Worker {
    const worker = started ?? new Worker(this.workerUrl);
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    this.worker = worker;
    void this.request({ type: "init", interruptBuffer: this.interruptBuffer?.buffer as SharedArrayBuffer });
    return worker;
  }

  override dispose(): void {
    GradlabKernel.byId.delete(this.id);
    this.worker.terminate();
    super.dispose();
  }

  /**
   * Stops the running cell: through the shared flag when the page is cross-origin isolated (a busy loop
   * stops at its next iteration), else by a message the worker sees when the cell awaits. A cell that
   * never awaits cannot see a message: after INTERRUPT_GRACE_MS the worker is replaced by a fresh one,
   * and the cell's error says that its variables are gone.
   */
  interrupt(): void {
    const running = this.running;
    if (!running) return;
    if (this.interruptBuffer) Atomics.store(this.interruptBuffer, 0, 1);
    this.worker.postMessage({ type: "interrupt", id: -1 } satisfies ToWorker);
    const timer = setTimeout(() => {
      if (this.running !== running) return;
      this.worker.terminate();
      const stuck = [...this.pending.values()];
      this.pending.clear();
      const content = {
        status: "error",
        ename: "Interrupt",
        evalue:
          "the cell did not stop, so the kernel was restarted: its variables are gone (this page is not cross-origin isolated, so a loop that never awaits cannot be interrupted in place)",
        traceback: [],
      };
      this.publishExecuteError(content as never, this.current);
      for (const resolve of stuck) resolve({ ...content, execution_count: this.executionCount });
      this.startWorker();
    }, INTERRUPT_GRACE_MS);
    void running.finally(() => clearTimeout(timer));
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
    const running = this.request({
      type: "execute",
      code: content.code,
      count: this.executionCount,
      allowStdin: content.allow_stdin ?? true,
    });
    this.running = running;
    try {
      return (await running) as never;
    } finally {
      if (this.running === running) this.running = undefined;
    }
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
