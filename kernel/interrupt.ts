// Interrupting a cell: SIGINT (Jupyter's default) or interrupt_request on the control channel.
// A synchronous loop is broken by vm's breakOnSigint; an awaited promise is abandoned by racing it with
// the interrupt; and timer callbacks (setTimeout/setImmediate/setInterval) scheduled by an interrupted cell
// are dropped, so an async loop that yields between steps — as fit() does — stops instead of running on.
import { AsyncLocalStorage } from "node:async_hooks";

export class Interrupted extends Error {
  override name = "Interrupt";
  constructor() {
    super("the cell was interrupted");
  }
}

interface CellRun {
  interrupted: boolean;
}

type TimerFn = (callback: (...args: unknown[]) => void, ...rest: unknown[]) => unknown;

export class Interrupter {
  private readonly runs = new AsyncLocalStorage<CellRun>();
  private current: CellRun | undefined;
  private reject: ((err: Error) => void) | undefined;

  constructor() {
    this.guardTimers();
  }

  /** Runs a cell so that `interrupt()` rejects it and stops the timers it scheduled. */
  run<T>(cell: () => Promise<T>): Promise<T> {
    const run: CellRun = { interrupted: false };
    this.current = run;
    const interrupted = new Promise<never>((_, reject) => (this.reject = reject));
    interrupted.catch(() => undefined);
    return Promise.race([this.runs.run(run, cell), interrupted]).finally(() => {
      if (this.current === run) this.current = this.reject = undefined;
    });
  }

  interrupt(): void {
    if (!this.current) return;
    this.current.interrupted = true;
    this.reject?.(new Interrupted());
  }

  /** Wraps the global timers so callbacks of an interrupted cell never run. */
  private guardTimers(): void {
    const g = globalThis as unknown as Record<string, TimerFn>;
    for (const name of ["setTimeout", "setImmediate", "setInterval"]) {
      const original = g[name];
      const guarded: TimerFn = (callback, ...rest) => {
        const run = this.runs.getStore();
        if (!run || typeof callback !== "function") return original(callback, ...rest);
        return original(
          function (this: unknown, ...args: unknown[]) {
            if (!run.interrupted) return callback.apply(this, args);
            if (name === "setInterval") clearInterval(this as NodeJS.Timeout);
          },
          ...rest,
        );
      };
      g[name] = Object.assign(guarded, original);
    }
  }
}
