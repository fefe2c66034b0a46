// Reductions against PyTorch: one dim, several, all, keepDim, ties, and the stable logSumExp.
import "../../helpers/torch-warm";
import {
  argmax,
  argmin,
  logSumExp,
  manualSeed,
  max,
  mean,
  min,
  std,
  sum,
  variance,
  type Tensor,
} from "../../../lib/index";
import type { Dims, ReduceOptions } from "../../../lib/ops/reduce";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(6);

/** our dims → PyTorch's dim argument */
const py = (dim: Dims | undefined) =>
  dim === undefined ? "" : typeof dim === "number" ? `${dim}` : `(${dim.join(", ")},)`;

type Reduction = (x: Tensor, dim?: Dims, options?: ReduceOptions) => Tensor;
const reductions: [string, Reduction, (dim: string, keep: string) => string][] = [
  ["sum", sum, (d, k) => (d ? `x.sum(${d}${k})` : "x.sum()")],
  ["mean", mean, (d, k) => (d ? `x.mean(${d}${k})` : "x.mean()")],
  ["max", max, (d, k) => (d ? `torch.amax(x, ${d}${k})` : "torch.amax(x)")],
  ["min", min, (d, k) => (d ? `torch.amin(x, ${d}${k})` : "torch.amin(x)")],
  ["var", variance, (d, k) => (d ? `x.var(${d}${k})` : "x.var()")],
  ["std", std, (d, k) => (d ? `x.std(${d}${k})` : "x.std()")],
  ["logSumExp", logSumExp, (d, k) => `torch.logsumexp(x, ${d || "(0, 1, 2)"}${k})`],
];
const dims: (Dims | undefined)[] = [undefined, 0, -1, [0, 2], 1];

const cases: OpCase[] = [];
for (const [op, f, expr] of reductions) {
  for (const dim of dims) {
    for (const keepDim of [false, true]) {
      if (dim === undefined && keepDim) continue;
      cases.push({
        name: `${op} [2,3,4] dim=${JSON.stringify(dim)}${keepDim ? " keepDim" : ""}`,
        inputs: { x: leaf([2, 3, 4]) },
        ours: ({ x }) => f(x, dim, { keepDim }),
        torch: expr(py(dim), keepDim ? ", keepdim=True" : ""),
        tol: { rtol: 2e-5, atol: 2e-6 },
      });
    }
  }
}

/** Values on a grid of halves, so that maxima tie. */
const ties = constant([1, 0.5, 1, -1, 1, 0.5, 0, 0, -2, 0.5, 0.5, 0.5], [3, 4]).requiresGrad_();

