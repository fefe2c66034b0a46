// The kernel: answers each Jupyter request, with status busy/idle around it. Shell requests run one at a
// time in arrival order; control requests (interrupt, shutdown) are answered at once, even mid-cell.
import { randomUUID } from "node:crypto";
import { version } from "../lib/version";
import { setDefaultCallbacks } from "../lib/train/defaults";
import { dashboard, ready as widgetsReady } from "../widgets"; // also registers the rich views of library objects
import { Signer, type ConnectionInfo } from "./connection";
import { Comms, commsSymbol } from "./comms";
import { completeness } from "./completeness";
import { quickInfoText } from "./docs";
import { DisplayUpdater, displayIdOf, toMimeBundle } from "./display";
import { CellError, Executor } from "./executor";
import { History, type HistoryQuery } from "./history";
import { Stdin } from "./input";
import { Interrupter } from "./interrupt";
import { languageInfo } from "./language";
import { applyMemoryLimit, CellTimeLimit, describeLimits, readLimits } from "./limits";
import { resolveGradlabEverywhere } from "./modules";
import { Output } from "./output";
import { pagerTarget } from "./pager";
import { Sockets, type Channel, type Log } from "./sockets";
import { errorContent } from "./traceback";
import { makeMessage, protocolVersion, type Content, type Message } from "./wire";

type Handler = (msg: Message, socket: Channel) => Promise<void> | void;

export class Kernel {
  private readonly session = randomUUID();
  private readonly sockets: Sockets;
  private readonly output: Output;
  private readonly log: Log;
  private readonly interrupter = new Interrupter();
  private readonly executor: Executor;
  /** The class's CPU-time limit per cell (GRADLAB_CELL_TIME_LIMIT), when one is set. */
  private readonly cellLimit: CellTimeLimit | undefined;
  private readonly history = new History();
  private readonly comms: Comms;
  private readonly stdin: Stdin;
  private executionCount = 0;
  private readonly queue: Message[] = [];
  private draining = false;

  constructor(info: ConnectionInfo) {
    this.output = new Output((type, content, parent) => this.publish(type, content, parent));
    this.log = this.output.captureProcessStreams();
    this.sockets = new Sockets(info, new Signer(info.key, info.signature_scheme), this.log);
    this.comms = new Comms(
      (type, content, parent) => this.publish(type, content, parent),
      () => this.output.parent,
    );
    this.stdin = new Stdin(
      (content, parent) =>
        void this.sockets.send(this.sockets.stdin, this.make("input_request", content, parent)),
      () => this.output.parent,
    );
    resolveGradlabEverywhere();
    setDefaultCallbacks(() => [dashboard()]); // fit() in a notebook shows a live dashboard
    this.executor = new Executor(this.interrupter);
    this.installGlobals();
    const limits = readLimits();
    applyMemoryLimit(limits.memoryBytes);
    this.cellLimit = limits.cellSeconds ? new CellTimeLimit(limits.cellSeconds) : undefined;
    for (const line of [...limits.problems, describeLimits(limits)]) if (line) this.log(line);
  }

  async start(): Promise<void> {
    await this.sockets.bind();
    process.on("SIGINT", () => this.interrupter.interrupt());
    process.on("uncaughtException", (err) => this.lateError(err));
    process.on("unhandledRejection", (err) => this.lateError(err));
    const { shell, control, stdin } = this.sockets;
    this.sockets.receive(shell, (msg) => this.enqueue(msg));
    this.sockets.receive(control, (msg) => void this.handle(msg, control));
    this.sockets.receive(stdin, (msg) => {
      if (msg.header.msg_type === "input_reply") this.stdin.handleReply(msg);
    });
    this.publish("status", { execution_state: "starting" });
    // Answer kernel_info first: front ends show the kernel as ready while TypeScript loads.
    setTimeout(() => this.executor.warm(), 200);
  }

