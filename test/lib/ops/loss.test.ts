// Losses against PyTorch: every reduction, label smoothing, class weights, ignored targets, soft targets.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { rand, randint, randn, tensor } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { softmax } from "../../../lib/ops/activation";
import { mul } from "../../../lib/ops/arithmetic";
import {
  type Reduction,
  bceWithLogits,
  binaryCrossEntropy,
  crossEntropy,
  mseLoss,
  nllLoss,
} from "../../../lib/ops/loss";
import { logSoftmax } from "../../../lib/ops/activation";
import type { Tensor } from "../../../lib/tensor";
import { type OpCase, leaf, oracleSuite } from "./oracle";

manualSeed(3);

const reductions: Reduction[] = ["mean", "sum", "none"];
const probabilities = (shape: number[]) => rand(shape).mul(0.98).add(0.01).requiresGrad_();
const targets = (n: number[], classes: number) => randint(0, classes, n);

const logits = leaf([5, 4]);
const y = targets([5], 4);
const classWeight = rand([4]).add(0.5);
const withIgnored = tensor([1, -100, 3, 0, -100], { dtype: "int32" });
const spatialLogits = leaf([2, 3, 2, 2]);
const spatialTargets = targets([2, 2, 2], 3);
const soft = softmax(randn([5, 4]));

const cases: OpCase[] = [
  ...reductions.map((r) => ({
    name: `crossEntropy, reduction ${r}`,
    torch: `F.cross_entropy(x, t, reduction="${r}")`,
    inputs: { x: logits, t: y },
    ours: (i: Record<string, Tensor>) => crossEntropy(i.x, i.t, { reduction: r }),
  })),
  ...reductions.map((r) => ({
    name: `crossEntropy, label smoothing 0.1, reduction ${r}`,
    torch: `F.cross_entropy(x, t, reduction="${r}", label_smoothing=0.1)`,
    inputs: { x: logits, t: y },
    ours: (i: Record<string, Tensor>) => crossEntropy(i.x, i.t, { reduction: r, labelSmoothing: 0.1 }),
  })),
  ...reductions.map((r) => ({
    name: `crossEntropy, class weights, label smoothing 0.2, ignored targets, reduction ${r}`,
    torch: `F.cross_entropy(x, t, weight=w, reduction="${r}", label_smoothing=0.2)`,
    inputs: { x: logits, t: withIgnored, w: classWeight },
    ours: (i: Record<string, Tensor>) =>
      crossEntropy(i.x, i.t, { weight: i.w, reduction: r, labelSmoothing: 0.2 }),
  })),
  {
    name: "crossEntropy, class weights",
    torch: `F.cross_entropy(x, t, weight=w)`,
    inputs: { x: logits, t: y, w: classWeight },
    ours: (i) => crossEntropy(i.x, i.t, { weight: i.w }),
  },
  {
    name: "crossEntropy, ignoreIndex 2",
    torch: `F.cross_entropy(x, t, ignore_index=2)`,
    inputs: { x: logits, t: tensor([2, 0, 2, 1, 3], { dtype: "int32" }) },
    ours: (i) => crossEntropy(i.x, i.t, { ignoreIndex: 2 }),
  },
  {
    name: "crossEntropy over [N, C, H, W] (per pixel), smoothing",
    torch: `F.cross_entropy(x, t, label_smoothing=0.1)`,
    inputs: { x: spatialLogits, t: spatialTargets },
    ours: (i) => crossEntropy(i.x, i.t, { labelSmoothing: 0.1 }),
  },
  {
    name: "crossEntropy of one unbatched [C] row",
    torch: `F.cross_entropy(x, t)`,
    inputs: { x: leaf([6]), t: tensor(4, { dtype: "int32" }) },
    ours: (i) => crossEntropy(i.x, i.t),
  },
  {
    name: "crossEntropy, large logits stay finite",
    torch: `F.cross_entropy(x, t)`,
    inputs: { x: mul(randn([3, 4]), 200).requiresGrad_(), t: targets([3], 4) },
    ours: (i) => crossEntropy(i.x, i.t),
  },
  ...reductions.map((r) => ({
    name: `crossEntropy with probability targets, smoothing 0.1, reduction ${r}`,
    torch: `F.cross_entropy(x, p, reduction="${r}", label_smoothing=0.1)`,
    inputs: { x: logits, p: soft },
    ours: (i: Record<string, Tensor>) => crossEntropy(i.x, i.p, { reduction: r, labelSmoothing: 0.1 }),
  })),
  {
    name: "crossEntropy with probability targets and class weights",
    torch: `F.cross_entropy(x, p, weight=w)`,
    inputs: { x: logits, p: soft, w: classWeight },
    ours: (i) => crossEntropy(i.x, i.p, { weight: i.w }),
  },
  ...reductions.map((r) => ({
    name: `nllLoss, class weights, reduction ${r}`,
    torch: `F.nll_loss(torch.log_softmax(x, 1), t, weight=w, reduction="${r}")`,
    inputs: { x: logits, t: withIgnored, w: classWeight },
    ours: (i: Record<string, Tensor>) => nllLoss(logSoftmax(i.x, 1), i.t, { weight: i.w, reduction: r }),
  })),
  ...reductions.map((r) => ({
    name: `mseLoss, reduction ${r}`,
    torch: `F.mse_loss(a, b, reduction="${r}")`,
    inputs: { a: leaf([3, 4]), b: leaf([3, 4]) },
    ours: (i: Record<string, Tensor>) => mseLoss(i.a, i.b, { reduction: r }),
  })),
  ...reductions.map((r) => ({
    name: `binaryCrossEntropy, reduction ${r}`,
    torch: `F.binary_cross_entropy(p, t, reduction="${r}")`,
    inputs: { p: probabilities([4, 3]), t: probabilities([4, 3]) },
    ours: (i: Record<string, Tensor>) => binaryCrossEntropy(i.p, i.t, { reduction: r }),
  })),
  {
    name: "binaryCrossEntropy with weights and p at exactly 0 and 1 (logs clamped at −100)",
    torch: `F.binary_cross_entropy(p, t, weight=w)`,
    inputs: { p: tensor([0, 1, 0.3, 0.9]), t: tensor([1, 0, 1, 0]), w: rand([4]) },
    ours: (i) => binaryCrossEntropy(i.p, i.t, { weight: i.w }),
  },
  ...reductions.map((r) => ({
    name: `bceWithLogits, reduction ${r}`,
    torch: `F.binary_cross_entropy_with_logits(x, t, reduction="${r}")`,
    inputs: { x: leaf([4, 3]), t: probabilities([4, 3]) },
    ours: (i: Record<string, Tensor>) => bceWithLogits(i.x, i.t, { reduction: r }),
  })),
  {
    name: "bceWithLogits with weight and posWeight",
    torch: `F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw)`,
    inputs: { x: leaf([4, 3]), t: probabilities([4, 3]), w: rand([4, 1]), pw: rand([3]).add(0.5) },
    ours: (i) => bceWithLogits(i.x, i.t, { weight: i.w, posWeight: i.pw }),
  },
  {
    name: "bceWithLogits is stable at ±100",
    torch: `F.binary_cross_entropy_with_logits(x, t, reduction="none")`,
    inputs: { x: tensor([-100, 100, -30, 30], { requiresGrad: true }), t: tensor([1, 0, 0, 1]) },
    ours: (i) => bceWithLogits(i.x, i.t, { reduction: "none" }),
  },
];

