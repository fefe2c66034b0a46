// Slicing, indexing, joining, splitting and padding against PyTorch, values and gradients.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { randn, tensor } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { gather, indexSelect, narrow, select, slice } from "../../../lib/ops/indexing";
import { chunk, concat, split, stack } from "../../../lib/ops/join";
import { pad } from "../../../lib/ops/pad";
import { add, mul } from "../../../lib/ops/arithmetic";
import { type OpCase, leaf, oracleSuite } from "./oracle";

manualSeed(5);

const ints = (values: number[], shape = [values.length]) => tensor(values, { dtype: "int32", shape });
const x = leaf([4, 5, 3]);
const m = leaf([3, 4]);

const cases: OpCase[] = [
  // slice: one dim, Python's start:end:step
  { name: "slice dim 1, 1:4", torch: "x[:, 1:4]", inputs: { x }, ours: (i) => slice(i.x, 1, 1, 4) },
  {
    name: "slice with step 2",
    torch: "x[:, ::2]",
    inputs: { x },
    ours: (i) => slice(i.x, 1, undefined, undefined, 2),
  },
  {
    name: "slice with negative bounds",
    torch: "x[-3:-1]",
    inputs: { x },
    ours: (i) => slice(i.x, 0, -3, -1),
  },
  {
    name: "slice on negative dim with step 2",
    torch: "x[..., 1::2]",
    inputs: { x },
    ours: (i) => i.x.slice(-1, 1, undefined, 2),
  },
  {
    name: "slice bounds past the end clamp",
    torch: "x[:, 2:100]",
    inputs: { x },
    ours: (i) => slice(i.x, 1, 2, 100),
  },
  { name: "slice to an empty dim", torch: "x[:, 3:3]", inputs: { x }, ours: (i) => slice(i.x, 1, 3, 3) },
  // slice: several dims at once
  {
    name: "multi-dim slice x[1:, ::2, -1]",
    torch: "x[1:, ::2, -1]",
    inputs: { x },
    ours: (i) => slice(i.x, [{ start: 1 }, { step: 2 }, -1]),
  },
  {
    name: "multi-dim slice x[:, 1:-1:3]",
    torch: "x[:, 1:-1:3]",
    inputs: { x },
    ours: (i) => i.x.slice([null, { start: 1, end: -1, step: 3 }]),
  },
  { name: "multi-dim slice x[2, 3]", torch: "x[2, 3]", inputs: { x }, ours: (i) => slice(i.x, [2, 3]) },
  {
    name: "select dim 1, index −2",
    torch: "x.select(1, -2)",
    inputs: { x },
    ours: (i) => select(i.x, 1, -2),
  },
  { name: "narrow", torch: "x.narrow(1, 1, 3)", inputs: { x }, ours: (i) => narrow(i.x, 1, 1, 3) },
  {
    name: "size-1 dim sliced",
    torch: "s[:, :, 1:]",
    inputs: { s: leaf([2, 1, 3]) },
    ours: (i) => slice(i.s, 2, 1),
  },
  // indexSelect: repeats sum their gradients
  {
    name: "indexSelect dim 0 with repeats",
    torch: "torch.index_select(x, 0, idx)",
    inputs: { x, idx: ints([3, 0, 3, 1]) },
    ours: (i) => indexSelect(i.x, 0, i.idx),
  },
  {
    name: "indexSelect dim −1",
    torch: "torch.index_select(x, -1, idx)",
    inputs: { x, idx: ints([2, 2, 0]) },
    ours: (i) => i.x.indexSelect(-1, i.idx),
  },
  {
    name: "indexSelect with an empty index",
    torch: "torch.index_select(x, 1, idx)",
    inputs: { x, idx: ints([]) },
    ours: (i) => indexSelect(i.x, 1, i.idx),
  },
  // gather
  {
    name: "gather dim 1 (one per row, as a loss picks targets)",
    torch: "torch.gather(m, 1, idx)",
    inputs: { m, idx: ints([2, 0, 3], [3, 1]) },
    ours: (i) => gather(i.m, 1, i.idx),
  },
  {
    name: "gather dim 0 with repeats",
    torch: "torch.gather(m, 0, idx)",
    inputs: { m, idx: ints([0, 2, 2, 1, 0, 0, 1, 2], [2, 4]) },
    ours: (i) => i.m.gather(0, i.idx),
  },
  {
    name: "gather with a smaller index than the input",
    torch: "torch.gather(x, -1, idx)",
    inputs: { x, idx: ints([2, 1, 0, 0, 1, 2], [2, 3, 1]) },
    ours: (i) => gather(i.x, -1, i.idx),
  },
  // concat / stack
  {
    name: "concat along dim 1",
    torch: "torch.cat([a, b, c], 1)",
    inputs: { a: leaf([2, 1, 3]), b: leaf([2, 4, 3]), c: leaf([2, 2, 3]) },
    ours: (i) => concat([i.a, i.b, i.c], 1),
  },
  {
    name: "concat along dim −1, one piece empty",
    torch: "torch.cat([a, b], -1)",
    inputs: { a: leaf([3, 2]), b: leaf([3, 0]) },
    ours: (i) => concat([i.a, i.b], -1),
  },
  {
    name: "concat of one tensor used twice",
    torch: "torch.cat([a, a * 2], 0)",
    inputs: { a: leaf([2, 3]) },
    ours: (i) => concat([i.a, mul(i.a, 2)], 0),
  },
  {
    name: "stack at dim 0",
    torch: "torch.stack([a, b, c])",
    inputs: { a: leaf([2, 3]), b: leaf([2, 3]), c: leaf([2, 3]) },
    ours: (i) => stack([i.a, i.b, i.c]),
  },
  {
    name: "stack at dim −1",
    torch: "torch.stack([a, b], -1)",
    inputs: { a: leaf([2, 3]), b: leaf([2, 3]) },
    ours: (i) => stack([i.a, i.b], -1),
  },
  // split / chunk: each piece, and pieces used together
  ...[0, 1, 2].map((k) => ({
    name: `split into size 2 along dim 1, piece ${k}`,
    torch: `torch.split(x, 2, 1)[${k}]`,
    inputs: { x },
    ours: (i: Record<string, typeof x>) => split(i.x, 2, 1)[k],
  })),
  ...[0, 1].map((k) => ({
    name: `split by sizes [1, 3] along dim 0, piece ${k}`,
    torch: `torch.split(x, [1, 3], 0)[${k}]`,
    inputs: { x },
    ours: (i: Record<string, typeof x>) => i.x.split([1, 3], 0)[k],
  })),
  {
    name: "two split pieces in one expression",
    torch: "torch.split(x, 2, 0)[0] * 3 + torch.split(x, 2, 0)[1]",
    inputs: { x },
    ours: (i) => {
      const [a, b] = split(i.x, 2, 0);
      return add(mul(a, 3), b);
    },
  },
  ...[0, 1].map((k) => ({
    name: `chunk 5 into 3 gives 2 pieces, piece ${k}`,
    torch: `torch.chunk(x, 3, 1)[${k}]`,
    inputs: { x },
    ours: (i: Record<string, typeof x>) => chunk(i.x, 3, 1)[k],
  })),
  // pad: F.pad order, last dim first
  { name: "pad last dim (1, 2)", torch: "F.pad(x, (1, 2))", inputs: { x }, ours: (i) => pad(i.x, [1, 2]) },
  {
    name: "pad last two dims with value 0.5",
    torch: "F.pad(x, (1, 0, 0, 2), value=0.5)",
    inputs: { x },
    ours: (i) => pad(i.x, [1, 0, 0, 2], { value: 0.5 }),
  },
  {
    name: "pad all three dims",
    torch: "F.pad(x, (0, 1, 1, 0, 2, 1))",
    inputs: { x },
    ours: (i) => pad(i.x, [0, 1, 1, 0, 2, 1]),
  },
  {
    name: "negative pads crop",
    torch: "F.pad(x, (-1, 1, 0, -2))",
    inputs: { x },
    ours: (i) => pad(i.x, [-1, 1, 0, -2]),
  },
  {
    name: "reflect pad [N, C, H, W]",
    torch: 'F.pad(y, (2, 1, 1, 2), mode="reflect")',
    inputs: { y: leaf([2, 2, 3, 4]) },
    ours: (i) => pad(i.y, [2, 1, 1, 2], { mode: "reflect" }),
  },
  {
    name: "replicate pad [N, C, H, W]",
    torch: 'F.pad(y, (3, 1, 0, 2), mode="replicate")',
    inputs: { y: leaf([2, 2, 3, 4]) },
    ours: (i) => pad(i.y, [3, 1, 0, 2], { mode: "replicate" }),
  },
  {
    name: "circular pad [N, C, W]",
    torch: 'F.pad(y, (2, 3), mode="circular")',
    inputs: { y: leaf([2, 2, 3]) },
    ours: (i) => pad(i.y, [2, 3], { mode: "circular" }),
  },
  {
    name: "reflect pad [N, C, W]",
    torch: 'F.pad(y, (3, 2), mode="reflect")',
    inputs: { y: leaf([1, 2, 4]) },
    ours: (i) => pad(i.y, [3, 2], { mode: "reflect" }),
  },
];

