// model.save() writes safetensors files that follow the format's rules (checked here byte by byte) and that
// an independent Python reader understands value for value; model.load() reads a file Python wrote; and a
// model with every kind of layer crosses to its PyTorch twin and back: load_state_dict(strict=True) takes
// our file, we take PyTorch's, and both give the same outputs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { manualSeed, optim, randint, randn, tensor, type Tensor } from "../../../lib";
import * as nn from "../../../lib/nn";
import { assertClose } from "../../helpers/close";
import { python, specOf, type FlatTensor } from "../../helpers/torch";

const dir = mkdtempSync(join(tmpdir(), "gradlab-safetensors-"));
const checker = join(__dirname, "safetensors_check.py");

function py(args: string[], input?: string): string {
  const run = spawnSync(python, [checker, ...args], { input, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return run.stdout;
}

const model = () =>
  new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.BatchNorm2d(2), new nn.Flatten(), new nn.Linear(8, 3));

/** Checks a file's bytes against the format's rules and against the tensors it was written from. */
function checkLayout(bytes: Buffer, tensors: Record<string, Tensor>, metadata: Record<string, string>): void {
  const n = Number(bytes.readBigUInt64LE(0));
  const headerText = bytes.subarray(8, 8 + n).toString("utf8");
  assert.equal(headerText[0], "{", "the header starts with {");
  assert.match(headerText, /^[^]*}\x20*$/, "only spaces pad the header");
  assert.equal((8 + n) % 8, 0, "the data starts 8-byte aligned");
  const header = JSON.parse(headerText) as Record<string, unknown>;
  assert.deepEqual(header.__metadata__, metadata);
  const size = { F32: 4, F64: 8, I32: 4 } as Record<string, number>;
  const entries = Object.entries(header)
    .filter(([name]) => name !== "__metadata__")
    .map(([name, e]) => ({ name, ...(e as { dtype: string; shape: number[]; data_offsets: number[] }) }))
    .sort((x, y) => x.data_offsets[0] - y.data_offsets[0]);
  let end = 0;
  for (const e of entries) {
    const t = tensors[e.name];
    assert.equal(e.dtype, { float32: "F32", float64: "F64", int32: "I32" }[t.dtype as string], e.name);
    assert.deepEqual(e.shape, [...t.shape], e.name);
    assert.equal(e.data_offsets[0], end, `${e.name} starts where the previous tensor ends`);
    assert.equal(e.data_offsets[1] - e.data_offsets[0], t.size * size[e.dtype], `${e.name}'s byte length`);
    const raw = bytes.subarray(8 + n + e.data_offsets[0], 8 + n + e.data_offsets[1]);
    assert.deepEqual(
      Buffer.from(raw),
      Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      e.name,
    );
    end = e.data_offsets[1];
  }
  assert.deepEqual(entries.map((e) => e.name).sort(), Object.keys(tensors).sort());
  assert.equal(8 + n + end, bytes.length, "the file ends where the last tensor does");
}

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
      assert.equal(file.tensors[name].dtype, t.dtype === "int32" ? "I32" : "F32", name);
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
    const back = nn.load(again);
    const state = source.stateDict();
    assert.deepEqual(Object.keys(back).sort(), Object.keys(state).sort());
    for (const [name, t] of Object.entries(state)) {
      assert.equal(back[name].dtype, t.dtype, name);
      assert.deepEqual([...back[name].shape], [...t.shape], name);
      assert.deepEqual(Array.from(back[name].data), Array.from(t.data), name);
    }
  });

  test("the file follows the format: u64 header length, JSON header, 8-byte aligned data, contiguous offsets", () => {
    manualSeed(3);
    const path = join(dir, "layout.safetensors");
    const tensors = {
      b: tensor([1, 2, 3], { dtype: "int32" }),
      a: randn([2, 3]),
      c: tensor([[0.5]], { dtype: "float64" }),
      scalar: tensor(7, { dtype: "int32" }),
    };
    // notes of 0 to 7 characters: at least one header needs padding to keep the data aligned
    for (let k = 0; k < 8; k++) {
      nn.save(path, tensors, { note: "x".repeat(k) });
      checkLayout(readFileSync(path), tensors, { note: "x".repeat(k) });
    }
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

const twin = join(__dirname, "torch_twin.py");

function askTwin(request: object): { out: FlatTensor; state?: Record<string, FlatTensor> } {
  const run = spawnSync(python, [twin], { input: JSON.stringify(request), encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

/** The twins in torch_twin.py: every layer gradlab has with weights or buffers, and the ones without. */
const twins: Record<string, { make: () => nn.Module; input: () => Tensor }> = {
  cnn: {
    make: () =>
      new nn.Sequential(
        new nn.Conv2d(1, 4, 3, { padding: 1 }),
        new nn.BatchNorm2d(4),
        new nn.ReLU(),
        new nn.MaxPool2d(2),
        new nn.Conv2d(4, 4, 3, { padding: 1, bias: false, groups: 2 }),
        new nn.BatchNorm2d(4, { affine: false, momentum: 0.3 }),
        new nn.LeakyReLU(0.1),
        new nn.AvgPool2d(2),
        new nn.Flatten(),
        new nn.Linear(4, 6),
        new nn.BatchNorm1d(6, { eps: 1e-3 }),
        new nn.Tanh(),
        new nn.Dropout(0.5),
        new nn.Linear(6, 3, { bias: false }),
        new nn.Sigmoid(),
      ),
    input: () => randn([5, 1, 4, 4]),
  },
  embedding: {
    make: () =>
      new nn.Sequential(
        new nn.Embedding(10, 4),
        new nn.Flatten(),
        new nn.Linear(12, 2),
        new nn.GELU(),
        new nn.Softmax(-1),
      ),
    input: () => randint(0, 10, [5, 3]),
  },
};

describe("safetensors files cross to PyTorch and back, for every layer", () => {
  for (const [name, { make, input }] of Object.entries(twins)) {
    test(`${name}: PyTorch's twin loads our file with strict=True and gives our outputs`, () => {
      manualSeed(4);
      const m = make();
      // training steps move the weights, the running statistics and num_batches_tracked off their defaults
      const optimizer = new optim.SGD(m.parameters(), { lr: 0.1 });
      for (let step = 0; step < 3; step++) {
        m.train();
        optimizer.zeroGrad();
        m.forward(input()).pow(2).sum().backward();
        optimizer.step();
      }
      const path = join(dir, `ours-${name}.safetensors`);
      m.save(path);
      const x = input();
      const theirs = askTwin({ op: "load", model: name, file: path, input: specOf(x) });
      // PyTorch fills in a missing num_batches_tracked by itself: compare its whole state, key by key
      const ours = m.stateDict();
      assert.deepEqual(Object.keys(theirs.state!).sort(), Object.keys(ours).sort());
      for (const [key, t] of Object.entries(ours))
        assertClose(t, theirs.state![key], key, { rtol: 0, atol: 0 });
      assertClose(m.eval().forward(x), theirs.out, `${name}: PyTorch's output with our weights`, {
        rtol: 1e-4,
        atol: 1e-5,
      });
    });

    test(`${name}: a state_dict PyTorch saved loads here with strict loading and gives its outputs`, () => {
      manualSeed(5);
      const x = input();
      const path = join(dir, `theirs-${name}.safetensors`);
      const steps = [input(), input()].map(specOf);
      const theirs = askTwin({ op: "save", model: name, file: path, input: specOf(x), steps });
      const m = make().load(path); // strict by default: every key of the file, and only those
      assertClose(m.eval().forward(x), theirs.out, `${name}: our output with PyTorch's weights`, {
        rtol: 1e-4,
        atol: 1e-5,
      });
      if (name === "cnn") assert.equal(m.stateDict()["1.num_batches_tracked"].item(), 2);
    });
  }
});