  private installGlobals(): void {
    Object.assign(globalThis, {
      display: this.output.display(),
      clearOutput: this.output.clearOutput(),
      input: (prompt?: string, options?: { password?: boolean }) => this.stdin.ask(prompt, options?.password),
      [commsSymbol]: this.comms,
    });
  }

  private make(type: string, content: Content, parent?: Message): Message {
    return makeMessage(this.session, type, content, parent);
  }

  private publish(type: string, content: Content, parent?: Message): void {
    const msg = makeMessage(this.session, type, content, parent, [Buffer.from(type)]);
    void this.sockets.send(this.sockets.iopub, msg);
  }

  private reply(parent: Message, socket: Channel, content: Content): Promise<void> {
    const type = parent.header.msg_type.replace(/_request$/, "_reply");
    return this.sockets.send(socket, this.make(type, content, parent));
  }

  private enqueue(msg: Message): void {
    this.queue.push(msg);
    if (!this.draining) void this.drain();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    for (let msg = this.queue.shift(); msg; msg = this.queue.shift())
      await this.handle(msg, this.sockets.shell);
    this.draining = false;
  }

  private async handle(msg: Message, socket: Channel): Promise<void> {
    this.publish("status", { execution_state: "busy" }, msg);
    try {
      const handler = this.handlers[msg.header.msg_type];
      if (handler) await handler(msg, socket);
      else this.log(`ignored a message of unknown type ${JSON.stringify(msg.header.msg_type)}`);
    } catch (err) {
      this.log(`failed to handle ${msg.header.msg_type}: ${err instanceof Error ? err.stack : String(err)}`);
    } finally {
      this.publish("status", { execution_state: "idle" }, msg);
    }
  }

  private readonly handlers: Record<string, Handler> = {
    kernel_info_request: (msg, socket) => this.reply(msg, socket, this.kernelInfo()),
    execute_request: (msg, socket) => this.execute(msg, socket),
    complete_request: (msg, socket) => this.complete(msg, socket),
    inspect_request: (msg, socket) => this.inspect(msg, socket),
    is_complete_request: (msg, socket) => this.isComplete(msg, socket),
    history_request: (msg, socket) =>
      this.reply(msg, socket, { status: "ok", history: this.history.query(msg.content as HistoryQuery) }),
    // The control thread has already raised SIGINT for it (see control-worker.ts), even mid-loop.
    interrupt_request: (msg, socket) => this.reply(msg, socket, { status: "ok" }),
    shutdown_request: (msg, socket) => this.shutdown(msg, socket),
    comm_info_request: (msg, socket) =>
      this.reply(msg, socket, { status: "ok", comms: this.comms.info(msg.content.target_name as string) }),
    comm_open: (msg) => this.comms.handle(msg),
    comm_msg: (msg) => this.comms.handle(msg),
    comm_close: (msg) => this.comms.handle(msg),
  };

  private kernelInfo(): Content {
    return {
      status: "ok",
      protocol_version: protocolVersion,
      implementation: "gradlab",
      implementation_version: version,
      language_info: languageInfo(),
      banner: `gradlab ${version} — TypeScript notebooks for learning deep learning`,
    };
  }

