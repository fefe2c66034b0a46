// Elementary functions against PyTorch, on vectors, matrices, 0-d and empty tensors.
import "../../helpers/torch-warm";
import { abs, cos, exp, log, manualSeed, sign, sin, sqrt, type Tensor } from "../../../lib/index";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(2);

const shapes = [[5], [2, 3], [], [0, 2]];
const ops: [string, (x: Tensor) => Tensor, string, [number, number]?][] = [
  ["exp", exp, "torch.exp(x)"],
  ["log", log, "torch.log(x)", [0.1, 5]],
  ["sqrt", sqrt, "torch.sqrt(x)", [0.1, 5]],
  ["abs", abs, "torch.abs(x)"],
  ["sin", sin, "torch.sin(x)"],
  ["cos", cos, "torch.cos(x)"],
];

const cases: OpCase[] = [];
for (const [op, f, expr, range] of ops)
  for (const shape of shapes)
    cases.push({
      name: `${op} [${shape}]`,
      inputs: { x: leaf(shape, { range }) },
      ours: ({ x }) => f(x),
      torch: expr,
    });

cases.push(
  {
    name: "sign: its gradient is 0 everywhere",
    inputs: { x: constant([-2, 0, 3.5], [3]).requiresGrad_() },
    ours: ({ x }) => sign(x),
    torch: "torch.sign(x)",
  },
  {
    name: "sign of NaN is 0",
    inputs: { x: constant([NaN, -0.5, 0], [3]) },
    ours: ({ x }) => sign(x),
    torch: "torch.sign(x)",
  },
  {
    name: "abs at 0 has gradient 0",
    inputs: { x: constant([-1, 0, 2], [3]).requiresGrad_() },
    ours: ({ x }) => abs(x),
    torch: "torch.abs(x)",
  },
  {
    name: "exp of int32 is float32",
    inputs: { i: constant([0, 1, 2], [3], "int32") },
    ours: ({ i }) => exp(i),
    torch: "torch.exp(i)",
  },
  {
    name: "log(0) = −inf, log(−1) = nan",
    inputs: { x: constant([0, -1, 1], [3]) },
    ours: ({ x }) => log(x),
    torch: "torch.log(x)",
  },
  {
    name: "chain: exp(sin(xᵀ))",
    inputs: { x: leaf([3, 2]) },
    ours: ({ x }) => exp(sin(x.T)),
    torch: "torch.exp(torch.sin(x.T))",
  },
);

oracleSuite("unary vs PyTorch", cases);
