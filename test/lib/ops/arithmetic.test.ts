// + − × ÷ and pow against PyTorch: broadcasting edge cases, numbers as operands, dtype promotion.
import "../../helpers/torch-warm";
import { add, div, manualSeed, mul, neg, pow, sub, type Tensor } from "../../../lib/index";
import { randomInt } from "../../../lib/random";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(1);

/** Shape pairs that broadcast: equal, trailing, size-1 on both sides, 0-d, empty dims. */
const pairs: [number[], number[]][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[3, 4], [4]],
  [
    [3, 1],
    [1, 4],
  ],
  [
    [2, 3, 4],
    [3, 1],
  ],
  [[], [3, 4]],
  [[3, 4], []],
  [[1], [2, 1, 3]],
  [[0, 3], [3]],
  [[2, 0], [1]],
];

const binary: [string, (a: Tensor, b: Tensor) => Tensor, string][] = [
  ["add", add, "a + b"],
  ["sub", sub, "a - b"],
  ["mul", mul, "a * b"],
  ["div", div, "a / b"],
];

const cases: OpCase[] = [];
for (const [op, f, expr] of binary) {
  for (const [sa, sb] of pairs) {
    cases.push({
      name: `${op} [${sa}] ∘ [${sb}]`,
      inputs: { a: leaf(sa), b: op === "div" ? leaf(sb, { range: [0.5, 2] }) : leaf(sb) },
      ours: ({ a, b }) => f(a, b),
      torch: expr,
    });
  }
}

cases.push(
  {
    name: "pow tensor ** tensor (positive base)",
    inputs: { a: leaf([3, 4], { range: [0.5, 2] }), b: leaf([4]) },
    ours: ({ a, b }) => pow(a, b),
    torch: "a ** b",
  },
  {
    name: "pow x ** 2",
    inputs: { a: leaf([5]) },
    ours: ({ a }) => pow(a, 2),
    torch: "a ** 2",
  },
  {
    name: "pow x ** 0 at x = 0 (gradient 0, not NaN)",
    inputs: { a: constant([0, 1, -2], [3]).requiresGrad_() },
    ours: ({ a }) => pow(a, 0),
    torch: "a ** 0",
  },
  {
    name: "pow 0 ** y (gradient in y is 0 for y ≥ 0)",
    inputs: { a: constant([0, 0, 2], [3]), b: constant([2, 0, 1.5], [3]).requiresGrad_() },
    ours: ({ a, b }) => pow(a, b),
    torch: "a ** b",
  },
  {
    name: "pow 2 ** x (number base)",
    inputs: { a: leaf([4]) },
    ours: ({ a }) => pow(2, a),
    torch: "2 ** a",
  },
  {
    name: "pow x ** -1.5",
    inputs: { a: leaf([2, 3], { range: [0.5, 3] }) },
    ours: ({ a }) => pow(a, -1.5),
    torch: "a ** -1.5",
  },
  {
    name: "neg",
    inputs: { a: leaf([2, 3]) },
    ours: ({ a }) => neg(a),
    torch: "-a",
  },
  // numbers on either side
  { name: "x + 2", inputs: { a: leaf([3]) }, ours: ({ a }) => a.add(2), torch: "a + 2" },
  { name: "2 − x", inputs: { a: leaf([3]) }, ours: ({ a }) => sub(2, a), torch: "2 - a" },
  { name: "x · −1.5", inputs: { a: leaf([2, 2]) }, ours: ({ a }) => a.mul(-1.5), torch: "a * -1.5" },
  {
    name: "1 / x",
    inputs: { a: leaf([4], { range: [0.5, 2] }) },
    ours: ({ a }) => div(1, a),
    torch: "1 / a",
  },
  {
    name: "x / 3",
    inputs: { a: leaf([]) },
    ours: ({ a }) => a.div(3),
    torch: "a / 3",
  },
  // a transposed (permuted) tensor feeding another op
  {
    name: "xᵀ · y",
    inputs: { a: leaf([3, 2]), b: leaf([2, 3]) },
    ours: ({ a, b }) => mul(a.T, b),
    torch: "a.T * b",
  },
  {
    name: "permute(x) + y broadcast",
    inputs: { a: leaf([2, 3, 4]), b: leaf([3, 1]) },
    ours: ({ a, b }) => add(a.permute([2, 1, 0]), b),
    torch: "a.permute(2, 1, 0) + b",
  },
  // a value used twice: gradients from both uses add up
  {
    name: "x · x + x",
    inputs: { a: leaf([3]) },
    ours: ({ a }) => add(mul(a, a), a),
    torch: "a * a + a",
  },
  // dtype promotion
  {
    name: "int32 + float32",
    inputs: { i: constant([1, 2, 3], [3], "int32"), b: leaf([3]) },
    ours: ({ i, b }) => add(i, b),
    torch: "i + b",
  },
  {
    name: "int32 + 2 stays int",
    inputs: { i: constant([1, -2, 3], [3], "int32") },
    ours: ({ i }) => add(i, 2),
    torch: "i + 2",
  },
  {
    name: "int32 · 2.5 is float",
    inputs: { i: constant([1, -2, 3], [3], "int32") },
    ours: ({ i }) => mul(i, 2.5),
    torch: "i * 2.5",
  },
  {
    name: "int32 / int32 is true division",
    inputs: { i: constant([1, -7, 3], [3], "int32"), j: constant([2, 2, 3], [3], "int32") },
    ours: ({ i, j }) => div(i, j),
    torch: "i / j",
  },
  {
    name: "bool mask · float",
    inputs: { m: constant([1, 0, 1], [3], "bool"), b: leaf([2, 3]) },
    ours: ({ m, b }) => mul(b, m),
    torch: "b * m",
  },
  {
    name: "bool + 1 is int",
    inputs: { m: constant([1, 0], [2], "bool") },
    ours: ({ m }) => add(m, 1),
    torch: "m + 1",
  },
  {
    name: "bool + bool stays bool",
    inputs: { m: constant([1, 0, 1], [3], "bool"), n: constant([1, 0, 0], [3], "bool") },
    ours: ({ m, n }) => add(m, n),
    torch: "m + n",
  },
  {
    name: "float64 + float32 is float64",
    inputs: { d: leaf([3]).double().detach().requiresGrad_(), b: leaf([3]) },
    ours: ({ d, b }) => add(d, b),
    torch: "d + b",
  },
  {
    name: "float32[3] + float64 0-d stays float32",
    inputs: { d: leaf([]).double().detach().requiresGrad_(), b: leaf([3]) },
    ours: ({ d, b }) => add(b, d),
    torch: "b + d",
  },
);

