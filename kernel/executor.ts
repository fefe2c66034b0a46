// Runs cells: tslab's converter checks and transpiles them against earlier cells' declarations,
// then the JavaScript runs in this Node context, sharing one `exports` object of notebook variables.
import vm from "node:vm";
import { createConverter, takeCellMaps, type Converter } from "./converter";
import { Interrupted, type Interrupter } from "./interrupt";
import { SideModules } from "./modules";
import {
  cellFileName,
  diagnosticsContent,
  errorContent,
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

/** Notebook variables: later cells see earlier ones as `exports.x`, and re-declaring one replaces it. */
function createLocals(): Record<string, unknown> {
  const locals: Record<string, unknown> = {};
  return new Proxy(locals, {
    // TypeScript defines named imports with defineProperty (getters); store values so they stay rewritable.
    defineProperty(_target, prop, attrs) {
      if (prop !== "__esModule") locals[prop as string] = attrs.get ? attrs.get() : attrs.value;
      return true;
    },
  });
}

const cellArgs = Symbol.for("gradlab.kernel.cell");

export class Executor {
  private prevDecl = "";
  private readonly locals = createLocals();
  private readonly sideModules = new SideModules();
  private converter_: Converter | undefined;

  constructor(
    private readonly interrupter: Interrupter,
    private readonly dir = process.cwd(),
  ) {
    mapCellFramesInStacks();
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
    const fileName = cellFileName(count);
    const converted = this.converter.convert(this.prevDecl, code);
    const maps = takeCellMaps();
    this.sideModules.update(converted.sideOutputs);
    if (converted.diagnostics.length > 0)
      throw new CellError(diagnosticsContent(fileName, converted.diagnostics));
    if (converted.output) {
      rememberCell(fileName, maps);
      await this.run(converted.output, fileName, converted.hasToplevelAwait ?? false);
    }
    this.prevDecl = converted.declOutput ?? "";
    const name = converted.lastExpressionVar;
    if (!name || !(name in this.locals)) return { hasValue: false };
    const value = this.locals[name];
    delete this.locals[name];
    return { hasValue: value !== undefined, value };
  }

  private async run(js: string, fileName: string, isAsync: boolean): Promise<void> {
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
      throw new CellError(errorContent(err));
    }
  }

  complete(code: string, cursor: number): { start: number; end: number; candidates: string[] } {
    return this.converter.complete(this.prevDecl, code, cursor);
  }

  inspect(code: string, cursor: number) {
    return this.converter.inspect(this.prevDecl, code, cursor);
  }

  close(): void {
    this.converter_?.close();
  }
}

function isSigintBreak(err: unknown): boolean {
  return err instanceof Error && (err as { code?: string }).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}
