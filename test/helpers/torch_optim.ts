// Asks torch.optim for optimizer trajectories and lr schedules (see torch_optim.py), in one process.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { python } from "./torch";

export interface OptimizerCase {
  /** torch.optim class name, e.g. "Adam" */
  name: string;
  /** keyword arguments in PyTorch's spelling, e.g. { lr: 0.1, weight_decay: 0.01 } */
  kwargs: Record<string, unknown>;
  /** each parameter's initial values (1-D) */
  params: number[][];
  /** per step, one gradient per parameter */
  grads: number[][][];
}

export interface SchedulerCase {
  name: string;
  kwargs: Record<string, unknown>;
  lr: number;
  steps: number;
}

/** Per optimizer case, the parameters after every step; per scheduler case, the lr before and after every step. */
export function askTorchOptim(request: { optimizers?: OptimizerCase[]; schedulers?: SchedulerCase[] }): {
  optimizers: number[][][][];
  schedulers: number[][];
} {
  const run = spawnSync(python, [join(__dirname, "torch_optim.py")], {
    input: JSON.stringify(request),
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`PyTorch optimizer oracle failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}
