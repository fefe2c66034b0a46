// maxPool2d and avgPool2d (and their gradients) against PyTorch, on every backend.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backward } from "../../../lib/autograd";
import { randn, tensor } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { mul } from "../../../lib/ops/arithmetic";
import { avgPool2d, maxPool2d } from "../../../lib/ops/pool";
import { sum } from "../../../lib/ops/reduce";
import type { Tensor } from "../../../lib/tensor";
import { testBackends } from "../../helpers/backends";
import { type OpCase, leaf, oracleSuite } from "./oracle";

manualSeed(11);

type Pair = number | [number, number];
interface PoolArgs {
  stride?: Pair;
  padding?: Pair;
  countIncludePad?: boolean;
}

const py = (v: unknown) => (Array.isArray(v) ? `(${v.join(", ")})` : v === false ? "False" : String(v));
const kwargs = (options: object) =>
  Object.entries(options)
    .map(([k, v]) => `, ${k === "countIncludePad" ? "count_include_pad" : k}=${py(v)}`)
    .join("");

function pool(kind: "max" | "avg", name: string, x: Tensor, kernel: Pair, options: PoolArgs = {}): OpCase {
  const op = kind === "max" ? maxPool2d : avgPool2d;
  return {
    name: `${kind}: ${name}`,
    torch: `F.${kind}_pool2d(x, ${py(kernel)}${kwargs(options)})`,
    inputs: { x },
    ours: (i) => op(i.x, kernel, options),
  };
}

/** The pooling's backward taken with createGraph, then differentiated w.r.t. the upstream u. */
function doubleBackward(
  kind: "max" | "avg",
  kernel: number,
  options: PoolArgs,
  dtype: "float32" | "float64" = "float64",
): OpCase {
  const op = kind === "max" ? maxPool2d : avgPool2d;
  const x = leaf([2, 2, 5, 5], { dtype });
  const u = randn([...op(x, kernel, options).shape], { dtype, requiresGrad: true });
  return {
    name: `${kind}: double backward, ${dtype}`,
    torch: `torch.autograd.grad((F.${kind}_pool2d(x, ${kernel}${kwargs(options)}) * u).sum(), x, create_graph=True)[0]`,
    inputs: { x, u },
    ours: (i) => {
      backward(sum(mul(op(i.x, kernel, options), i.u)), undefined, { createGraph: true });
      const g = i.x.grad!;
      i.x.grad = i.u.grad = null;
      return g;
    },
  };
}

// Small integers make ties: the first largest value in a window wins, as in PyTorch.
const ties = tensor(
  Array.from({ length: 2 * 1 * 4 * 4 }, (_, i) => (i * 7) % 3),
  { shape: [2, 1, 4, 4], requiresGrad: true },
);

const cases: OpCase[] = [
  pool("max", "2×2, stride = kernel", leaf([2, 3, 6, 6]), 2),
  pool("max", "odd input size drops the last row", leaf([1, 2, 5, 7]), 2),
  pool("max", "3×3 stride 2 padding 1 (ResNet stem)", leaf([2, 2, 7, 7]), 3, { stride: 2, padding: 1 }),
  pool("max", "overlapping windows, stride 1", leaf([1, 2, 4, 5]), 2, { stride: 1 }),
  pool("max", "2×3 kernel, stride [1,2], padding [1,1]", leaf([2, 1, 5, 6]), [2, 3], {
    stride: [1, 2],
    padding: [1, 1],
  }),
  pool("max", "ties", ties, 2, { stride: 1 }),
  pool("max", "unbatched [C, H, W]", leaf([2, 4, 4]), 2),
  // the gpu backend's WebAssembly max-pool: ±∞, an all −∞ window, ±0; long enough for its threads
  pool(
    "max",
    "±∞ and ±0 in windows",
    tensor(
      [-1, 1, -Infinity, 2, 3, 0, Infinity, -1, 5, 4, -Infinity, -Infinity, 0, -0, -Infinity, -Infinity],
      {
        shape: [1, 1, 4, 4],
        requiresGrad: true,
      },
    ),
    2,
  ),
  pool("max", "on threads, odd channels [3,37,26,26]", leaf([3, 37, 26, 26]), 2),
  pool("max", "float64", leaf([1, 2, 5, 5], { dtype: "float64" }), 3, { stride: 2, padding: 1 }),
  pool("avg", "2×2, stride = kernel", leaf([2, 3, 6, 6]), 2),
  pool("avg", "3×3 stride 2 padding 1 (padding counted)", leaf([2, 2, 7, 7]), 3, { stride: 2, padding: 1 }),
  pool("avg", "padding not counted", leaf([2, 2, 7, 7]), 3, {
    stride: 2,
    padding: 1,
    countIncludePad: false,
  }),
  pool("avg", "2×3 kernel, stride [2,1], padding [1,1]", leaf([1, 2, 6, 5]), [2, 3], {
    stride: [2, 1],
    padding: [1, 1],
  }),
  pool("avg", "unbatched [C, H, W]", leaf([2, 4, 4]), 2),
  pool("avg", "float64", leaf([1, 2, 5, 5], { dtype: "float64" }), 3, { stride: 1, padding: 1 }),
  doubleBackward("max", 2, { stride: 1 }),
  doubleBackward("avg", 3, { stride: 2, padding: 1 }),
  // float32, so that on a gpu backend the gradients' gradients run on its kernels too
  doubleBackward("max", 2, { stride: 1 }, "float32"),
  doubleBackward("avg", 3, { stride: 2, padding: 1 }, "float32"),
];

oracleSuite(
  "maxPool2d / avgPool2d = F.max_pool2d / F.avg_pool2d, and their gradients",
  cases,
  testBackends(),
);

describe("pooling errors name the op and the shapes", () => {
  test("input of the wrong rank", () => {
    assert.throws(() => maxPool2d(randn([8, 784]), 2), /maxPool2d: input \[8,784\] should be \[N, C, H, W\]/);
  });
  test("padding over half the kernel", () => {
    assert.throws(
      () => avgPool2d(randn([1, 1, 6, 6]), 2, { padding: 2 }),
      /avgPool2d: padding \[2,2\] should be at most half the kernel size \[2,2\]/,
    );
  });
  test("kernel larger than the input", () => {
    assert.throws(
      () => maxPool2d(randn([1, 1, 2, 2]), 3),
      /maxPool2d: input \[1,1,2,2\] .* is smaller than the kernel \[3,3\]/,
    );
  });
});
