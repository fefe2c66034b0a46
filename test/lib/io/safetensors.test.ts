// model.save() writes safetensors that an independent Python reader understands value for value, and
// model.load() reads a file Python wrote.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { manualSeed, tensor } from "../../../lib";
import * as nn from "../../../lib/nn";
import { python } from "../../helpers/torch";

const dir = mkdtempSync(join(tmpdir(), "gradlab-safetensors-"));
const checker = join(__dirname, "safetensors_check.py");

function py(args: string[], input?: string): string {
  const run = spawnSync(python, [checker, ...args], { input, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

const model = () =>
  new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.Flatten(), new nn.Linear(8, 3));

describe("safetensors", () => {
  test("a saved model reads back in Python with the same names, shapes and values", () => {
    manualSeed(1);
    const m = model();
    const path = join(dir, "model.safetensors");
    m.save(path);
    const file = JSON.parse(py(["read", path])) as {
      metadata: Record<string, string>;
      tensors: Record<string, { dtype: string; shape: number[]; data: number[] }>;
    };
    assert.equal(file.metadata.format, "pt");
    const state = m.stateDict();
    assert.deepEqual(Object.keys(file.tensors).sort(), Object.keys(state).sort());
    for (const [name, t] of Object.entries(state)) {
      assert.equal(file.tensors[name].dtype, "F32");
      assert.deepEqual(file.tensors[name].shape, [...t.shape], name);
      assert.deepEqual(file.tensors[name].data, Array.from(t.data), name);
    }
  });

  test("a file Python wrote loads into the model; save → load round-trips", () => {
    manualSeed(2);
    const source = model();
    const tensors = Object.fromEntries(
      Object.entries(source.stateDict()).map(([n, t]) => [
        n,
        { dtype: "F32", shape: [...t.shape], data: Array.from(t.data) },
      ]),
    );
    const path = join(dir, "from-python.safetensors");
    py(["write", path], JSON.stringify(tensors));
    const target = model().load(path);
    for (const [name, t] of Object.entries(target.stateDict()))
      assert.deepEqual(Array.from(t.data), Array.from(source.stateDict()[name].data), name);
    const again = join(dir, "again.safetensors");
    target.save(again);
    assert.deepEqual(Object.keys(nn.load(again)).sort(), Object.keys(source.stateDict()).sort());
  });

  test("other dtypes and a wrong shape", () => {
    const path = join(dir, "mixed.safetensors");
    nn.save(path, { ids: tensor([1, -2, 3], { dtype: "int32" }), x: tensor([[0.5]], { dtype: "float64" }) });
    const back = nn.load(path);
    assert.deepEqual(back.ids.toArray(), [1, -2, 3]);
    assert.equal(back.x.dtype, "float64");
    assert.deepEqual(JSON.parse(py(["read", path])).tensors.ids.data, [1, -2, 3]);
    const small = new nn.Linear(2, 2);
    small.save(join(dir, "small.safetensors"));
    assert.throws(
      () => new nn.Linear(3, 2).load(join(dir, "small.safetensors")),
      /"weight" is \[2,2\] in the file but \[2,3\]/,
    );
  });
});
