// batchNorm and layerNorm against PyTorch: outputs, gradients through the batch statistics, and the
// running statistics updated in place.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rand, randn, tensor } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { batchNorm, layerNorm } from "../../../lib/ops/normalization";
import type { Tensor } from "../../../lib/tensor";
import { type OpCase, leaf, oracleSuite } from "./oracle";

manualSeed(9);
const tolerance = { rtol: 1e-5, atol: 1e-5 };

/** A fresh copy, so each run starts from the same running statistics. */
const copy = (t: Tensor) => tensor(t.data.slice(), { shape: [...t.shape] });

function batchNormCases(name: string, xShape: number[], affine: boolean): OpCase[] {
  const c = xShape[1];
  const inputs = {
    x: leaf(xShape),
    rm: randn([c]),
    rv: rand([c]).add(0.5),
    ...(affine ? { w: leaf([c]), b: leaf([c]) } : {}),
  };
  const wb = affine ? "w, b" : "None, None";
  const run = (i: Record<string, Tensor>, training: boolean, rm = copy(i.rm), rv = copy(i.rv)) =>
    batchNorm(i.x, rm, rv, i.w, i.b, { training, momentum: 0.2, eps: 1e-3 });
  const py = (training: string) =>
    `F.batch_norm(x, rm, rv, ${wb}, training=${training}, momentum=0.2, eps=1e-3)`;
  return [
    {
      name: `batchNorm ${name}, training`,
      torch: py("True"),
      inputs,
      ours: (i) => run(i, true),
      tol: tolerance,
    },
    {
      name: `batchNorm ${name}, evaluation`,
      torch: py("False"),
      inputs,
      ours: (i) => run(i, false),
      tol: tolerance,
    },
    {
      name: `batchNorm ${name}, running mean after a training step`,
      torch: `(${py("True")}, rm)[1]`,
      inputs: { ...inputs, x: inputs.x.detach() },
      ours: (i) => {
        const rm = copy(i.rm);
        run(i, true, rm);
        return rm;
      },
      tol: tolerance,
    },
    {
      name: `batchNorm ${name}, running variance (unbiased) after a training step`,
      torch: `(${py("True")}, rv)[1]`,
      inputs: { ...inputs, x: inputs.x.detach() },
      ours: (i) => {
        const rv = copy(i.rv);
        run(i, true, undefined, rv);
        return rv;
      },
      tol: tolerance,
    },
  ];
}

const cases: OpCase[] = [
  ...batchNormCases("[N, C] with weight and bias", [6, 3], true),
  ...batchNormCases("[N, C, H, W] with weight and bias", [3, 2, 3, 4], true),
  ...batchNormCases("[N, C, H, W] without affine", [2, 3, 2, 2], false),
  {
    name: "batchNorm training without running statistics",
    torch: "F.batch_norm(x, None, None, training=True)",
    inputs: { x: leaf([4, 2, 2]) },
    ours: (i) => batchNorm(i.x, null, null, null, null, { training: true }),
    tol: tolerance,
  },
  {
    name: "layerNorm over the last dim with weight and bias",
    torch: "F.layer_norm(x, (5,), w, b)",
    inputs: { x: leaf([3, 5]), w: leaf([5]), b: leaf([5]) },
    ours: (i) => layerNorm(i.x, [5], i.w, i.b),
    tol: tolerance,
  },
  {
    name: "layerNorm over the last two dims, eps 1e-2",
    torch: "F.layer_norm(x, (3, 4), eps=1e-2)",
    inputs: { x: leaf([2, 3, 4]) },
    ours: (i) => layerNorm(i.x, [3, 4], null, null, { eps: 1e-2 }),
    tol: tolerance,
  },
];

oracleSuite("batchNorm / layerNorm = F.batch_norm / F.layer_norm", cases);

describe("normalisation errors name the op and the shapes", () => {
  test("batchNorm with statistics of the wrong size", () => {
    assert.throws(
      () => batchNorm(randn([4, 3]), randn([4]), rand([4])),
      /batchNorm: runningMean \[4\] should be \[3\], one value per channel of input \[4,3\]/,
    );
  });
  test("batchNorm training on a batch of one", () => {
    assert.throws(
      () => batchNorm(randn([1, 3]), null, null, null, null, { training: true }),
      /more than one value per channel.*\[1,3\]/,
    );
  });
  test("layerNorm with a shape the input does not end with", () => {
    assert.throws(
      () => layerNorm(randn([2, 5]), [4]),
      /layerNorm: input \[2,5\] should end with normalizedShape \[4\]/,
    );
  });
});
