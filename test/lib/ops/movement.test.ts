// reshape, flatten, squeeze, unsqueeze, expand, permute, transpose against PyTorch; gradients move back.
import "../../helpers/torch-warm";
import assert from "node:assert/strict";
import { test } from "node:test";
import { expand, manualSeed, mul, permute, reshape, transpose } from "../../../lib/index";
import { leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(5);

const cases: OpCase[] = [
  {
    name: "reshape [2,3,4] → [4,-1]",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => reshape(x, [4, -1]),
    torch: "x.reshape(4, -1)",
  },
  {
    name: "reshape [1] → []",
    inputs: { x: leaf([1]) },
    ours: ({ x }) => x.reshape([]),
    torch: "x.reshape(())",
  },
  {
    name: "reshape [0,3] → [3,0]",
    inputs: { x: leaf([0, 3]) },
    ours: ({ x }) => x.reshape([3, 0]),
    torch: "x.reshape(3, 0)",
  },
  {
    name: "view [4,3] → [2,2,3]",
    inputs: { x: leaf([4, 3]) },
    ours: ({ x }) => x.view([2, 2, 3]),
    torch: "x.view(2, 2, 3)",
  },
  { name: "flatten all", inputs: { x: leaf([2, 3, 4]) }, ours: ({ x }) => x.flatten(), torch: "x.flatten()" },
  {
    name: "flatten(1)",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.flatten(1),
    torch: "x.flatten(1)",
  },
  {
    name: "flatten(0, 1)",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.flatten(0, 1),
    torch: "x.flatten(0, 1)",
  },
  { name: "flatten 0-d", inputs: { x: leaf([]) }, ours: ({ x }) => x.flatten(), torch: "x.flatten()" },
  {
    name: "squeeze all",
    inputs: { x: leaf([1, 3, 1, 2]) },
    ours: ({ x }) => x.squeeze(),
    torch: "x.squeeze()",
  },
  {
    name: "squeeze(2)",
    inputs: { x: leaf([1, 3, 1, 2]) },
    ours: ({ x }) => x.squeeze(2),
    torch: "x.squeeze(2)",
  },
  {
    name: "squeeze(1) of a size-3 dim does nothing",
    inputs: { x: leaf([1, 3]) },
    ours: ({ x }) => x.squeeze(1),
    torch: "x.squeeze(1)",
  },
  {
    name: "squeeze(-1) of 0-d",
    inputs: { x: leaf([]) },
    ours: ({ x }) => x.squeeze(-1),
    torch: "x.squeeze(-1)",
  },
  {
    name: "unsqueeze(0)",
    inputs: { x: leaf([3, 2]) },
    ours: ({ x }) => x.unsqueeze(0),
    torch: "x.unsqueeze(0)",
  },
  {
    name: "unsqueeze(-1)",
    inputs: { x: leaf([3, 2]) },
    ours: ({ x }) => x.unsqueeze(-1),
    torch: "x.unsqueeze(-1)",
  },
  {
    name: "unsqueeze 0-d",
    inputs: { x: leaf([]) },
    ours: ({ x }) => x.unsqueeze(0),
    torch: "x.unsqueeze(0)",
  },
  {
    name: "expand [3,1] → [2,3,4]",
    inputs: { x: leaf([3, 1]) },
    ours: ({ x }) => expand(x, [2, 3, 4]),
    torch: "x.expand(2, 3, 4)",
  },
  {
    name: "expand with −1",
    inputs: { x: leaf([3, 1]) },
    ours: ({ x }) => x.expand([-1, 5]),
    torch: "x.expand(-1, 5)",
  },
  {
    name: "expand 0-d → [2,2]",
    inputs: { x: leaf([]) },
    ours: ({ x }) => x.expand([2, 2]),
    torch: "x.expand(2, 2)",
  },
  {
    name: "broadcastTo [4] → [3,4]",
    inputs: { x: leaf([4]) },
    ours: ({ x }) => x.broadcastTo([3, 4]),
    torch: "torch.broadcast_to(x, (3, 4))",
  },
  {
    name: "expandAs",
    inputs: { x: leaf([1, 4]), y: leaf([3, 4]) },
    ours: ({ x, y }) => mul(x.expandAs(y), y),
    torch: "x.expand_as(y) * y",
  },
  {
    name: "permute [2,3,4] by [2,0,1]",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => permute(x, [2, 0, 1]),
    torch: "x.permute(2, 0, 1)",
  },
  {
    name: "permute with negative dims",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.permute([-1, -3, -2]),
    torch: "x.permute(-1, -3, -2)",
  },
  {
    name: "permute 4-D",
    inputs: { x: leaf([2, 1, 3, 2]) },
    ours: ({ x }) => x.permute([3, 1, 0, 2]),
    torch: "x.permute(3, 1, 0, 2)",
  },
  {
    name: "transpose (last two)",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => transpose(x),
    torch: "x.transpose(-2, -1)",
  },
  {
    name: "transpose(0, 2)",
    inputs: { x: leaf([2, 3, 4]) },
    ours: ({ x }) => x.transpose(0, 2),
    torch: "x.transpose(0, 2)",
  },
  { name: "T of a matrix", inputs: { x: leaf([2, 5]) }, ours: ({ x }) => x.T, torch: "x.T" },
  { name: "transpose of an empty matrix", inputs: { x: leaf([0, 3]) }, ours: ({ x }) => x.T, torch: "x.T" },
  {
    name: "permute → reshape → mul (non-contiguous in PyTorch)",
    inputs: { x: leaf([2, 3, 4]), y: leaf([4, 6]) },
    ours: ({ x, y }) => mul(x.permute([2, 0, 1]).reshape([4, 6]), y),
    torch: "x.permute(2, 0, 1).reshape(4, 6) * y",
  },
  {
    name: "transpose → sum over dim",
    inputs: { x: leaf([3, 4]) },
    ours: ({ x }) => x.T.sum(1),
    torch: "x.T.sum(1)",
  },
];

oracleSuite("movement vs PyTorch", cases);

test("reshape [6] → [] is an error naming both shapes", () => {
  assert.throws(
    () => leaf([6]).reshape([]),
    /reshape: cannot view \[6\] \(6 elements\) as \[\] \(1 elements\)/,
  );
});

test("reshape [5,3] → [4,-1] is an error: the −1 dim would be 3.75", () => {
  assert.throws(
    () => leaf([5, 3]).reshape([4, -1]),
    /reshape: cannot view \[5,3\] \(15 elements\) as \[4,-1\]/,
  );
});