cases.push(
  { name: "sum of 0-d", inputs: { x: leaf([]) }, ours: ({ x }) => sum(x), torch: "x.sum()" },
  {
    name: "sum of an empty tensor is 0",
    inputs: { x: leaf([0, 3]) },
    ours: ({ x }) => sum(x, 0),
    torch: "x.sum(0)",
  },
  {
    name: "mean of [4,0] over dim 1 is nan",
    inputs: { x: leaf([4, 0]) },
    ours: ({ x }) => mean(x, 1),
    torch: "x.mean(1)",
  },
  {
    name: "sum of int32 stays int",
    inputs: { i: constant([1, 2, 3, 4], [2, 2], "int32") },
    ours: ({ i }) => sum(i, 1),
    torch: "i.sum(1)",
  },
  {
    name: "sum of bool counts",
    inputs: { m: constant([1, 0, 1, 1], [4], "bool") },
    ours: ({ m }) => sum(m),
    torch: "m.sum()",
  },
  {
    name: "max with ties shares the gradient",
    inputs: { x: ties },
    ours: ({ x }) => max(x, 1),
    torch: "torch.amax(x, 1)",
  },
  { name: "min of all with ties", inputs: { x: ties }, ours: ({ x }) => min(x), torch: "torch.amin(x)" },
  {
    name: "var with correction 0",
    inputs: { x: leaf([3, 5]) },
    ours: ({ x }) => variance(x, 1, { correction: 0 }),
    torch: "x.var(1, unbiased=False)",
  },
  {
    name: "std with correction 0, keepDim",
    inputs: { x: leaf([3, 5]) },
    ours: ({ x }) => std(x, 0, { correction: 0, keepDim: true }),
    torch: "x.std(0, unbiased=False, keepdim=True)",
  },
  {
    name: "logSumExp of large values does not overflow",
    inputs: { x: constant([1000, 1001, 1002, -1000, -1001, -1002], [2, 3]).requiresGrad_() },
    ours: ({ x }) => logSumExp(x, 1),
    torch: "torch.logsumexp(x, 1)",
    // PyTorch's backward is exp(x − lse) with lse ≈ 1002 rounded to float32 (spacing 6e-5): it is the
    // less accurate side here, so this case allows 1e-4 relative
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  {
    name: "logSumExp of a −inf row is −inf",
    inputs: { x: constant([-Infinity, -Infinity, 0, 1], [2, 2]) },
    ours: ({ x }) => logSumExp(x, 1),
    torch: "torch.logsumexp(x, 1)",
  },
  {
    name: "sum of a transposed tensor over dim 0",
    inputs: { x: leaf([3, 4]) },
    ours: ({ x }) => x.T.sum(0),
    torch: "x.T.sum(0)",
  },
  {
    name: "mean method with several dims",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.mean([-1, 0]),
    torch: "x.mean((-1, 0))",
  },
  {
    name: "sumTo [2,3,4] → [3,1]",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.sumTo([3, 1]),
    torch: "x.sum((0, 2)).reshape(3, 1)",
  },
);

for (const [op, f, fn] of [
  ["argmax", argmax, "argmax"],
  ["argmin", argmin, "argmin"],
] as const) {
  cases.push(
    {
      name: `${op} of all`,
      inputs: { x: leaf([3, 4]).detach() },
      ours: ({ x }) => f(x),
      torch: `torch.${fn}(x)`,
    },
    {
      name: `${op} dim 0`,
      inputs: { x: leaf([3, 4]).detach() },
      ours: ({ x }) => f(x, 0),
      torch: `torch.${fn}(x, 0)`,
    },
    {
      name: `${op} dim -1 keepDim`,
      inputs: { x: leaf([2, 3, 4]).detach() },
      ours: ({ x }) => f(x, -1, { keepDim: true }),
      torch: `torch.${fn}(x, -1, keepdim=True)`,
    },
    {
      name: `${op} first of ties`,
      inputs: { x: ties.detach() },
      ours: ({ x }) => f(x, 1),
      torch: `torch.${fn}(x, 1)`,
    },
  );
}

const nan = constant([1, NaN, 3, 0, 5, -1], [2, 3]);
cases.push(
  {
    name: "argmax counts NaN as the largest",
    inputs: { x: nan },
    ours: ({ x }) => argmax(x, 1),
    torch: "torch.argmax(x, 1)",
  },
  {
    name: "argmin counts NaN as the smallest",
    inputs: { x: nan },
    ours: ({ x }) => argmin(x, 1),
    torch: "torch.argmin(x, 1)",
  },
  { name: "max propagates NaN", inputs: { x: nan }, ours: ({ x }) => max(x, 1), torch: "torch.amax(x, 1)" },
  { name: "sum of 0-d over dim 0", inputs: { x: leaf([]) }, ours: ({ x }) => sum(x, 0), torch: "x.sum(0)" },
  {
    name: "mean of 0-d over dim −1 keepDim",
    inputs: { x: leaf([]) },
    ours: ({ x }) => mean(x, -1, { keepDim: true }),
    torch: "x.mean(-1, keepdim=True)",
  },
);

// Reductions as runs: a conv bias gradient (all but the channel dim), leading dims, the last dim, and
// alternating reduced and kept dims, with and without keepDim.
const runShapes: [number[], number[]][] = [
  [
    [3, 4, 5, 6],
    [0, 2, 3],
  ],
  [[7, 5], [0]],
  [[4, 9], [-1]],
  [
    [2, 3, 1, 4, 5],
    [1, 3],
  ],
  [
    [2, 1, 3],
    [0, 1],
  ],
];
for (const [shape, dim] of runShapes) {
  for (const [op, f, expr] of reductions.slice(0, 4)) {
    cases.push({
      name: `${op} runs [${shape}] dim=[${dim}] keepDim`,
      inputs: { x: leaf(shape) },
      ours: ({ x }) => f(x, dim, { keepDim: true }),
      torch: expr(py(dim), ", keepdim=True"),
      tol: { rtol: 2e-5, atol: 2e-6 },
    });
  }
}

oracleSuite("reductions vs PyTorch", cases);
