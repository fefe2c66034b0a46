// dtype conversions against PyTorch; gradients flow back through float casts in the leaf's dtype.
import "../../helpers/torch-warm";
import { manualSeed, mul, to } from "../../../lib/index";
import { constant, leaf, oracleSuite, type OpCase } from "./oracle";

manualSeed(4);

const cases: OpCase[] = [
  {
    name: "float32 → float64",
    inputs: { x: leaf([2, 3]) },
    ours: ({ x }) => x.double(),
    torch: "x.double()",
  },
  {
    name: "float64 maths on a float32 leaf: the gradient comes back float32",
    inputs: { x: leaf([4]), w: leaf([4]).double().detach() },
    ours: ({ x, w }) => mul(x.double(), w),
    torch: "x.double() * w",
  },
  {
    name: "float64 → float32",
    inputs: { x: leaf([3]).double().detach().requiresGrad_() },
    ours: ({ x }) => to(x, "float32"),
    torch: "x.float()",
  },
  {
    name: "float → int truncates toward 0",
    inputs: { x: constant([-2.7, -0.5, 0.5, 2.7], [4]) },
    ours: ({ x }) => x.int(),
    torch: "x.long()",
  },
  {
    name: "float → bool (nonzero, NaN counts)",
    inputs: { x: constant([0, -0.5, 2, NaN], [4]) },
    ours: ({ x }) => x.bool(),
    torch: "x.bool()",
  },
  {
    name: "int → float",
    inputs: { i: constant([-3, 0, 5], [3], "int32") },
    ours: ({ i }) => i.float(),
    torch: "i.float()",
  },
  {
    name: "bool → float",
    inputs: { m: constant([1, 0, 1], [3], "bool") },
    ours: ({ m }) => m.float(),
    torch: "m.float()",
  },
  {
    name: "clone keeps the graph",
    inputs: { x: leaf([2, 2]) },
    ours: ({ x }) => mul(x.clone(), x),
    torch: "x.clone() * x",
  },
];

oracleSuite("cast vs PyTorch", cases);
