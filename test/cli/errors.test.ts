// Bad input on the command line: one sentence naming the file or flag and what to do, and an exit status
// per kind (cli/errors.ts), answered before any Jupyter server starts.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { exitStatus } from "../../cli/errors";
import { gradlab } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "gradlab-bad-"));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const notebook = (metadata: object) =>
  JSON.stringify({ cells: [], metadata, nbformat: 4, nbformat_minor: 5 });

const cases: [string, string[], number, RegExp][] = [
  [
    "a missing file",
    ["run", join(dir, "nope.ipynb")],
    exitStatus.missingFile,
    /nope\.ipynb does not exist: check the path/,
  ],
  [
    "a file that is not JSON",
    ["run", file("text.ipynb", "hello")],
    exitStatus.notANotebook,
    /text\.ipynb is not a notebook \(it is not JSON\)/,
  ],
  [
    "JSON that is not a notebook",
    ["run", file("data.json", '{"a": 1}')],
    exitStatus.notANotebook,
    /data\.json is JSON but not a notebook/,
  ],
  [
    "a notebook for another kernel",
    ["run", file("py.ipynb", notebook({ kernelspec: { name: "python3", language: "python" } }))],
    exitStatus.otherKernel,
    /py\.ipynb is a notebook for the "python3" kernel \(python\), not gradlab's TypeScript: run it with that kernel/,
  ],
  [
    "an output folder that does not exist",
    ["run", file("ok.ipynb", notebook({})), "--out", join(dir, "missing", "out.ipynb")],
    exitStatus.unwritable,
    /cannot write .*out\.ipynb: the folder .*missing does not exist; pass --out a file in a folder you can write to/,
  ],
  [
    "an install prefix under a file",
    ["install", "--prefix", join(file("plain-file", ""), "prefix")],
    exitStatus.unwritable,
    /cannot write the kernelspec under .*plain-file[/\\]prefix \(.*\): pass --user, or --prefix with a folder you can write to/,
  ],
  [
    "a working folder under a file",
    ["start", "--no-install", "--dir", join(dir, "plain-file", "notebooks")],
    exitStatus.unwritable,
    /cannot write the tutorials to .*plain-file[/\\]notebooks \(.*\): pass --dir with a folder you can write to/,
  ],
  [
    "an unknown flag",
    ["run", "--frobnicate"],
    exitStatus.usage,
    /^gradlab run: unknown option --frobnicate; `gradlab run --help` lists its options\.$/,
  ],
  [
    "a flag without its value",
    ["run", "x.ipynb", "--out"],
    exitStatus.usage,
    /^gradlab run: --out needs a value/,
  ],
  [
    "an argument a command does not take",
    ["start", "notebooks"],
    exitStatus.usage,
    /^gradlab start: unexpected argument "notebooks"/,
  ],
  [
    "a port that is not a number",
    ["start", "--port", "eighty"],
    exitStatus.usage,
    /--port eighty is not a port number/,
  ],
  ["no notebook at all", ["run"], exitStatus.usage, /name at least one notebook/],
];

for (const [what, args, status, message] of cases) {
  test(`bad input, ${what}: one sentence and exit status ${status}`, () => {
    const out = gradlab(args);
    const lines = out.stderr.trim().split("\n");
    assert.equal(lines.length, 1, out.stderr);
    assert.match(lines[0], message);
    assert.ok(
      !/Cannot read properties|Unexpected token|ENOENT|ENOTDIR|at .*\.js:\d+/.test(out.stderr),
      out.stderr,
    );
    assert.equal(out.status, status, out.stderr);
  });
}
