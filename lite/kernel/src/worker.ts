// The gradlab kernel's web worker: the Node kernel's cell semantics in the browser. Cells are type-checked
// and transpiled by tslab's converter through kernel/core/converter.ts (the same overrides as in Node)
// against a file system held in memory (TypeScript's lib files and gradlab's declarations, fetched once
// from the site), then run here, with the library bundled in and the kernel's own display and errors
// (runtime errors mapped to the cell's lines by the kernel's source-map code, as in Node).
import "./env";
import { completeReply } from "../../../kernel/core/completion";
import { takeCellMaps, withOverrides, type TS } from "../../../kernel/core/converter";
import { takeHoistedExports } from "../../../kernel/declarations";
import { Interrupted } from "../../../kernel/interrupt";
import {
  cellFileName,
  diagnosticsContent,
  errorContent,
  installLastError,
  libraryCodeAt,
  mapCellFramesInStacks,
  rememberCell,
} from "../../../kernel/traceback";
import { formatWithOptions } from "node:util";
import { registerBackend } from "../../../lib/backend/registry";
import { setDefaultCallbacks } from "../../../lib/train/defaults";
import { createGpuBackend } from "../../../lib/backend/gpu";
import { probeBrowser } from "./probe";
import { Output } from "../../../kernel/output";
import { DisplayUpdater, displayIdOf, toMimeBundle } from "../../../kernel/display";
import { quickInfoText } from "../../../kernel/docs";
import { pagerTarget } from "../../../kernel/pager";
import * as gradlab from "../../../lib";
import * as widgets from "../../../widgets";
import * as exercises from "../../../exercises";
import * as backends from "../../../lib/backend";
import { memorySystem } from "./sys";
import type { FromWorker, ToWorker } from "./protocol";

const post = (message: FromWorker) => (self as unknown as Worker).postMessage(message);

// TypeScript's lib files and gradlab's declarations, as one JSON file beside this script.
const files = (() => {
  const request = new XMLHttpRequest();
  request.open("GET", new URL("files.json", self.location.href).href, false);
  request.send();
  return JSON.parse(request.responseText) as Record<string, string>;
})();
// eslint-disable-next-line @typescript-eslint/no-require-imports
const typescript = require("@tslab/typescript-for-tslab") as TS;
(typescript as unknown as { setSys(sys: unknown): void }).setSys(memorySystem(files));

const setup = {
  globals: "/gradlab/kernel/globals.d.ts",
  loopGuard: "__gradlabLoopGuard",
  paths: {
    gradlab: ["/gradlab/lib/index.d.ts"],
    "gradlab/widgets": ["/gradlab/widgets/index.d.ts"],
    "gradlab/exercises": ["/gradlab/exercises/index.d.ts"],
    "gradlab/*": ["/gradlab/*"],
  },
};
(globalThis as Record<string, unknown>).__gradlabTypeScript = withOverrides(typescript as TS, setup);
// tslab's converter reads the wrapped TypeScript (see the build's alias of its import)
const { createConverter, isCompleteCode } =
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("tslab/dist/converter") as typeof import("tslab/dist/converter");
// not isBrowser: cells see ES2022 and the few browser globals in browser-globals.d.ts, not lib.dom (1 MB
// the type-checker would parse at every start)
const converter = createConverter();
mapCellFramesInStacks();
installLastError();
libraryCodeAt(self.location.href.replace(/[^/]*$/, "")); // the kernel, gradlab and its packages: one bundle
// the browser's gpu.js modes by name, besides "gpu" (the best that works here)
registerBackend("gpu:webgl2", () => createGpuBackend("webgl2" as never));

// Interrupts. Cells' loops call the guard (kernel/core/converter.ts puts it there); when the page is
// cross-origin isolated, the kernel in the page sets a shared flag the guard reads even while a busy loop
// never yields; otherwise the interrupt arrives as a message, seen only when the cell awaits.
let interruptBuffer: Int32Array | undefined;
let interruptRequested = false;
let rejectCell: ((err: Error) => void) | undefined;
let ticks = 0;
function takeInterrupt(): boolean {
  const shared = interruptBuffer !== undefined && Atomics.exchange(interruptBuffer, 0, 0) !== 0;
  const requested = interruptRequested;
  interruptRequested = false;
  return shared || requested;
}
(globalThis as Record<string, unknown>).__gradlabLoopGuard = () => {
  if ((++ticks & 1023) === 0 && takeInterrupt()) throw new Interrupted();
};
// warm up before the first cell: the type-checker parses its lib files and gradlab's declarations,
// WebGPU's adapter is looked for, and Graphviz loads (graph() and stepper() need it, as in Node)
const ready = Promise.all([
  probeBrowser().then(() => void converter.convert("", "0")),
  widgets.ready().catch(() => undefined),
]);

