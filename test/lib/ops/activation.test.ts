// Activations against PyTorch, including large inputs where a naive formula overflows.
import "../../helpers/torch-warm";
import {
  gelu,
  leakyRelu,
  logSoftmax,
  manualSeed,
  relu,
  sigmoid,
  softmax,
  softplus,
  tanh,
  type Tensor,
} from "../../../lib/index";
import { testBackends } from "../../helpers/backends";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(7);

const big = () => constant([-1000, -30, -1, 0.5, 30, 1000], [2, 3]).requiresGrad_();

const elementwise: [string, (x: Tensor) => Tensor, string][] = [
  ["relu", relu, "torch.relu(x)"],
  ["leakyRelu", (x) => leakyRelu(x), "F.leaky_relu(x)"],
  ["leakyRelu(0.2)", (x) => x.leakyRelu(0.2), "F.leaky_relu(x, 0.2)"],
  ["sigmoid", sigmoid, "torch.sigmoid(x)"],
  ["tanh", tanh, "torch.tanh(x)"],
  ["softplus", softplus, "F.softplus(x)"],
  ["gelu", (x) => gelu(x), "F.gelu(x)"],
  ["gelu tanh", (x) => x.gelu({ approximate: "tanh" }), "F.gelu(x, approximate='tanh')"],
];

const cases: OpCase[] = [];
for (const [op, f, expr] of elementwise) {
  cases.push(
    {
      name: `${op} [3,4]`,
      inputs: { x: leaf([3, 4], { range: [-4, 4] }) },
      ours: ({ x }) => f(x),
      torch: expr,
    },
    { name: `${op} 0-d`, inputs: { x: leaf([]) }, ours: ({ x }) => f(x), torch: expr },
    { name: `${op} large inputs`, inputs: { x: big() }, ours: ({ x }) => f(x), torch: expr },
  );
}

for (const [op, f, fn] of [
  ["softmax", softmax, "softmax"],
  ["logSoftmax", logSoftmax, "log_softmax"],
] as const) {
  cases.push(
    { name: `${op} last dim`, inputs: { x: leaf([3, 5]) }, ours: ({ x }) => f(x), torch: `F.${fn}(x, -1)` },
    { name: `${op} dim 0`, inputs: { x: leaf([3, 5]) }, ours: ({ x }) => f(x, 0), torch: `F.${fn}(x, 0)` },
    {
      name: `${op} 3-D dim 1`,
      inputs: { x: leaf([2, 3, 4]) },
      ours: ({ x }) => f(x, 1),
      torch: `F.${fn}(x, 1)`,
    },
    {
      name: `${op} large inputs (stable)`,
      inputs: { x: big() },
      ours: ({ x }) => f(x, -1),
      torch: `F.${fn}(x, -1)`,
    },
    {
      name: `${op} of a transposed tensor`,
      inputs: { x: leaf([4, 3]) },
      ours: ({ x }) => f(x.T),
      torch: `F.${fn}(x.T, -1)`,
    },
    {
      name: `${op} method`,
      inputs: { x: leaf([2, 4]) },
      ours: ({ x }) => (op === "softmax" ? x.softmax(-1) : x.logSoftmax(-1)),
      torch: `F.${fn}(x, -1)`,
    },
  );
}

cases.push(
  {
    name: "relu, sigmoid, gelu, softplus keep NaN",
    inputs: { x: constant([NaN, -1, 2], [3]) },
    ours: ({ x }) => relu(x).add(sigmoid(x)).add(gelu(x)).add(softplus(x)),
    torch: "torch.relu(x) + torch.sigmoid(x) + F.gelu(x) + F.softplus(x)",
  },
  {
    name: "softmax of a row with −inf entries",
    inputs: { x: constant([-Infinity, 0, 1, -Infinity, -Infinity, 2], [2, 3]) },
    ours: ({ x }) => softmax(x),
    torch: "F.softmax(x, -1)",
  },
);

oracleSuite("activations vs PyTorch", cases);

// relu and its gradient run on the gpu backend's WebAssembly SIMD kernels: checked on every backend,
// with lengths that leave a tail past the last 4-float vector and one long enough for the kernel's threads
const reluCases: OpCase[] = [
  { name: "relu [3,4]", inputs: { x: leaf([3, 4], { range: [-4, 4] }) } },
  { name: "relu odd length [3,37,29]", inputs: { x: leaf([3, 37, 29]) } },
  { name: "relu on threads [2,33,1001]", inputs: { x: leaf([2, 33, 1001]) } },
  { name: "relu of NaN, ±0, ±∞", inputs: { x: constant([NaN, -0, 0, -Infinity, Infinity, -1, 2], [7]) } },
].map((c) => ({ ...c, ours: ({ x }: Record<string, Tensor>) => relu(x), torch: "torch.relu(x)" }));
oracleSuite("relu vs PyTorch on every backend", reluCases, testBackends());
