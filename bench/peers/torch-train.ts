// PyTorch trains the MNIST models (torch-train.py) on the digits gradlab hands it through a temp folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrainModel } from "../models";
import type { Digits } from "./tfjs-train";

export interface TorchTrainResult {
  torch: string;
  /** samples/s by model and thread count */
  speed: Record<string, Record<string, number>>;
  accuracy: Record<string, number>;
}

export function torchTrain(
  digits: { train: Digits; test: Digits },
  spec: {
    models: TrainModel[];
    steps: Record<string, number>;
    epochs: Record<string, number>;
    threads: number[];
  },
  log: (line: string) => void,
): TorchTrainResult | undefined {
  const dir = mkdtempSync(join(tmpdir(), "gradlab-bench-mnist-"));
  try {
    for (const part of ["train", "test"] as const) {
      writeFileSync(join(dir, `${part}-images.f32`), digits[part].images);
      writeFileSync(join(dir, `${part}-labels.i32`), digits[part].labels);
    }
    const run = spawnSync("/usr/bin/python3", [join(__dirname, "torch-train.py")], {
      input: JSON.stringify({ dir, ...spec }),
      encoding: "utf8",
      timeout: 1_200_000,
    });
    if (run.status !== 0) {
      log(`torch: skipped (${(run.stderr || String(run.error)).trim().split("\n").pop()})`);
      return undefined;
    }
    return JSON.parse(run.stdout) as TorchTrainResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