const output = new Output((msgType, content) => post({ type: "publish", msgType, content }));
// and the kernels by backend (kernelsOf), which the page's backend tests compare with the reference
const modules: Record<string, unknown> = {
  gradlab,
  "gradlab/widgets": widgets,
  "gradlab/exercises": exercises,
  "gradlab/lib/backend": backends,
};
const cellRequire = (id: string) => {
  if (id in modules) return modules[id];
  throw new Error(
    `Cannot find module '${id}': in the browser a cell imports only gradlab, gradlab/widgets and gradlab/exercises`,
  );
};
const variables: Record<string, unknown> = {};
let waitingInput: ((value: string) => void) | undefined;
let allowStdin = true;
Object.assign(globalThis, {
  display: output.display(),
  clearOutput: output.clearOutput(),
  input: (prompt = "", options?: { password?: boolean }) => {
    if (!allowStdin) return Promise.reject(new Error("input() needs a front end that allows stdin"));
    return new Promise<string>((resolve) => {
      waitingInput = resolve;
      post({
        type: "publish",
        msgType: "input_request",
        content: { prompt, password: options?.password ?? false },
      });
    });
  },
  [Symbol.for("gradlab.kernel.cell")]: { exports: variables, require: cellRequire },
});
// console.log's text as Node writes it, by Node's own util.format (the build's node:util shim), which
// honours a value's nodejs.util.inspect.custom, as tensors have
const logText = (args: unknown[]) => formatWithOptions({}, ...args) + "\n";
console.log = (...args: unknown[]) => output.stream("stdout", logText(args));
console.error = (...args: unknown[]) => output.stream("stderr", logText(args));
setDefaultCallbacks(() => [widgets.dashboard()]); // fit() in a notebook shows a live dashboard, as in Node

let prevDecl = "";

/** The signature and documentation of what is at `cursor`, as the Node kernel shows them (kernel/docs.ts). */
function inspectText(code: string, cursor: number): string | undefined {
  const info = converter.inspect(prevDecl, code, cursor);
  return info ? quickInfoText(info) : undefined;
}

async function execute(code: string, count: number): Promise<Record<string, unknown>> {
  await ready;
  takeInterrupt(); // an interrupt sent while nothing ran stops nothing
  // `name?`: the name's documentation in the pager, as in the Node kernel
  const target = pagerTarget(code);
  if (target !== undefined) {
    const text = inspectText(target, target.length) ?? `no documentation found for ${target}`;
    const page = { source: "page", data: { "text/plain": text }, start: 0 };
    return { status: "ok", execution_count: count, payload: [page], user_expressions: {} };
  }
  const fileName = cellFileName(count);
  const converted = converter.convert(prevDecl, code);
  rememberCell(fileName, takeCellMaps());
  if (converted.diagnostics.length > 0) throw diagnosticsContent(fileName, converted.diagnostics);
  if (converted.output) {
    const { js } = takeHoistedExports(converted.output);
    const wrapped =
      `(${converted.hasToplevelAwait ? "async " : ""}function (exports, require) {\n${js}\n}).call(undefined, ` +
      `globalThis[Symbol.for("gradlab.kernel.cell")].exports, globalThis[Symbol.for("gradlab.kernel.cell")].require)` +
      `\n//# sourceURL=${fileName}`;
    try {
      const interrupted = new Promise<never>((_, reject) => (rejectCell = reject));
      interrupted.catch(() => undefined);
      await Promise.race([(0, eval)(wrapped), interrupted]);
    } catch (err) {
      prevDecl = converted.declOutput ?? prevDecl;
      throw errorContent(err);
    } finally {
      rejectCell = undefined;
    }
  }
  prevDecl = converted.declOutput ?? "";
  const name = converted.lastExpressionVar;
  if (name && name in variables) {
    const value = variables[name];
    delete variables[name];
    if (value !== undefined && !(value instanceof DisplayUpdater)) {
      output.flush();
      output.sendPageLibraries(value);
      // a view keeps its display id, so its methods (a stepper's goto()) redraw it in place; JupyterLab
      // and Notebook 7 follow display ids only on display_data outputs, so a view goes as one
      const id = displayIdOf(value);
      const data = toMimeBundle(value);
      post(
        id
          ? {
              type: "publish",
              msgType: "display_data",
              content: { data, metadata: {}, transient: { display_id: id } },
            }
          : {
              type: "publish",
              msgType: "execute_result",
              content: { execution_count: count, data, metadata: {}, transient: {} },
            },
      );
    }
  }
  return { status: "ok", execution_count: count, payload: [], user_expressions: {} };
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  const reply = (content: Record<string, unknown>) => post({ type: "reply", id: message.id, content });
  switch (message.type) {
    case "init":
      interruptBuffer = message.interruptBuffer && new Int32Array(message.interruptBuffer);
      return reply({ isolated: globalThis.crossOriginIsolated });
    case "interrupt":
      // a cell awaiting something: stop it now; its loops stop at their next guard
      interruptRequested = true;
      rejectCell?.(new Interrupted());
      return;
    case "execute":
      allowStdin = message.allowStdin;
      try {
        const content = await execute(message.code, message.count);
        output.flush(); // the cell's last output before its reply
        reply(content);
      } catch (err) {
        const content = (
          err && typeof err === "object" && "ename" in err ? err : errorContent(err)
        ) as Record<string, unknown>;
        output.flush();
        post({ type: "publish", msgType: "error", content });
        reply({ status: "error", execution_count: message.count, ...content });
      }
      return;
    case "complete": {
      return reply(completeReply(typescript, converter, prevDecl, message.code, message.cursor));
    }
    case "inspect": {
      const text = inspectText(message.code, message.cursor);
      return reply({ status: "ok", found: !!text, data: text ? { "text/plain": text } : {}, metadata: {} });
    }
    case "is_complete": {
      const { completed, indent } = isCompleteCode(message.code);
      return reply(completed ? { status: "complete" } : { status: "incomplete", indent: indent ?? "" });
    }
    case "input_reply":
      waitingInput?.(message.value);
      waitingInput = undefined;
      return;
  }
};
