// Each op's local derivative, as written in its doc comment in lib/ops: what the stepper shows beside
// the numbers. Kept here as a table (not in lib) so the ops stay plain code and the maths reads in one place.
// `inputs` names the op's inputs in order; `elementwise` ops have a local derivative per element, which
// the stepper can show as numbers (for the others, e.g. matmul, only the product is a tensor of its own).

export interface OpFormula {
  /** the op's inputs, in order, as the formulas name them */
  inputs: string[];
  /** what the op computes */
  forward: string;
  /** ∂output/∂input for each input, written for an upstream gradient g where the rule needs it */
  derivative: string[];
  elementwise?: boolean;
}

const unary = (forward: string, derivative: string): OpFormula => ({
  inputs: ["x"],
  forward,
  derivative: [derivative],
  elementwise: true,
});

export const formulas: Record<string, OpFormula> = {
  add: { inputs: ["a", "b"], forward: "a + b", derivative: ["∂/∂a = 1", "∂/∂b = 1"], elementwise: true },
  sub: { inputs: ["a", "b"], forward: "a − b", derivative: ["∂/∂a = 1", "∂/∂b = −1"], elementwise: true },
  mul: { inputs: ["a", "b"], forward: "a · b", derivative: ["∂/∂a = b", "∂/∂b = a"], elementwise: true },
  div: {
    inputs: ["a", "b"],
    forward: "a / b",
    derivative: ["∂/∂a = 1/b", "∂/∂b = −a/b²"],
    elementwise: true,
  },
  pow: {
    inputs: ["a", "b"],
    forward: "aᵇ",
    derivative: ["∂/∂a = b·aᵇ⁻¹", "∂/∂b = aᵇ·ln a"],
    elementwise: true,
  },
  maximum: {
    inputs: ["a", "b"],
    forward: "max(a, b)",
    derivative: ["∂/∂a = 1 where a > b (½ on ties)", "∂/∂b = 1 where b > a (½ on ties)"],
    elementwise: true,
  },
  minimum: {
    inputs: ["a", "b"],
    forward: "min(a, b)",
    derivative: ["∂/∂a = 1 where a < b (½ on ties)", "∂/∂b = 1 where b < a (½ on ties)"],
    elementwise: true,
  },
  where: {
    inputs: ["a", "b"],
    forward: "condition ? a : b",
    derivative: ["∂/∂a = condition", "∂/∂b = ¬condition"],
    elementwise: true,
  },
  neg: unary("−x", "d/dx = −1"),
  exp: unary("eˣ", "d/dx = eˣ (the output itself)"),
  log: unary("ln x", "d/dx = 1/x"),
  sqrt: unary("√x", "d/dx = 1/(2√x)"),
  abs: unary("|x|", "d/dx = sign(x)"),
  sin: unary("sin x", "d/dx = cos x"),
  cos: unary("cos x", "d/dx = −sin x"),
  relu: unary("max(0, x)", "d/dx = 1 where x > 0, else 0"),
  leakyRelu: unary("x if x > 0 else slope·x", "d/dx = 1 where x > 0, else slope"),
  sigmoid: unary("σ(x) = 1 / (1 + e⁻ˣ)", "d/dx = σ(x)·(1 − σ(x))"),
  tanh: unary("tanh x", "d/dx = 1 − tanh²x"),
  softplus: unary("ln(1 + eˣ)", "d/dx = σ(x)"),
  gelu: unary("x·Φ(x)", "d/dx = Φ(x) + x·φ(x)"),
  clamp: unary("x limited to [min, max]", "d/dx = 1 inside the range, 0 where clipped"),
  to: unary("x in another dtype", "d/dx = 1 (the gradient is cast back)"),
  clone: unary("a copy of x", "d/dx = 1"),
  softmax: {
    inputs: ["x"],
    forward: "sᵢ = e^xᵢ / Σⱼ e^xⱼ",
    derivative: ["∂/∂x = s ⊙ (g − Σ g⊙s)"],
  },
  sum: { inputs: ["x"], forward: "Σ x", derivative: ["∂/∂x = 1: g spread back over the summed dims"] },
  max: { inputs: ["x"], forward: "max x", derivative: ["∂/∂x = 1 where x is the max (shared on ties)"] },
  min: { inputs: ["x"], forward: "min x", derivative: ["∂/∂x = 1 where x is the min (shared on ties)"] },
  matmul: { inputs: ["A", "B"], forward: "A·B", derivative: ["∂/∂A = G·Bᵀ", "∂/∂B = Aᵀ·G"] },
  conv2d: {
    inputs: ["x", "w", "b"],
    forward: "conv(x, w) + b",
    derivative: [
      "∂/∂x = G convolved with w, transposed",
      "∂/∂w = x correlated with G",
      "∂/∂b = Σ G over batch and positions",
    ],
  },
  reshape: { inputs: ["x"], forward: "x in a new shape", derivative: ["∂/∂x = g reshaped back"] },
  expand: { inputs: ["x"], forward: "x repeated to a shape", derivative: ["∂/∂x = g summed back"] },
  permute: { inputs: ["x"], forward: "x with dims reordered", derivative: ["∂/∂x = g permuted back"] },
  take: {
    inputs: ["x"],
    forward: "elements of x at positions",
    derivative: ["∂/∂x = g scatter-added to the positions read"],
  },
  concat: { inputs: ["x…"], forward: "the inputs joined", derivative: ["∂/∂xᵢ = g's piece for xᵢ"] },
  maxPool2d: {
    inputs: ["x"],
    forward: "the max of each window",
    derivative: ["∂/∂x = g routed to each window's winner"],
  },
  avgPool2d: {
    inputs: ["x"],
    forward: "the mean of each window",
    derivative: ["∂/∂x = g spread evenly over each window"],
  },
};

/** The formula for `op`, or a note that says none is known (an op written with record()). */
export function formulaOf(op: string, inputCount: number): OpFormula {
  const known = formulas[op];
  if (known) return known;
  const inputs = Array.from({ length: inputCount }, (_, i) => `x${i}`);
  return {
    inputs,
    forward: op,
    derivative: inputs.map((x) => `∂/∂${x}: computed by ${op}'s own backward`),
  };
}
