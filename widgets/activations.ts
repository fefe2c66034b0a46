// What each layer of a model outputs for a batch: its activations. Modules have no forward hooks, so the
// model runs once with each leaf module's forward wrapped to record its output, then unwrapped — the same
// idea as PyTorch's register_forward_hook, for one call.
import { noGrad } from "../lib/autograd";
import type { Module } from "../lib/nn/module";
import { ReLU } from "../lib/nn/activation";
import type { Tensor } from "../lib/tensor";

/** The output of every leaf module (a layer with no children) for input `x`, by module path ("0", "1", …). */
export function activations(model: Module, x: Tensor): [string, Tensor][] {
  const outputs: [string, Tensor][] = [];
  const leaves = model.namedModules().filter(([, m]) => m.children().length === 0);
  const originals = leaves.map(([name, m]) => {
    const forward = m.forward;
    m.forward = (...inputs: Tensor[]) => {
      const out = forward.apply(m, inputs);
      outputs.push([name || m.constructor.name, out]);
      return out;
    };
    return [m, forward] as const;
  });
  const wasTraining = model.training;
  try {
    model.eval();
    noGrad(() => model.forward(x));
  } finally {
    for (const [m, forward] of originals) m.forward = forward;
    model.train(wasTraining);
  }
  return outputs;
}

/** For each ReLU layer, the share of its units that output 0 for every sample of `x` ("dead" units). */
export function deadReluFractions(model: Module, x: Tensor): [string, number][] {
  const relus = new Set(
    model
      .namedModules()
      .filter(([, m]) => m instanceof ReLU)
      .map(([name]) => name),
  );
  return activations(model, x)
    .filter(([name]) => relus.has(name))
    .map(([name, out]) => [name, deadFraction(out)]);
}

/** Units are everything but the batch dim: a unit is dead if it is 0 for every sample. */
function deadFraction(out: Tensor): number {
  const n = out.shape[0];
  const units = out.size / n;
  let dead = 0;
  for (let u = 0; u < units; u++) {
    let alive = false;
    for (let s = 0; s < n && !alive; s++) alive = out.data[s * units + u] > 0;
    if (!alive) dead++;
  }
  return dead / units;
}
