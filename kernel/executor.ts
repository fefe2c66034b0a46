// Runs cells: tslab's converter checks and transpiles them against earlier cells' declarations,
// then the JavaScript runs in this Node context, sharing one `exports` object of notebook variables.
import { createRequire } from "node:module";
import v8 from "node:v8";
import vm from "node:vm";
import { completeReply } from "./core/completion";
import { createConverter, takeCellMaps, tslabTypeScript, type Converter, type Diagnostic } from "./converter";
import { hintFor, runtimeHint } from "./hints";
import { declarationLines, takeHoistedExports } from "./declarations";
import { Interrupted, type Interrupter } from "./interrupt";
import { SideModules } from "./modules";
import {
  cellFileName,
  diagnosticsContent,
  errorContent,
  hintLine,
  installLastError,
  mapCellFramesInStacks,
  rememberCell,
  type ErrorContent,
} from "./traceback";

/** What a cell left behind: the value of its last expression, if it ended with one. */
export interface CellResult {
  hasValue: boolean;
  value?: unknown;
}

/** A cell that failed to compile or threw; carries what the error message shows. */
export class CellError extends Error {
  constructor(readonly content: ErrorContent) {
    super(content.evalue);
  }
}

/**
 * Notebook variables: later cells see earlier ones as `exports.x`, and re-declaring one replaces it. Each
 * run records which names it assigned, so a cell that threw keeps what it reached and marks the rest.
 */
class NotebookVariables {
  private readonly values: Record<string, unknown> = {};
  readonly assigned = new Set<string>();
  readonly proxy: Record<string, unknown>;

  constructor() {
    const values = this.values;
    const assigned = this.assigned;
    const store = (prop: string | symbol, value: unknown) => {
      if (typeof prop !== "string" || prop === "__esModule") return;
      assigned.add(prop);
      Object.defineProperty(values, prop, { value, writable: true, enumerable: true, configurable: true });
    };
    this.proxy = new Proxy(values, {
      // TypeScript defines named imports with defineProperty (getters); store values so they stay rewritable.
      defineProperty: (_target, prop, attrs) => (store(prop, attrs.get ? attrs.get() : attrs.value), true),
      set: (_target, prop, value) => (store(prop, value), true),
    });
  }

  /** A name whose declaration did not run: reading it throws `error` (until a cell declares it again). */
  markUnreached(name: string, error: () => Error): void {
    Object.defineProperty(this.values, name, {
      get: () => {
        throw error();
      },
      enumerable: false,
      configurable: true,
    });
  }
}

const cellArgs = Symbol.for("gradlab.kernel.cell");

export class Executor {
  private prevDecl = "";
  private readonly variables = new NotebookVariables();
  private readonly locals = this.variables.proxy;
  private readonly sideModules = new SideModules();
  private converter_: Converter | undefined;
  private idleCollection: NodeJS.Timeout | undefined;

  constructor(
    private readonly interrupter: Interrupter,
    private readonly dir = process.cwd(),
  ) {
    mapCellFramesInStacks();
    installLastError();
    // Deep enough to reach a cell's top-level line under the library's frames (V8 keeps 10 by default).
    Error.stackTraceLimit = Math.max(Error.stackTraceLimit, 50);
    (globalThis as Record<symbol, unknown>)[cellArgs] = {
      exports: this.locals,
      require: this.sideModules.requireFrom(dir),
    };
  }

  /** Creating the converter takes seconds (it loads TypeScript's libraries and @types/node), so it is
   * made on first use or by `warm()` once the kernel has answered its first requests. */
  private get converter(): Converter {
    return (this.converter_ ??= createConverter());
  }

  warm(): void {
    void this.converter;
  }

  /** Runs one cell; throws CellError for type errors, exceptions and interrupts. */
  async execute(code: string, count: number): Promise<CellResult> {
    clearTimeout(this.idleCollection);
    try {
      return await this.executeCell(code, count);
    } finally {
      // Every cell leaves megabytes of the type-checker's garbage, and V8 grows its heap rather than
      // collect it all; a full collection once the notebook is idle gives most of it back.
      this.idleCollection = setTimeout(collectGarbage, idleCollectionMs).unref();
    }
  }

