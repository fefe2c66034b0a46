// Adam's update (lib/optim/adam.ts) as a WebAssembly SIMD loop, four weights per instruction.
//
// Why: in JavaScript each weight costs a square root and a division in float64, one weight at a time:
// 5–9 ns a weight, so Adam took a third of an MNIST MLP step (0.9 ms for its 101,770 weights). Here the
// same formula runs in float32, as PyTorch's does, on four lanes, on every thread:
//
//   g ← g + λ·p
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g·g
//   p ← p − (s·m) / (√v / c + ε)            s = η / (1 − β₁ᵗ), c = √(1 − β₂ᵗ)
//
// adam(p, g, m, v, vectors, constants): p, m and v are updated in place; `constants` is the address of
// eight floats [β₁, 1 − β₁, β₂, 1 − β₂, s, c, ε, λ]. Addresses are bytes, 16-byte aligned.
import { op, v128, vectorLoop, type WasmFunction } from "./wasm-bytes";

/** The constants block's order, as the caller writes it. */
export const ADAM_CONSTANTS = [
  "beta1",
  "oneMinusBeta1",
  "beta2",
  "oneMinusBeta2",
  "stepSize",
  "correction",
  "eps",
  "l2",
] as const;

export const adamFunction: WasmFunction = (() => {
  const [p, g, m, v, vectors, constants] = [0, 1, 2, 3, 4, 5];
  // locals after the params: each constant in all four lanes, then this vector's g, m and v
  const [B1, OMB1, B2, OMB2, STEP, C, EPS, L2] = ADAM_CONSTANTS.map((_, k) => 6 + k);
  const [G, M, V] = [14, 15, 16];
  const splats = ADAM_CONSTANTS.flatMap((_, k) => [op.get(constants), op.loadSplat32(4 * k), op.set(6 + k)]);
  return {
    name: "adam",
    params: 6,
    locals: [[ADAM_CONSTANTS.length + 3, v128]],
    body: [
      ...splats,
      ...vectorLoop([p, g, m, v], vectors, [
        // g + λ·p
        ...[op.get(g), op.load(0), op.get(L2), op.get(p), op.load(0), op.f32x4Mul, op.f32x4Add, op.set(G)],
        // m ← β₁·m + (1 − β₁)·g
        ...[
          op.get(B1),
          op.get(m),
          op.load(0),
          op.f32x4Mul,
          op.get(OMB1),
          op.get(G),
          op.f32x4Mul,
          op.f32x4Add,
        ],
        ...[op.set(M), op.get(m), op.get(M), op.store(0)],
        // v ← β₂·v + (1 − β₂)·g·g
        ...[op.get(B2), op.get(v), op.load(0), op.f32x4Mul, op.get(OMB2), op.get(G), op.f32x4Mul, op.get(G)],
        ...[op.f32x4Mul, op.f32x4Add, op.set(V), op.get(v), op.get(V), op.store(0)],
        // p ← p − (s·m) / (√v / c + ε)
        ...[op.get(p), op.get(p), op.load(0), op.get(STEP), op.get(M), op.f32x4Mul],
        ...[op.get(V), op.f32x4Sqrt, op.get(C), op.f32x4Div, op.get(EPS), op.f32x4Add, op.f32x4Div],
        ...[op.f32x4Sub, op.store(0)],
      ]),
    ],
  };
})();
