// Asks PyTorch (the independent numerical oracle) for the values and gradients of many cases at once:
// one Python process per batch, since starting torch costs about a second.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Tensor } from "../../lib/tensor";

export const python = "/usr/bin/python3";

export interface TensorSpec {
  shape: number[];
  data: number[];
  dtype?: "float32" | "float64" | "int32" | "bool";
  requiresGrad?: boolean;
}

export interface TorchCase {
  /** a Python expression over the input names, with `torch` and `F` (torch.nn.functional) in scope */
  expr: string;
  inputs: Record<string, TensorSpec>;
  /**
   * when given and the output requires grad, PyTorch also returns ∂ sum(out · upstream) / ∂ input for
   * inputs that require grad
   */
  upstream?: TensorSpec;
}

export interface FlatTensor {
  shape: number[];
  data: number[];
}

export interface TorchResult {
  out?: FlatTensor;
  /** whether PyTorch's output (the first, for a tuple) requires grad */
  requiresGrad?: boolean;
  grads?: Record<string, FlatTensor | null>;
  /** set when PyTorch raised: "ValueError: …" */
  error?: string;
}

/** The spec PyTorch needs to rebuild `t`. */
export function specOf(t: Tensor): TensorSpec {
  return { shape: [...t.shape], data: Array.from(t.data), dtype: t.dtype, requiresGrad: t.requiresGrad };
}

/** Runs every case in one PyTorch process and returns the results in order. */
export function askTorch(cases: TorchCase[]): TorchResult[] {
  const run = spawnSync(python, [join(__dirname, "torch_oracle.py")], {
    input: toJson({ cases }),
    encoding: "utf8",
    maxBuffer: 1 << 30,
  });
  if (run.status !== 0)
    throw new Error(`PyTorch oracle failed (is python3-torch installed?):\n${run.stderr}`);
  return (fromJson(run.stdout) as { results: TorchResult[] }).results;
}

/** A PyTorch process started ahead of time (importing torch takes a second or two) and not yet used. */
let warm:
  | { child: ChildProcess; stdout: Promise<string>; stderr: string; status: Promise<number | null> }
  | undefined;

/**
 * Starts the oracle's Python process now, so that importing torch overlaps with loading the test file;
 * the next `askTorchAsync` sends its cases to it. Import "./torch-warm" first to call it at load time.
 */
export function warmTorch(): void {
  if (warm) return;
  const child = spawn(python, [join(__dirname, "torch_oracle.py")], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  const started = {
    child,
    stderr: "",
    stdout: Promise.resolve(""),
    status: Promise.resolve<number | null>(0),
  };
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (started.stderr += d.toString()));
  started.status = new Promise((done) => child.on("close", (code) => done(code)));
  started.stdout = started.status.then(() => out);
  holdOpen(child, false); // a test file that never asks must still be able to exit
  warm = started;
}

/** Whether the process and its pipes keep Node running. */
function holdOpen(child: ChildProcess, hold: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as unknown as {
    ref(): void;
    unref(): void;
  }[])
    if (hold) handle.ref();
    else handle.unref();
}

/** askTorch, using the process `warmTorch` started when there is one. */
export async function askTorchAsync(cases: TorchCase[]): Promise<TorchResult[]> {
  if (!warm) return askTorch(cases);
  const { child, stdout, status } = warm;
  const running = warm;
  warm = undefined;
  holdOpen(child, true);
  child.stdin!.end(toJson({ cases }));
  if ((await status) !== 0)
    throw new Error(`PyTorch oracle failed (is python3-torch installed?):\n${running.stderr}`);
  return (fromJson(await stdout) as { results: TorchResult[] }).results;
}

// JSON has no NaN or ±Infinity, but Python's json module reads and writes them as bare NaN, Infinity and
// -Infinity; these two carry them across, so cases can test non-finite values.
const nonFinite = (v: number) => (Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

function toJson(value: unknown): string {
  const marked = JSON.stringify(value, (_, v: unknown) =>
    typeof v === "number" && !Number.isFinite(v) ? `@@${nonFinite(v)}@@` : v,
  );
  return marked.replace(/"@@(NaN|Infinity|-Infinity)@@"/g, "$1");
}

function fromJson(text: string): unknown {
  const marked = text.replace(/([[:,]\s*)(NaN|-?Infinity)(?=\s*[\],}])/g, '$1"@@$2@@"');
  return JSON.parse(marked, (_, v: unknown) =>
    typeof v === "string" && /^@@(NaN|-?Infinity)@@$/.test(v) ? Number(v.slice(2, -2)) : v,
  );
}