  private async execute(msg: Message, socket: Channel): Promise<void> {
    const {
      code = "",
      silent = false,
      store_history = true,
      stop_on_error = true,
    } = msg.content as {
      code?: string;
      silent?: boolean;
      store_history?: boolean;
      stop_on_error?: boolean;
    };
    if (!silent && store_history) this.executionCount++;
    const count = this.executionCount;
    this.output.parent = msg;
    if (!silent) this.publish("execute_input", { code, execution_count: count }, msg);
    if (store_history) this.history.add(count, code);
    try {
      const target = pagerTarget(code);
      if (target !== undefined) {
        const text = this.inspectText(target, target.length) ?? `no documentation found for ${target}`;
        const page = { source: "page", data: { "text/plain": text }, start: 0 };
        return await this.reply(msg, socket, {
          status: "ok",
          execution_count: count,
          payload: [page],
          user_expressions: {},
        });
      }
      // Graphviz loads while the kernel starts: graph() in a first cell waits for it (and reports a failure)
      await widgetsReady().catch(() => undefined);
      const cell = () => this.executor.execute(code, count);
      const result = await (this.cellLimit ? this.cellLimit.run(cell) : cell());
      this.output.flush();
      // A cell ending in `display(x)` has shown x already; its handle is not a result.
      if (result.hasValue && !silent && !(result.value instanceof DisplayUpdater)) {
        this.output.sendPageLibraries(result.value);
        const data = toMimeBundle(result.value);
        this.history.setOutput(count, String(data["text/plain"] ?? ""));
        // a view keeps its display id, so its methods (a stepper's goto()) redraw it in place; JupyterLab
        // and Notebook 7 follow display ids only on display_data outputs, so a view goes as one
        const id = displayIdOf(result.value);
        if (id) this.publish("display_data", { data, metadata: {}, transient: { display_id: id } }, msg);
        else
          this.publish("execute_result", { execution_count: count, data, metadata: {}, transient: {} }, msg);
      }
      await this.reply(msg, socket, {
        status: "ok",
        execution_count: count,
        payload: [],
        user_expressions: {},
      });
    } catch (err) {
      this.output.flush();
      const content = err instanceof CellError ? err.content : errorContent(err);
      this.publish("error", { ...content }, msg);
      await this.reply(msg, socket, { status: "error", execution_count: count, ...content });
      if (stop_on_error) await this.abortQueued();
    }
  }

  /** After a failed cell, the cells queued behind it are not run (as in every Jupyter kernel). */
  private async abortQueued(): Promise<void> {
    const aborted = this.queue.filter((m) => m.header.msg_type === "execute_request");
    this.queue.splice(0, this.queue.length, ...this.queue.filter((m) => !aborted.includes(m)));
    for (const msg of aborted) {
      this.publish("status", { execution_state: "busy" }, msg);
      await this.reply(msg, this.sockets.shell, { status: "aborted", execution_count: this.executionCount });
      this.publish("status", { execution_state: "idle" }, msg);
    }
  }

  private complete(msg: Message, socket: Channel): Promise<void> {
    const { code, cursor_pos } = msg.content as { code: string; cursor_pos: number };
    return this.reply(msg, socket, this.executor.complete(code, cursor_pos));
  }

  private inspect(msg: Message, socket: Channel): Promise<void> {
    const { code, cursor_pos } = msg.content as { code: string; cursor_pos: number };
    const text = this.inspectText(code, cursor_pos);
    if (text === undefined)
      return this.reply(msg, socket, { status: "ok", found: false, data: {}, metadata: {} });
    return this.reply(msg, socket, { status: "ok", found: true, data: { "text/plain": text }, metadata: {} });
  }

  /** The signature and documentation of what is at `cursor`, as the checker knows it. */
  private inspectText(code: string, cursor: number): string | undefined {
    const info = this.executor.inspect(code, cursor);
    return info ? quickInfoText(info) : undefined;
  }

  private isComplete(msg: Message, socket: Channel): Promise<void> {
    const code = String(msg.content.code ?? "");
    return this.reply(msg, socket, { ...completeness(code) });
  }

  private async shutdown(msg: Message, socket: Channel): Promise<void> {
    const restart = msg.content.restart === true;
    await this.reply(msg, socket, { status: "ok", restart });
    this.publish("status", { execution_state: "idle" }, msg);
    // Let the reply leave before the sockets close; Jupyter starts a fresh process on restart.
    setTimeout(() => {
      this.executor.close();
      void this.sockets.close().finally(() => process.exit(0));
    }, 50);
  }

  /** An error after its cell returned (a timer, an unawaited promise): shown, and the kernel lives on. */
  private lateError(err: unknown): void {
    const { traceback } = errorContent(err);
    this.output.stream("stderr", `Uncaught error after the cell returned:\n${traceback.join("\n")}\n`);
  }
}