oracleSuite("indexing, joining and padding = PyTorch's", cases);

describe("indexing errors name the op, the shapes and a fix", () => {
  const t = randn([4, 5, 3]);
  test("concat with mismatched dims", () => {
    assert.throws(
      () => concat([randn([2, 3]), randn([2, 4])], 0),
      /concat: tensor 1 \[2,4\] does not fit tensor 0 \[2,3\] along dim 0: all dims but 0 must be equal/,
    );
  });
  test("concat with different ranks", () => {
    assert.throws(
      () => concat([randn([2, 3]), randn([3])], 0),
      /concat: tensor 1 \[3\] .*ranks 1 and 2 differ/,
    );
  });
  test("stack with different shapes", () => {
    assert.throws(
      () => stack([randn([2, 3]), randn([3, 2])]),
      /stack: tensor 1 \[3,2\] differs from tensor 0 \[2,3\]/,
    );
  });
  test("split sizes that do not add up", () => {
    assert.throws(
      () => split(t, [2, 1], 0),
      /split: sizes \[2,1\] add up to 3, but dim 0 of \[4,5,3\] has 4/,
    );
  });
  test("index out of range", () => {
    assert.throws(() => select(t, 1, 5), /select: index 5 is out of range for dim 1 of size 5 in \[4,5,3\]/);
    assert.throws(
      () => indexSelect(t, 0, ints([4])),
      /indexSelect: index 4 is out of range for dim 0 of size 4/,
    );
    assert.throws(
      () => gather(t, 2, ints([3], [1, 1, 1])),
      /gather: index 3 is out of range for dim 2 of size 3/,
    );
  });
  test("gather with an index of the wrong rank", () => {
    assert.throws(
      () => gather(randn([64, 10]), 1, ints([1, 2])),
      /gather: index \[2\] must have the rank of input \[64,10\].*unsqueeze\(1\)/,
    );
  });
  test("a float index", () => {
    assert.throws(
      () => indexSelect(t, 0, tensor([1])),
      /indexSelect: index must be an int32 tensor, got float32/,
    );
  });
  test("negative step", () => {
    assert.throws(() => slice(t, 0, undefined, undefined, -1), /slice: step must be a positive integer/);
  });
  test("too many slices", () => {
    assert.throws(() => slice(t, [null, null, null, 0]), /slice: 4 slices given for \[4,5,3\]/);
  });
  test("pad with an odd list, and reflect wider than the dim", () => {
    assert.throws(() => pad(t, [1, 2, 3]), /pad: pads \[1,2,3\] must be \(before, after\) integer pairs/);
    assert.throws(
      () => pad(t, [3, 0], { mode: "reflect" }),
      /pad: dim 2 of \[4,5,3\]: "reflect" padding \(3, 0\) must be smaller than the dim's size 3/,
    );
  });
});