oracleSuite("losses = torch.nn.functional's", cases);

describe("loss errors name the op, both shapes and a fix", () => {
  test("crossEntropy with [N, 1] targets", () => {
    assert.throws(
      () => crossEntropy(randn([64, 10]), randint(0, 10, [64, 1])),
      /crossEntropy: targets \[64,1\] should be \[64\]: one class index per row of input \[64,10\].*targets.squeeze\(1\)/,
    );
  });
  test("crossEntropy with float targets of the wrong shape", () => {
    assert.throws(
      () => crossEntropy(randn([4, 3]), randn([4])),
      /crossEntropy: float targets .* must match logits \[4,3\], got \[4\] — for class indices pass an int32 tensor/,
    );
  });
  test("crossEntropy with a class out of range", () => {
    assert.throws(
      () => crossEntropy(randn([2, 3]), tensor([0, 3], { dtype: "int32" })),
      /crossEntropy: targets \[2\]: class 3 is out of range for 3 classes/,
    );
  });
  test("mseLoss refuses to broadcast [N, 1] against [N]", () => {
    assert.throws(
      () => mseLoss(randn([8, 1]), randn([8])),
      /mseLoss: input \[8,1\] and target \[8\] must have the same shape .*input.squeeze\(-1\)/,
    );
  });
  test("binaryCrossEntropy of logits points to bceWithLogits", () => {
    assert.throws(() => binaryCrossEntropy(randn([4]).mul(5), rand([4])), /bceWithLogits/);
  });
});
