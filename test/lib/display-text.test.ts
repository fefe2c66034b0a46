// The text a notebook shows: tensors laid out the same with or without "tensor(", durations as people
// write them, and one format for a logged value in the History table, its HTML and the progress lines.
import assert from "node:assert/strict";
import { test } from "node:test";
import { arange, backendInfo, ones } from "../../lib";
import { describeBackend } from "../../lib/backend/registry";
import { formatDuration } from "../../lib/format";
import { progress, type TrainContext } from "../../lib/train/callbacks";
import { History } from "../../lib/train/history";

/** The text of the <pre> in a tensor's HTML view (shown for 3-D and large tensors). */
function preText(html: string): string {
  const pre = /<pre[^>]*>([\s\S]*?)<\/pre>/.exec(html);
  assert.ok(pre, html);
  return pre[1].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

const display = (t: ReturnType<typeof ones>) =>
  t[Symbol.for("Jupyter.display") as never] as () => Record<string, string>;

test("a 3-D tensor's notebook text starts at column 0 and its rows line up under the first", () => {
  const t = arange(0, 8).reshape([2, 2, 2]);
  const bundle = display(t).call(t);
  assert.equal(preText(bundle["text/html"]), "[[[0., 1.],\n  [2., 3.]],\n\n [[4., 5.],\n  [6., 7.]]]");
  assert.ok(
    bundle["text/plain"].startsWith("tensor([[[0., 1.],\n         [2., 3.]],\n\n        [[4., 5.],"),
    bundle["text/plain"],
  );
});

test("a large tensor's notebook text: every row one column right of the opening bracket", () => {
  const t = ones([40, 40]); // over 1000 elements: summarised with "..."
  const lines = preText(display(t).call(t)["text/html"]).split("\n");
  assert.ok(lines[0].startsWith("[[1., 1., 1.,  ..., 1., 1., 1.],"), lines[0]);
  for (const line of lines.slice(1)) assert.match(line, /^ \[|^ \.\.\.,$/, lines.join("\n"));
});

test("durations: seconds never show 60, minutes and hours as people write them", () => {
  assert.equal(formatDuration(0.6), "0.6s");
  assert.equal(formatDuration(42), "42.0s");
  assert.equal(formatDuration(59.97), "1m00s");
  assert.equal(formatDuration(119.6), "2m00s");
  assert.equal(formatDuration(125), "2m05s");
  assert.equal(formatDuration(3725), "1h02m");
});

test("progress lines show the elapsed time and ETA as durations", () => {
  const lines: string[] = [];
  const ctx = { epoch: 1, epochs: 3, logs: { loss: 0.5, lr: 0.001 }, elapsed: 119.6, eta: 239.7 };
  progress({ log: (l) => lines.push(l) }).onEpochEnd?.(ctx as unknown as TrainContext);
  assert.equal(lines[0], "epoch 1/3 · loss 0.5000 · lr 0.001 · 2m00s (ETA 4m00s)");
});

test("History: the time column has its unit in text and HTML, and both format values alike", () => {
  const h = new History();
  h.push({ epoch: 1, loss: 0.41234, lr: 0.001, time: 0.61 });
  h.push({ epoch: 2, loss: 0.3, lr: 0.0005, time: 75 });
  assert.equal(
    h.toString(),
    [
      "History(2 epochs)",
      "epoch    loss      lr   time",
      "    1  0.4123   0.001   0.6s",
      "    2  0.3000  0.0005  1m15s",
    ].join("\n"),
  );
  const cells = [...h.toHTML().matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.deepEqual(cells, ["1", "0.4123", "0.001", "0.6s", "2", "0.3000", "0.0005", "1m15s"]);
});

test("backendInfo().summary says where the heavy ops run in plain words", () => {
  assert.match(
    backendInfo().summary ?? "",
    /^Matrix products and convolutions run as plain TypeScript loops/,
  );
  const cpu = describeBackend({ name: "gpu", mode: "webasm", threads: true, detail: "… on 2 thread(s)" });
  assert.equal(
    cpu,
    "Matrix products and convolutions run on the CPU, with WebAssembly vector (SIMD) instructions, on every core. No usable GPU was found on this machine.",
  );
  assert.equal(
    describeBackend({ name: "gpu", mode: "webgpu" }),
    "Matrix products and convolutions run on the GPU, through WebGPU.",
  );
  // a GPU mode forced where only a software rasterizer draws it does not claim the GPU
  assert.equal(
    describeBackend({ name: "gpu:webgl2", mode: "webgl2", software: true }),
    'Matrix products and convolutions run on the CPU, through WebGL 2 drawn in software: no usable GPU here, and "gpu" would take the WebAssembly SIMD kernel instead, far faster.',
  );
});
