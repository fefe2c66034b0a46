// conv2d and its gradients (and their gradients) against PyTorch, on every backend; float64 cases run
// the reference kernels on every backend (gpu.js is float32 only), and their labels say so.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { backward } from "../../../lib/autograd";
import { randn } from "../../../lib/creation";
import { manualSeed } from "../../../lib/random";
import { conv2d } from "../../../lib/ops/conv";
import { mul } from "../../../lib/ops/arithmetic";
import { sum } from "../../../lib/ops/reduce";
import { testBackends } from "../../helpers/backends";
import { type OpCase, leaf, oracleSuite } from "./oracle";

manualSeed(7);
const tolerance = { rtol: 1e-5, atol: 1e-5 };

/** One conv2d case: shapes and options, written once for both sides. */
function conv(
  name: string,
  xShape: number[],
  wShape: number[],
  options: {
    bias?: boolean;
    stride?: number | [number, number];
    padding?: number | [number, number] | "same" | "valid";
    dilation?: number | [number, number];
    groups?: number;
    dtype?: "float64";
  } = {},
): OpCase {
  const { bias, dtype, ...rest } = options;
  const inputs = {
    x: leaf(xShape, { dtype }),
    w: leaf(wShape, { dtype }),
    ...(bias ? { b: leaf([wShape[0]], { dtype }) } : {}),
  };
  const py = (v: unknown) =>
    Array.isArray(v) ? `(${v.join(", ")})` : typeof v === "string" ? `"${v}"` : String(v);
  const kwargs = Object.entries(rest)
    .map(([k, v]) => `, ${k}=${py(v)}`)
    .join("");
  return {
    name,
    torch: `F.conv2d(x, w, ${bias ? "b" : "None"}${kwargs})`,
    inputs,
    ours: (i) => conv2d(i.x, i.w, i.b, rest),
    tol: dtype ? { rtol: 1e-10, atol: 1e-10 } : tolerance,
  };
}

/** ∂(Σ conv2d(x, w)·u)/∂x taken with createGraph, then differentiated again (w.r.t. w and u). */
function doubleBackward(
  name: string,
  wrt: "x" | "w",
  options: { stride?: number; padding?: number; groups?: number },
  dtype: "float32" | "float64" = "float64",
): OpCase {
  const [xShape, wShape] =
    options.groups === 2
      ? [
          [2, 4, 5, 5],
          [4, 2, 3, 3],
        ]
      : [
          [2, 3, 5, 5],
          [2, 3, 3, 3],
        ];
  const inputs = { x: leaf(xShape, { dtype }), w: leaf(wShape, { dtype }) };
  const probe = conv2d(inputs.x, inputs.w, undefined, options);
  const u = randn([...probe.shape], { dtype, requiresGrad: true });
  const kwargs = Object.entries(options)
    .map(([k, v]) => `, ${k}=${v}`)
    .join("");
  return {
    name: `${name}, ${dtype}`,
    torch: `torch.autograd.grad((F.conv2d(x, w${kwargs}) * u).sum(), ${wrt}, create_graph=True)[0]`,
    inputs: { ...inputs, u },
    ours: (i) => {
      backward(sum(mul(conv2d(i.x, i.w, undefined, options), i.u)), undefined, { createGraph: true });
      const g = i[wrt].grad!;
      for (const t of Object.values(i)) t.grad = null;
      return g;
    },
    tol: dtype === "float64" ? { rtol: 1e-10, atol: 1e-10 } : tolerance,
  };
}

