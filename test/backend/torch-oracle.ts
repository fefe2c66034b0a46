// Runs every oracle case through PyTorch in one /usr/bin/python3 process (apt's python3-torch).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const systemPython = "/usr/bin/python3";

/** Sends `cases` (plain JSON: typed arrays become lists) and returns PyTorch's answer for each, in order. */
export function askTorch<T>(cases: object[]): { torch: string; results: T[] } {
  const dir = mkdtempSync(join(tmpdir(), "gradlab-oracle-"));
  try {
    const input = join(dir, "cases.json");
    const output = join(dir, "results.json");
    const plain = (_key: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : v);
    writeFileSync(input, JSON.stringify(cases, plain));
    execFileSync(systemPython, [join(__dirname, "oracle.py"), input, output], { stdio: "inherit" });
    return JSON.parse(readFileSync(output, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
