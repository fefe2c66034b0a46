// PyTorch through apt's /usr/bin/python3 (python3-torch): one subprocess per suite, all its cases.
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const python = "/usr/bin/python3";

export interface TorchTimes {
  threads: number;
  torch: string;
  results: Record<string, number>;
}

/**
 * Median ms per case name on `threads` threads, or undefined (and a log line) when PyTorch is not
 * installed. The suites ask twice: with gradlab's thread count (the `torch` rows) and with one (`torch-1t`).
 */
export function torchTimes(spec: object, log: (line: string) => void, threads = 1): TorchTimes | undefined {
  const run = spawnSync(python, [join(__dirname, "torch_bench.py")], {
    input: JSON.stringify({ ...spec, threads }),
    encoding: "utf8",
    timeout: 600_000,
  });
  if (run.status !== 0) {
    log(
      `torch: skipped (${python} with torch not usable: ${(run.stderr || String(run.error)).trim().split("\n").pop()})`,
    );
    return undefined;
  }
  const times = JSON.parse(run.stdout) as TorchTimes;
  log(`torch ${times.torch}: ${times.threads} thread(s)`);
  return times;
}