const cases: OpCase[] = [
  conv("plain 3×3", [2, 3, 6, 6], [4, 3, 3, 3]),
  conv("bias and padding 1", [2, 3, 6, 6], [4, 3, 3, 3], { bias: true, padding: 1 }),
  conv("stride 2, padding [1,0]", [2, 3, 7, 6], [4, 3, 3, 3], { bias: true, stride: 2, padding: [1, 0] }),
  conv("stride [2,1] with a 2×3 kernel", [1, 2, 7, 7], [3, 2, 2, 3], { stride: [2, 1] }),
  conv("stride that does not divide", [2, 2, 8, 8], [3, 2, 3, 3], { stride: 3, padding: 1 }),
  conv("dilation 2, padding 2", [2, 3, 7, 7], [2, 3, 3, 3], { dilation: 2, padding: 2 }),
  conv("groups 2", [2, 4, 5, 5], [6, 2, 3, 3], { bias: true, groups: 2, padding: 1 }),
  conv("depthwise (groups = channels)", [2, 3, 5, 5], [3, 1, 3, 3], { bias: true, groups: 3, padding: 1 }),
  conv("depthwise multiplier 2", [1, 2, 5, 5], [4, 1, 3, 3], { groups: 2 }),
  conv('"same" with an odd kernel', [2, 2, 5, 5], [3, 2, 3, 3], { padding: "same", bias: true }),
  conv('"same" with an even kernel 4×2', [2, 2, 5, 6], [3, 2, 4, 2], { padding: "same" }),
  conv('"same" with dilation 2 and kernel 2', [1, 2, 6, 5], [2, 2, 2, 2], { padding: "same", dilation: 2 }),
  conv('"valid"', [1, 2, 5, 5], [2, 2, 3, 3], { padding: "valid" }),
  conv("1×1 kernel", [2, 4, 3, 3], [5, 4, 1, 1], { bias: true }),
  conv("kernel as large as the input", [2, 2, 3, 3], [2, 2, 3, 3]),
  conv("unbatched [C, H, W] input", [3, 5, 5], [2, 3, 3, 3], { bias: true, padding: 1 }),
  conv("float64", [2, 3, 5, 5], [2, 3, 3, 3], { bias: true, padding: 1, stride: 2, dtype: "float64" }),
  doubleBackward("double backward: ∂x then ∂w, ∂u", "x", { stride: 2, padding: 1 }),
  doubleBackward("double backward: ∂w then ∂x, ∂u", "w", { padding: 1 }),
  doubleBackward("double backward with groups", "x", { groups: 2 }),
  // float32, so that on a gpu backend the gradients' gradients run on its kernels too
  doubleBackward("double backward: ∂x then ∂w, ∂u", "x", { stride: 2, padding: 1 }, "float32"),
  doubleBackward("double backward: ∂w then ∂x, ∂u", "w", { padding: 1 }, "float32"),
  doubleBackward("double backward with groups", "x", { groups: 2 }, "float32"),
];

oracleSuite("conv2d = F.conv2d, and its gradients", cases, testBackends());

describe("conv2d shape errors name the op, both shapes and a fix", () => {
  const x = randn([8, 3, 28, 28]);
  test("wrong in-channels", () => {
    assert.throws(
      () => conv2d(x, randn([16, 1, 3, 3])),
      /conv2d: input \[8,3,28,28\] has 3 channels but weight \[16,1,3,3\] expects 1 \(1 × groups 1\) — did you mean in_channels=3\?/,
    );
  });
  test("groups that do not divide the channels", () => {
    assert.throws(
      () => conv2d(x, randn([16, 1, 3, 3]), undefined, { groups: 2 }),
      /conv2d: groups 2 must divide .*\[8,3,28,28\].*\[16,1,3,3\]/,
    );
  });
  test("bias of the wrong size", () => {
    assert.throws(
      () => conv2d(x, randn([16, 3, 3, 3]), randn([3])),
      /conv2d: bias \[3\] should be \[16\].*\[16,3,3,3\]/,
    );
  });
  test("input of the wrong rank", () => {
    assert.throws(
      () => conv2d(randn([8, 784]), randn([16, 3, 3, 3])),
      /conv2d: input \[8,784\] should be \[N, C, H, W\]/,
    );
  });
  test("kernel larger than the padded input", () => {
    assert.throws(
      () => conv2d(randn([1, 3, 2, 2]), randn([4, 3, 3, 3])),
      /conv2d: input \[1,3,2,2\] padded to 2×2 is smaller than the kernel of weight \[4,3,3,3\]/,
    );
  });
  test('"same" with a stride', () => {
    assert.throws(
      () => conv2d(x, randn([4, 3, 3, 3]), undefined, { padding: "same", stride: 2 }),
      /conv2d: padding "same" needs stride 1.*padding: 1/,
    );
  });
});