  private async executeCell(code: string, count: number): Promise<CellResult> {
    const fileName = cellFileName(count);
    const converted = this.converter.convert(this.prevDecl, code);
    const maps = takeCellMaps();
    this.sideModules.update(converted.sideOutputs);
    if (converted.diagnostics.length > 0)
      throw new CellError(
        diagnosticsContent(fileName, converted.diagnostics, this.hints(code, converted.diagnostics)),
      );
    if (converted.output) {
      rememberCell(fileName, maps);
      const { js, names } = takeHoistedExports(converted.output);
      this.variables.assigned.clear();
      try {
        await this.run(js, fileName, converted.hasToplevelAwait ?? false, code);
      } catch (err) {
        // Like IPython, what ran before the throw stays defined: the cell's declarations are kept for
        // later cells, and the names it did not reach say so when used.
        this.prevDecl = converted.declOutput ?? this.prevDecl;
        this.markUnreached(code, fileName, names, err);
        throw err;
      }
    }
    this.prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (!name || !(name in this.locals)) return { hasValue: false };
    const value = this.locals[name];
    delete this.locals[name];
    return { hasValue: value !== undefined, value };
  }

  private hints(code: string, diagnostics: Diagnostic[]): (string | undefined)[] {
    const typeAt = (offset: number) =>
      this.inspect(code, offset)
        ?.displayParts?.map((p) => p.text)
        .join("");
    return diagnostics.map((d) => hintFor(tslabTypeScript(), code, d, typeAt, gradlabExports));
  }

  private markUnreached(code: string, fileName: string, names: string[], err: unknown): void {
    const unreached = names.filter((n) => !this.variables.assigned.has(n));
    if (unreached.length === 0) return;
    const lines = declarationLines(tslabTypeScript(), code);
    const content = err instanceof CellError ? err.content : undefined;
    // The cell's own frame that is outermost in the stack is the top-level statement that threw.
    const stops = [...(content?.traceback.join("\n") ?? "").matchAll(cellLine(fileName))];
    const stop = stops.length > 0 ? ` at line ${stops.at(-1)![1]}` : "";
    const cause = `${stop} with ${content?.ename ?? "an error"}`;
    for (const name of unreached) {
      const line = lines.get(name);
      const where = line ? `${fileName}:${line}` : fileName;
      this.variables.markUnreached(
        name,
        () =>
          new ReferenceError(
            `${name} has no value: its declaration at ${where} did not run, because ${fileName} stopped ` +
              `earlier${cause}. Fix that cell and run it again.`,
          ),
      );
    }
  }

  private async run(js: string, fileName: string, isAsync: boolean, code: string): Promise<void> {
    // One wrapper line (traceback.ts knows it); a function so `const` can be re-declared in later cells.
    const wrapped =
      `(${isAsync ? "async " : ""}function (exports, require) {\n` +
      `${js}\n}).call(undefined, globalThis[Symbol.for("gradlab.kernel.cell")].exports, globalThis[Symbol.for("gradlab.kernel.cell")].require)`;
    try {
      await this.interrupter.run(async () => {
        const script = new vm.Script(wrapped, { filename: fileName });
        await script.runInThisContext({ breakOnSigint: true });
      });
    } catch (err) {
      if (err instanceof Interrupted || isSigintBreak(err)) {
        throw new CellError({
          ename: "Interrupt",
          evalue: "the cell was interrupted",
          traceback: ["Interrupt: the cell was interrupted"],
        });
      }
      const content = errorContent(err);
      // The innermost frame in this cell: the line a hint reads.
      const line = cellLine(fileName).exec(content.traceback.join("\n"))?.[1];
      const hint = runtimeHint(err, line === undefined ? undefined : code.split("\n")[Number(line) - 1]);
      if (hint) content.traceback.push(hintLine(hint));
      throw new CellError(content);
    }
  }

  /** complete_request's reply content: the matches, each with its kind and type (kernel/core/completion.ts). */
  complete(code: string, cursor: number) {
    return completeReply(tslabTypeScript(), this.converter, this.prevDecl, code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.converter.inspect(this.prevDecl, code, cursor);
  }

  close(): void {
    this.converter_?.close();
  }
}

const idleCollectionMs = 2000;

/** V8's full garbage collection, without exposing `gc` to the notebook's globals. */
const collectGarbage = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

let exportNames: Set<string> | undefined;

/** The names `import { … } from "gradlab"` offers (loaded only when a hint needs them). */
function gradlabExports(): Set<string> {
  return (exportNames ??= new Set(Object.keys(createRequire(__filename)("../lib") as object)));
}

function cellLine(fileName: string): RegExp {
  return new RegExp(`${fileName.replace(/[[\]]/g, "\\$&")}:(\\d+):\\d+`, "g");
}

function isSigintBreak(err: unknown): boolean {
  return err instanceof Error && (err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