/**
 * Seeded random shape pairs that broadcast: up to 4 dims each, every dim of one side either equal to the
 * other's, 1 on one side, or missing (leading) — the ways gradients must be summed back.
 */
function randomPair(): [number[], number[]] {
  const rank = 1 + randomInt(0, 4);
  const full = Array.from({ length: rank }, () => 1 + randomInt(0, 3));
  const shrink = (keepFrom: number) => full.slice(keepFrom).map((d) => (randomInt(0, 3) === 0 ? 1 : d));
  return [shrink(randomInt(0, rank)), shrink(randomInt(0, rank))];
}
const fuzzOps: [string, (a: Tensor, b: Tensor) => Tensor, string][] = [
  ["a·b + a", (a, b) => add(mul(a, b), a), "a * b + a"],
  ["(a − b) / (1 + b²)", (a, b) => div(sub(a, b), add(mul(b, b), 1)), "(a - b) / (b * b + 1)"],
];
for (let i = 0; i < 24; i++) {
  const [sa, sb] = randomPair();
  const [name, f, expr] = fuzzOps[i % 2];
  cases.push({
    name: `random broadcast ${name}: [${sa}] with [${sb}]`,
    inputs: { a: leaf(sa), b: leaf(sb) },
    ours: ({ a, b }) => f(a, b),
    torch: expr,
  });
}

/**
 * The broadcasting patterns zip walks as runs (neighbouring dims merged where both operands step through
 * them together): a conv bias, a dense bias, a per-row value, alternating broadcast dims, a scalar first,
 * size-1 dims between others, and an empty result.
 */
const runPatterns: [number[], number[]][] = [
  [
    [4, 3, 5, 6],
    [1, 3, 1, 1],
  ],
  [[6, 5], [5]],
  [
    [3, 4],
    [3, 1],
  ],
  [
    [2, 1, 4, 1],
    [3, 1, 5],
  ],
  [[], [2, 3]],
  [
    [1, 1, 3],
    [2, 4, 1],
  ],
  [
    [2, 3, 1, 4],
    [2, 3, 5, 4],
  ],
  [[2, 0, 3], [3]],
];
for (const [sa, sb] of runPatterns) {
  cases.push({
    name: `broadcast runs: [${sa}] · [${sb}] + [${sb}]`,
    inputs: { a: leaf(sa), b: leaf(sb) },
    ours: ({ a, b }) => add(mul(a, b), b),
    torch: "a * b + b",
  });
}

oracleSuite("arithmetic vs PyTorch", cases);
