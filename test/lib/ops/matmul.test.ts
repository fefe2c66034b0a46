// matmul, linear and dot against PyTorch's rules (1-D, 2-D, batched with broadcast batch dims), on
// every backend the suites run on.
import "../../helpers/torch-warm";
import { dot, linear, manualSeed, matmul } from "../../../lib/index";
import { testBackends } from "../../helpers/backends";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(8);

const shapes: [number[], number[]][] = [
  [[4], [4]],
  [[3], [3, 5]],
  [[2, 3], [3]],
  [
    [2, 3],
    [3, 4],
  ],
  [
    [1, 1],
    [1, 1],
  ],
  [
    [5, 3],
    [3, 7],
  ],
  [
    [2, 3, 4],
    [2, 4, 5],
  ],
  [
    [2, 3, 4],
    [4, 5],
  ],
  [
    [3, 4],
    [2, 4, 5],
  ],
  [
    [2, 1, 3, 4],
    [3, 4, 2],
  ],
  [[4], [2, 4, 3]],
  [[2, 3, 4], [4]],
  [
    [0, 3],
    [3, 2],
  ],
  [
    [2, 0],
    [0, 3],
  ],
  [
    [17, 33],
    [33, 9],
  ],
];

const cases: OpCase[] = shapes.map(([sa, sb]) => ({
  name: `matmul [${sa}] @ [${sb}]`,
  inputs: { a: leaf(sa), b: leaf(sb) },
  ours: ({ a, b }) => matmul(a, b),
  torch: "a @ b",
}));

cases.push(
  {
    name: "matmul of transposed operands",
    inputs: { a: leaf([3, 2]), b: leaf([4, 3]) },
    ours: ({ a, b }) => matmul(a.T, b.T),
    torch: "a.T @ b.T",
  },
  {
    name: "matmul of permuted batches",
    inputs: { a: leaf([3, 2, 4]), b: leaf([2, 4, 5]) },
    ours: ({ a, b }) => matmul(a.permute([1, 0, 2]), b),
    torch: "a.permute(1, 0, 2) @ b",
  },
  {
    name: "x @ x uses x twice",
    inputs: { a: leaf([3, 3]) },
    ours: ({ a }) => a.matmul(a),
    torch: "a @ a",
  },
  {
    name: "int32 @ int32 stays integer",
    inputs: {
      a: constant([1, -2, 3, 4, 5, -6], [2, 3], "int32"),
      b: constant([7, 8, -9, 10, 11, 12], [3, 2], "int32"),
    },
    ours: ({ a, b }) => matmul(a, b),
    torch: "a @ b",
  },
  {
    name: "float64 matmul",
    inputs: {
      a: leaf([3, 4]).double().detach().requiresGrad_(),
      b: leaf([4, 2]).double().detach().requiresGrad_(),
    },
    ours: ({ a, b }) => matmul(a, b),
    torch: "a @ b",
  },
  {
    name: "linear with bias",
    inputs: { x: leaf([5, 3]), w: leaf([4, 3]), b: leaf([4]) },
    ours: ({ x, w, b }) => linear(x, w, b),
    torch: "F.linear(x, w, b)",
  },
  {
    name: "linear without bias, batched input",
    inputs: { x: leaf([2, 5, 3]), w: leaf([4, 3]) },
    ours: ({ x, w }) => linear(x, w),
    torch: "F.linear(x, w)",
  },
  {
    name: "linear of a vector",
    inputs: { x: leaf([3]), w: leaf([2, 3]), b: leaf([2]) },
    ours: ({ x, w, b }) => linear(x, w, b),
    torch: "F.linear(x, w, b)",
  },
  {
    name: "dot",
    inputs: { a: leaf([6]), b: leaf([6]) },
    ours: ({ a, b }) => dot(a, b),
    torch: "torch.dot(a, b)",
  },
  {
    name: "dot method",
    inputs: { a: leaf([3]), b: leaf([3]) },
    ours: ({ a, b }) => a.dot(b),
    torch: "a.dot(b)",
  },
);

oracleSuite("matmul, linear, dot vs PyTorch", cases, testBackends());
