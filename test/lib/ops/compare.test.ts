// Comparisons, where, clamp, maximum and minimum against PyTorch: masks, broadcasting, ties.
import "../../helpers/torch-warm";
import {
  clamp,
  eq,
  ge,
  gt,
  le,
  logicalAnd,
  logicalOr,
  lt,
  manualSeed,
  maximum,
  minimum,
  ne,
  where,
  type Tensor,
  type TensorLike,
} from "../../../lib/index";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(3);

/** Values on a coarse grid, so that ties (equal elements) happen. */
const grid = (shape: number[]) => {
  const t = leaf(shape);
  return constant(
    Array.from(t.data, (v) => Math.round(v * 2) / 2),
    shape,
  ).requiresGrad_();
};

const comparisons: [string, (a: TensorLike, b: TensorLike) => Tensor, string][] = [
  ["eq", eq, "a == b"],
  ["ne", ne, "a != b"],
  ["lt", lt, "a < b"],
  ["le", le, "a <= b"],
  ["gt", gt, "a > b"],
  ["ge", ge, "a >= b"],
];

const cases: OpCase[] = [];
for (const [op, f, expr] of comparisons) {
  cases.push(
    {
      name: `${op} [3,4] vs [4]`,
      inputs: { a: grid([3, 4]), b: grid([4]) },
      ours: ({ a, b }) => f(a, b),
      torch: expr,
    },
    {
      name: `${op} with a number`,
      inputs: { a: grid([5]) },
      ours: ({ a }) => f(a, 0.5),
      torch: expr.replace("b", "0.5"),
    },
  );
}

cases.push(
  {
    name: "logicalAnd / logicalOr of masks",
    inputs: { a: grid([6]), b: grid([6]) },
    ours: ({ a, b }) => logicalOr(logicalAnd(gt(a, 0), lt(b, 0)), eq(a, b)),
    torch: "torch.logical_or(torch.logical_and(a > 0, b < 0), a == b)",
  },
  {
    name: "where(cond, a, b) same shapes",
    inputs: { a: leaf([3, 4]), b: leaf([3, 4]), c: leaf([3, 4]) },
    ours: ({ a, b, c }) => where(gt(c, 0), a, b),
    torch: "torch.where(c > 0, a, b)",
  },
  {
    name: "where broadcasting cond [3,1], a [4], b []",
    inputs: { a: leaf([4]), b: leaf([]), c: leaf([3, 1]) },
    ours: ({ a, b, c }) => where(gt(c, 0), a, b),
    torch: "torch.where(c > 0, a, b)",
  },
  {
    name: "where(cond, x, 0)",
    inputs: { a: leaf([2, 3]) },
    ours: ({ a }) => where(gt(a, 0), a, 0),
    torch: "torch.where(a > 0, a, torch.tensor(0.))",
  },
  {
    name: "where(cond, 1, 0) with two numbers is integer",
    inputs: { a: leaf([4]) },
    ours: ({ a }) => where(gt(a, 0), 1, 0),
    torch: "torch.where(a > 0, 1, 0)",
  },
  {
    name: "where(cond, 1, 0.5) is float",
    inputs: { a: leaf([4]) },
    ours: ({ a }) => where(gt(a, 0), 1, 0.5),
    torch: "torch.where(a > 0, 1, 0.5)",
  },
  {
    name: "x.where(cond, y) method",
    inputs: { a: leaf([2, 3]), b: leaf([2, 3]) },
    ours: ({ a, b }) => a.where(lt(b, 0), b),
    torch: "a.where(b < 0, b)",
  },
  {
    name: "clamp(−0.5, 0.5)",
    inputs: { a: grid([10]) },
    ours: ({ a }) => clamp(a, -0.5, 0.5),
    torch: "torch.clamp(a, -0.5, 0.5)",
  },
  {
    name: "clamp(min only)",
    inputs: { a: leaf([2, 5]) },
    ours: ({ a }) => clamp(a, 0),
    torch: "torch.clamp(a, min=0)",
  },
  {
    name: "clamp(max only)",
    inputs: { a: leaf([2, 5]) },
    ours: ({ a }) => a.clamp(undefined, 0.3),
    torch: "torch.clamp(a, max=0.3)",
  },
  {
    name: "clamp of int32 stays int",
    inputs: { i: constant([-5, 0, 7], [3], "int32") },
    ours: ({ i }) => clamp(i, -2, 3),
    torch: "torch.clamp(i, -2, 3)",
  },
  {
    name: "maximum with ties (gradient split evenly)",
    inputs: { a: grid([4, 3]), b: grid([4, 3]) },
    ours: ({ a, b }) => maximum(a, b),
    torch: "torch.maximum(a, b)",
  },
  {
    name: "minimum broadcasting [4,3] vs [3]",
    inputs: { a: grid([4, 3]), b: grid([3]) },
    ours: ({ a, b }) => minimum(a, b),
    torch: "torch.minimum(a, b)",
  },
  {
    name: "maximum(x, 0) with a number",
    inputs: { a: grid([6]) },
    ours: ({ a }) => maximum(a, 0),
    torch: "torch.maximum(a, torch.tensor(0.))",
  },
);

oracleSuite("compare, where, clamp, maximum, minimum vs PyTorch", cases);
