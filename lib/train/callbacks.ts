// Callbacks: code fit() calls at the edges of batches and epochs. The live dashboard, progress lines,
// early stopping and lr schedules are all callbacks; so is anything you write yourself:
//   await fit(model, data, { ..., callbacks: [{ onEpochEnd: (ctx) => console.log(ctx.logs) }] })
import type { Module } from "../nn/module";
import type { Optimizer } from "../optim/optimizer";
import type { LRScheduler } from "../optim/schedule";
import type { Tensor } from "../tensor";
import { formatDuration } from "../format";
import { formatLog, type EpochLogs, type History } from "./history";

/** What a callback sees. Fields describe the moment it is called at. */
export interface TrainContext {
  model: Module;
  optimizer: Optimizer;
  history: History;
  /** 1-based epoch, out of `epochs` */
  epoch: number;
  epochs: number;
  /** 1-based batch within the epoch, out of `batches` */
  batch: number;
  batches: number;
  /** in onBatchEnd: this batch's loss and metrics; in onEpochEnd: the epoch's means and validation results */
  logs: EpochLogs;
  lr: number;
  /** seconds since training started, and the estimated seconds left */
  elapsed: number;
  eta: number;
  /** each parameter's gradient from the last batch, by name ("0.weight"): for gradient histograms */
  gradients(): [string, Tensor][];
  /** the L2 norm of each parameter's gradient from the last batch, by name */
  gradNorms(): Record<string, number>;
  /** asks fit to stop after this batch (early stopping uses it) */
  stop(reason?: string): void;
}

export interface Callback {
  /** this callback shows training progress (progress(), the dashboard): fit() then adds no display of its own */
  showsProgress?: boolean;
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  onEpochBegin?(ctx: TrainContext): void | Promise<void>;
  onBatchEnd?(ctx: TrainContext): void | Promise<void>;
  onEpochEnd?(ctx: TrainContext): void | Promise<void>;
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
}

const formatLogs = (logs: EpochLogs) =>
  Object.entries(logs)
    .filter(([k]) => k !== "epoch" && k !== "time")
    .map(([k, v]) => `${k} ${formatLog(k, v)}`)
    .join(" · ");

export interface ProgressOptions {
  /** "epoch": one line per epoch (default); "batch": also a line that updates in place as batches go */
  every?: "epoch" | "batch";
  /** where lines go (default: console.log; in-place batch updates go to stdout with \r) */
  log?: (line: string) => void;
}

/** Progress lines: epoch, loss, metrics, time taken and the estimated time left. */
export function progress({ every = "epoch", log = console.log }: ProgressOptions = {}): Callback {
  let lastDraw = 0;
  return {
    showsProgress: true,
    onBatchEnd(ctx) {
      if (every !== "batch" || Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      process.stdout.write(
        `\repoch ${ctx.epoch}/${ctx.epochs} · batch ${ctx.batch}/${ctx.batches} · loss ${ctx.logs.loss.toFixed(4)} · ETA ${formatDuration(ctx.eta)}   `,
      );
    },
    onEpochEnd(ctx) {
      if (every === "batch") process.stdout.write("\r");
      log(
        `epoch ${ctx.epoch}/${ctx.epochs} · ${formatLogs(ctx.logs)} · ${formatDuration(ctx.elapsed)} (ETA ${formatDuration(ctx.eta)})`,
      );
    },
  };
}

export interface EarlyStoppingOptions {
  /** the logged quantity to watch (default "valLoss") */
  monitor?: string;
  /** epochs without improvement to wait before stopping */
  patience?: number;
  /** the least change that counts as an improvement */
  minDelta?: number;
  /** "min" for losses, "max" for accuracies; by default "max" if the name contains "acc" */
  mode?: "min" | "max";
  /** put back the weights of the best epoch when stopping */
  restoreBestWeights?: boolean;
}

/** Stops training when `monitor` has not improved for `patience` epochs. */
export function earlyStopping({
  monitor = "valLoss",
  patience = 3,
  minDelta = 0,
  mode = /acc/i.test(monitor) ? "max" : "min",
  restoreBestWeights = false,
}: EarlyStoppingOptions = {}): Callback {
  let best = Infinity;
  let waited = 0;
  let bestWeights: Record<string, Float32Array | Float64Array | Int32Array | Uint8Array> | undefined;
  const sign = mode === "min" ? 1 : -1;
  return {
    onTrainBegin() {
      [best, waited, bestWeights] = [Infinity, 0, undefined];
    },
    onEpochEnd(ctx) {
      const value = ctx.logs[monitor];
      if (value === undefined)
        throw new Error(
          `earlyStopping: "${monitor}" is not logged; logged: ${Object.keys(ctx.logs).join(", ")}`,
        );
      if (sign * value < best - minDelta) {
        [best, waited] = [sign * value, 0];
        if (restoreBestWeights)
          bestWeights = Object.fromEntries(
            Object.entries(ctx.model.stateDict()).map(([k, t]) => [k, t.data.slice()]),
          );
        return;
      }
      if (++waited < patience) return;
      if (bestWeights) for (const [k, t] of Object.entries(ctx.model.stateDict())) t.data.set(bestWeights[k]);
      ctx.stop(
        `early stopping: ${monitor} did not improve for ${patience} epochs (best ${(sign * best).toFixed(4)})`,
      );
    },
  };
}

/** Steps an lr schedule: after every epoch (default) or every batch. */
export function lrScheduler(
  scheduler: LRScheduler,
  { every = "epoch" }: { every?: "epoch" | "batch" } = {},
): Callback {
  return every === "batch"
    ? { onBatchEnd: () => void scheduler.step() }
    : { onEpochEnd: () => void scheduler.step() };
}
