// The promised error messages: each names the op and the shapes, shows how they line up, and offers a
// fix that works. PyTorch must reject the same calls (one PyTorch process for all of them).
import "../helpers/torch-warm";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import * as g from "../../lib/index";
import { ShapeError, type Tensor, zeros } from "../../lib/index";
import { askTorchAsync, specOf, type TorchResult } from "../helpers/torch";

interface ErrorCase {
  name: string;
  inputs: Record<string, Tensor>;
  ours: (x: Record<string, Tensor>) => unknown;
  torch: string;
  message: string | RegExp;
  /** when the message offers a fix: applying it must work, in PyTorch as well */
  fix?: { ours: (x: Record<string, Tensor>) => Tensor; torch: string };
}

const z = (...shape: number[]) => zeros(shape);

const cases: ErrorCase[] = [
  {
    name: "add: a per-row vector needs unsqueeze",
    inputs: { a: z(2, 3), b: z(2) },
    ours: ({ a, b }) => g.add(a, b),
    torch: "a + b",
    message: [
      "add: shapes [2,3] and [2] cannot broadcast: dim -1 is 3 vs 2 (each pair must be equal or one of them 1).",
      "Aligned from the right:",
      "  2 3",
      "  · 2",
      "    ^",
      "Fix: b.unsqueeze(-1) has shape [2,1], which broadcasts with [2,3] to [2,3].",
    ].join("\n"),
    fix: { ours: ({ a, b }) => g.add(a, b.unsqueeze(-1)), torch: "a + b.unsqueeze(-1)" },
  },
  {
    name: "mul: a per-channel scale over NCHW needs reshape",
    inputs: { a: z(8, 3, 4, 4), b: z(3) },
    ours: ({ a, b }) => g.mul(a, b),
    torch: "a * b",
    message:
      /^mul: shapes \[8,3,4,4\] and \[3\] cannot broadcast: dim -1 is 4 vs 3[^]*Fix: b\.reshape\(\[3, 1, 1\]\) has shape \[3,1,1\], which broadcasts with \[8,3,4,4\] to \[8,3,4,4\]\.$/,
    fix: { ours: ({ a, b }) => g.mul(a, b.reshape([3, 1, 1])), torch: "a * b.reshape(3, 1, 1)" },
  },
  {
    name: "mul: the smaller operand on the left",
    inputs: { a: z(4), b: z(4, 5) },
    ours: ({ a, b }) => g.mul(a, b),
    torch: "a * b",
    message: /Fix: a\.unsqueeze\(-1\) has shape \[4,1\], which broadcasts with \[4,5\] to \[4,5\]\.$/,
    fix: { ours: ({ a, b }) => g.mul(a.unsqueeze(-1), b), torch: "a.unsqueeze(-1) * b" },
  },
  {
    name: "add: swapped matrix dims need a transpose",
    inputs: { a: z(2, 3), b: z(3, 2) },
    ours: ({ a, b }) => g.add(a, b),
    torch: "a + b",
    message:
      / {2}2 3\n {2}3 2\n {2}\^ \^\nFix: b\.transpose\(\) has shape \[2,3\], which broadcasts with \[2,3\]\.$/,
    fix: { ours: ({ a, b }) => g.add(a, b.transpose()), torch: "a + b.transpose(-2, -1)" },
  },
  {
    name: "add: no fix exists",
    inputs: { a: z(2, 3), b: z(4) },
    ours: ({ a, b }) => g.add(a, b),
    torch: "a + b",
    message: /No unsqueeze, reshape or transpose of one side lines these up/,
  },
  {
    name: "where: names the operands",
    inputs: { c: z(2, 3), a: z(2, 3), b: z(2) },
    ours: ({ c, a, b }) => g.where(g.gt(c, 0), a, b),
    torch: "torch.where(c > 0, a, b)",
    message: /^where: shapes \[2,3\] and \[2\] cannot broadcast[^]*Fix: b\.unsqueeze\(-1\)/,
    fix: {
      ours: ({ c, a, b }) => g.where(g.gt(c, 0), a, b.unsqueeze(-1)),
      torch: "torch.where(c > 0, a, b.unsqueeze(-1))",
    },
  },
  {
    name: "matmul: no transpose helps",
    inputs: { a: z(2, 3), b: z(4, 5) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message: "matmul: [2,3] @ [4,5]: inner dims 3 ≠ 4 (a's last dim must equal b's second-to-last dim)",
  },
  {
    name: "matmul: transposing b helps",
    inputs: { a: z(2, 3), b: z(4, 3) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message:
      "matmul: [2,3] @ [4,3]: inner dims 3 ≠ 4 (a's last dim must equal b's second-to-last dim) — did you mean a @ b.transpose()?",
    fix: { ours: ({ a, b }) => g.matmul(a, b.transpose()), torch: "a @ b.T" },
  },
  {
    name: "matmul: transposing a helps",
    inputs: { a: z(3, 2), b: z(3, 4) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message: /— did you mean a\.transpose\(\) @ b\?$/,
    fix: { ours: ({ a, b }) => g.matmul(a.transpose(), b), torch: "a.T @ b" },
  },
  {
    name: "matmul: transposing both helps",
    inputs: { a: z(3, 2), b: z(4, 3) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message: /— did you mean a\.transpose\(\) @ b\.transpose\(\)\?$/,
    fix: { ours: ({ a, b }) => g.matmul(a.T, b.T), torch: "a.T @ b.T" },
  },
  {
    name: "matmul: a vector shows its own shape",
    inputs: { a: z(3), b: z(4, 5) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message: "matmul: [3] @ [4,5]: inner dims 3 ≠ 4 (a's last dim must equal b's second-to-last dim)",
  },
  {
    name: "matmul: batch dims that clash",
    inputs: { a: z(2, 3, 4), b: z(3, 4, 5) },
    ours: ({ a, b }) => g.matmul(a, b),
    torch: "a @ b",
    message: /^matmul: batch dims of \[2,3,4\] @ \[3,4,5\]: shapes \[2\] and \[3\] cannot broadcast/,
  },
  {
    name: "reshape: wrong element count, with a −1 suggestion",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.reshape([4, 2]),
    torch: "a.reshape(4, 2)",
    message:
      "reshape: cannot view [2,3] (6 elements) as [4,2] (8 elements). Perhaps reshape([-1, 2]), which gives [3,2]?",
    fix: { ours: ({ a }) => a.reshape([-1, 2]), torch: "a.reshape(-1, 2)" },
  },
  {
    name: "reshape: two −1s",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.reshape([-1, -1]),
    torch: "a.reshape(-1, -1)",
    message: "reshape: cannot view [2,3] (6 elements) as [-1,-1] (only one dim may be −1)",
  },
  {
    name: "permute: a repeated dim",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.permute([0, 0]),
    torch: "a.permute(0, 0)",
    message:
      "permute: [0,0] is not a permutation of the 2 dims of [2,3]: name each of 0…1 exactly once, e.g. [1,0] reverses them",
  },
  {
    name: "permute: too few dims",
    inputs: { a: z(2, 3, 4) },
    ours: ({ a }) => a.permute([1, 0]),
    torch: "a.permute(1, 0)",
    message: /^permute: \[1,0\] is not a permutation of the 3 dims of \[2,3,4\]/,
  },
  {
    name: "expand: a dim that is not 1 cannot grow",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.expand([4, 3]),
    torch: "a.expand(4, 3)",
    message:
      "expand: cannot expand [2,3] to [4,3]: only size-1 dims can grow, new dims go in front, and −1 keeps an existing dim",
  },
  {
    name: "expand: −1 for a new dim",
    inputs: { a: z(3, 1) },
    ours: ({ a }) => a.expand([-1, 3, 2]),
    torch: "a.expand(-1, 3, 2)",
    message: /^expand: cannot expand \[3,1\] to \[-1,3,2\]/,
  },
  {
    name: "flatten: start after end",
    inputs: { a: z(2, 3, 4) },
    ours: ({ a }) => a.flatten(2, 1),
    torch: "a.flatten(2, 1)",
    message: "flatten: startDim 2 comes after endDim 1",
  },
  {
    name: "dim out of range in a reduction",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.sum(2),
    torch: "a.sum(2)",
    message: "sum: dim 2 is out of range for a tensor of rank 2 (use −2…1)",
  },
  {
    name: "dim out of range in transpose",
    inputs: { a: z(4) },
    ours: ({ a }) => a.transpose(0, 1),
    torch: "a.transpose(0, 1)",
    message: "transpose: dim 1 is out of range for a tensor of rank 1 (use −1…0)",
  },
  {
    name: "dim out of range in softmax",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.softmax(-3),
    torch: "a.softmax(-3)",
    message: "softmax: dim -3 is out of range for a tensor of rank 2 (use −2…1)",
  },
  {
    name: "item() of several elements",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => a.item(),
    torch: "a.item()",
    message:
      "item: only one-element tensors have an item; this one has shape [2,3] (6 elements). Reduce it first (e.g. x.sum().item()) or use toArray().",
  },
  {
    name: "backward() of a non-scalar without a gradient",
    inputs: { a: z(2, 3).requiresGrad_() },
    ours: ({ a }) => g.mul(a, 2).backward(),
    torch: "(a * 2).backward()",
    message:
      "backward: the gradient can only be implied for a one-element tensor; this one has shape [2,3]. Pass backward(grad) or reduce first, e.g. y.sum().backward()",
  },
  {
    name: "an integer tensor cannot require grad",
    inputs: { i: g.tensor([1, 2], { dtype: "int32" }) },
    ours: ({ i }) => i.requiresGrad_(),
    torch: "i.requires_grad_()",
    message: "requiresGrad: only float tensors can require gradients; this one is int32 — use .float() first",
  },
  {
    name: "retainGrad on a tensor without grad",
    inputs: { a: z(2) },
    ours: ({ a }) => a.retainGrad(),
    torch: "a.retain_grad()",
    message: "retainGrad: this tensor does not require grad, so it gets none",
  },
  {
    name: "backward() of a tensor that does not require grad",
    inputs: { a: z(2, 3) },
    ours: ({ a }) => g.sum(a).backward(),
    torch: "a.sum().backward()",
    message:
      /^backward: this tensor does not require grad — did you create the inputs with \{ requiresGrad: true \}\?/,
  },
];

let torch: TorchResult[] = [];
before(async () => {
  const spec = (c: ErrorCase) => Object.fromEntries(Object.entries(c.inputs).map(([k, t]) => [k, specOf(t)]));
  torch = await askTorchAsync([
    ...cases.map((c) => ({ expr: c.torch, inputs: spec(c) })),
    ...cases.map((c) => ({ expr: c.fix?.torch ?? "torch.zeros(())", inputs: spec(c) })),
  ]);
});

describe("error messages", () => {
  cases.forEach((c, i) => {
    it(c.name, () => {
      assert.ok(torch[i].error, `PyTorch accepts ${c.torch}, so should we`);
      assert.throws(() => c.ours(c.inputs), { message: c.message });
      if (c.fix) {
        const fixed = c.fix.ours(c.inputs);
        const theirs = torch[cases.length + i];
        assert.equal(theirs.error, undefined, `the fix fails in PyTorch: ${theirs.error}`);
        assert.deepEqual([...fixed.shape], theirs.out!.shape, "the fix gives PyTorch's shape");
      }
    });
  });

  it("shape errors are ShapeErrors", () => {
    assert.throws(() => g.add(z(2, 3), z(4)), ShapeError);
    assert.throws(() => g.matmul(z(2, 3), z(4, 5)), ShapeError);
    assert.throws(() => z(2, 3).reshape([5]), ShapeError);
  });
});
