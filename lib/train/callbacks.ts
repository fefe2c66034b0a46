// Callbacks: code fit() calls at the edges of batches and epochs. The live dashboard, progress lines,
// early stopping and lr schedules are all callbacks; so is anything you write yourself:
//   await fit(model, data, { ..., callbacks: [{ onEpochEnd: (ctx) => console.log(ctx.logs) }] })
import type { Module } from "../nn/module";
import type { Optimizer } from "../optim/optimizer";
import type { LRScheduler } from "../optim/schedule";
import type { Tensor } from "../tensor";
import { formatDuration } from "../format";
import { formatLog, type EpochLogs, type History } from "./history";

/**
 * What a callback sees. Fields describe the moment it is called at. fit() passes the same object to
 * every hook, updating it as training goes, so read fields when called rather than keeping the object.
 */
export interface TrainContext {
  /** the model being trained */
  model: Module;
  /** the optimizer fit() steps after each batch */
  optimizer: Optimizer;
  /** the epochs completed so far (the object fit() returns at the end) */
  history: History;
  /** 1-based epoch, out of `epochs` */
  epoch: number;
  /** the number of epochs fit() was asked for */
  epochs: number;
  /** 1-based batch within the epoch, out of `batches` */
  batch: number;
  /** the number of batches in one epoch */
  batches: number;
  /** in onBatchEnd: this batch's loss and metrics; in onEpochEnd: the epoch's means and validation results */
  logs: EpochLogs;
  /** the optimizer's current learning rate */
  lr: number;
  /** seconds since training started */
  elapsed: number;
  /** the estimated seconds left, from the mean time per batch so far */
  eta: number;
  /** each parameter's gradient from the last batch, by name ("0.weight"): for gradient histograms */
  gradients(): [string, Tensor][];
  /** the L2 norm of each parameter's gradient from the last batch, by name */
  gradNorms(): Record<string, number>;
  /** asks fit to stop after this batch (early stopping uses it) */
  stop(reason?: string): void;
}

/**
 * Code `fit()` runs at the edges of training, epochs and batches. Every hook is optional and may be
 * async (fit awaits it). All hooks receive the same {@link TrainContext}.
 * @example
 * // print the validation accuracy after every epoch, and stop once it passes 98%
 * const watch: Callback = {
 *   onEpochEnd(ctx) {
 *     console.log(ctx.epoch, ctx.logs.valAccuracy);
 *     if (ctx.logs.valAccuracy > 0.98) ctx.stop("good enough");
 *   },
 * };
 * await fit(model, trainSet, { optimizer, loss: "crossEntropy", metrics: ["accuracy"],
 *   validationData: testSet, callbacks: [watch] });
 */
export interface Callback {
  /** this callback shows training progress (progress(), the dashboard): fit() then adds no display of its own */
  showsProgress?: boolean;
  /** once, before the first epoch */
  onTrainBegin?(ctx: TrainContext): void | Promise<void>;
  /** at the start of each epoch, before its first batch */
  onEpochBegin?(ctx: TrainContext): void | Promise<void>;
  /** after each batch's optimizer step: `ctx.logs` holds that batch's loss and metrics */
  onBatchEnd?(ctx: TrainContext): void | Promise<void>;
  /** after each epoch (and its validation): `ctx.logs` holds the epoch's row of the history */
  onEpochEnd?(ctx: TrainContext): void | Promise<void>;
  /** once, when training ends: finished, stopped early, or interrupted */
  onTrainEnd?(ctx: TrainContext): void | Promise<void>;
}

const formatLogs = (logs: EpochLogs) =>
  Object.entries(logs)
    .filter(([k]) => k !== "epoch" && k !== "time")
    .map(([k, v]) => `${k} ${formatLog(k, v)}`)
    .join(" · ");

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** "epoch": one line per epoch (default); "batch": also a line that updates in place as batches go */
  every?: "epoch" | "batch";
  /** where lines go (default: console.log; in-place batch updates go to stdout with \r) */
  log?: (line: string) => void;
}

/**
 * Progress lines: epoch, loss, metrics, time taken and the estimated time left. Passing it tells fit()
 * not to add its own display (the dashboard in a notebook).
 * @example
 * await fit(model, trainSet, { optimizer, loss: "crossEntropy", epochs: 3, callbacks: [progress()] });
 * // epoch 1/3 · loss 0.4123 · 2.1s (ETA 4.2s)
 */
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

/** Options of {@link earlyStopping}. */
export interface EarlyStoppingOptions {
  /** the logged quantity to watch (default "valLoss") */
  monitor?: string;
  /** epochs without improvement to wait before stopping (default 3) */
  patience?: number;
  /** the least change that counts as an improvement (default 0) */
  minDelta?: number;
  /** "min" for losses, "max" for accuracies; by default "max" if the name contains "acc" */
  mode?: "min" | "max";
  /** put back the weights of the best epoch when stopping (default false) */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs. The monitored name must be
 * logged: "valLoss" needs `validationData` in the fit options.
 * @example
 * await fit(model, trainSet, {
 *   optimizer, loss: "crossEntropy", epochs: 50, validationData: testSet,
 *   callbacks: [earlyStopping({ patience: 5, restoreBestWeights: true })],
 * });
 */
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

/**
 * Steps an lr schedule: after every epoch (default) or every batch.
 * @example
 * const optimizer = new optim.SGD(model, { lr: 0.1 });
 * await fit(model, trainSet, { optimizer, loss: "crossEntropy", epochs: 30,
 *   callbacks: [lrScheduler(new optim.StepLR(optimizer, 10, 0.1))] });
 */
export function lrScheduler(
  scheduler: LRScheduler,
  { every = "epoch" }: { every?: "epoch" | "batch" } = {},
): Callback {
  return every === "batch"
    ? { onBatchEnd: () => void scheduler.step() }
    : { onEpochEnd: () => void scheduler.step() };
}
