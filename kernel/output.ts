// Everything a cell shows goes out on iopub, addressed to the request that ran it: streams (batched and
// flushed promptly), displays, updates and clear_output. It also gives cells their display globals.
import { randomUUID } from "node:crypto";
import type { Content, Message } from "./wire";
import { plotlyLoaderHtml } from "../widgets/assets";
import type { PageLibrary } from "../widgets/view";
import {
  DisplayUpdater,
  displayIdOf,
  mimeHelpers,
  pageLibraries,
  toMimeBundle,
  type ClearOutput,
  type Display,
  type DisplayHandle,
  type DisplayOptions,
} from "./display";

export type Publish = (msgType: string, content: Content, parent?: Message) => void;

type StreamName = "stdout" | "stderr";

const flushDelayMs = 20;
const maxChunk = 256 * 1024;

export class Output {
  /** The request whose cell is running, or ran last: late output (timers, promises) goes there too. */
  parent: Message | undefined;
  private pending: { name: StreamName; text: string }[] = [];
  /** page libraries already sent: plotly.js goes out once per kernel, not with every chart */
  private readonly sent = new Set<PageLibrary>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly publish: Publish) {}

  stream(name: StreamName, text: string): void {
    const last = this.pending.at(-1);
    if (last?.name === name && last.text.length < maxChunk) last.text += text;
    else this.pending.push({ name, text });
    this.timer ??= setTimeout(() => this.flush(), flushDelayMs);
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = [];
    for (const { name, text } of pending) this.publish("stream", { name, text }, this.parent);
  }

  /** Sends a display, or an update of an earlier one; the text streams first so the order is kept. */
  show(value: unknown, options: DisplayOptions = {}, update = false): DisplayHandle {
    this.flush();
    this.sendPageLibraries(value);
    const id = options.id ?? displayIdOf(value) ?? randomUUID();
    this.publish(
      update ? "update_display_data" : "display_data",
      {
        data: toMimeBundle(value),
        metadata: options.metadata ?? {},
        transient: { display_id: id },
      },
      this.parent,
    );
    return new DisplayUpdater(id, (next) => void this.show(next, { ...options, id }, true));
  }

  /** Before the first chart, an output that loads plotly.js into the page (as plotly's offline mode). */
  sendPageLibraries(value: unknown): void {
    for (const library of pageLibraries(value)) {
      if (this.sent.has(library)) continue;
      this.sent.add(library);
      const data = { "text/html": plotlyLoaderHtml(), "text/plain": "" };
      this.publish("display_data", { data, metadata: {}, transient: {} }, this.parent);
    }
  }

  clear(wait = false): void {
    this.flush();
    this.publish("clear_output", { wait }, this.parent);
  }

  /** The `display` global: `display(x)` plus `display.html(...)` and the other MIME helpers. */
  display(): Display {
    const show = (value: unknown, options?: DisplayOptions) => this.show(value, options, options?.update);
    const helper =
      <T>(make: (x: T) => unknown) =>
      (x: T, options?: DisplayOptions) =>
        show(make(x), options);
    return Object.assign(show, {
      html: helper(mimeHelpers.html),
      markdown: helper(mimeHelpers.markdown),
      svg: helper(mimeHelpers.svg),
      png: helper(mimeHelpers.png),
      json: helper(mimeHelpers.json),
    });
  }

  clearOutput(): ClearOutput {
    return (options) => this.clear(options?.wait ?? false);
  }

  /** Routes process.stdout/stderr (and so console.log/error) to the notebook; returns the kernel's own log. */
  captureProcessStreams(): (line: string) => void {
    const stderr = process.stderr.write.bind(process.stderr);
    for (const name of ["stdout", "stderr"] as const) {
      process[name].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        this.stream(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
        done?.();
        return true;
      }) as typeof process.stdout.write;
    }
    return (line) => void stderr(`[gradlab kernel] ${line}\n`);
  }
}
