// nn.BatchNorm1d / BatchNorm2d as modules against torch.nn's: over several training steps the running
// mean, the running (unbiased) variance and num_batches_tracked move exactly as PyTorch's do, with a
// non-default momentum and eps, and eval() then normalises with them as PyTorch's eval() does.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { manualSeed, rand, randn, type Tensor } from "../../../lib";
import * as nn from "../../../lib/nn";
import { assertClose } from "../../helpers/close";
import { python, specOf, type FlatTensor } from "../../helpers/torch";

const twin = join(__dirname, "../io/torch_twin.py");

for (const [dims, shape] of [
  [1, [6, 3]],
  [1, [4, 3, 5]],
  [2, [4, 3, 2, 3]],
] as const) {
  test(`BatchNorm${dims}d on [${shape}]: running statistics over 3 training steps, then eval, = PyTorch`, () => {
    manualSeed(20 + shape.length);
    const options = { momentum: 0.3, eps: 1e-3 };
    const bn = dims === 1 ? new nn.BatchNorm1d(3, options) : new nn.BatchNorm2d(3, options);
    // start from non-default weights and statistics, so that nothing agrees by accident
    bn.weight!.data.set(rand([3]).add(0.5).data);
    bn.bias!.data.set(randn([3]).data);
    bn.running_mean.data.set(randn([3]).data);
    bn.running_var.data.set(rand([3]).add(0.5).data);
    const state = Object.fromEntries(Object.entries(bn.stateDict()).map(([k, t]) => [k, specOf(t)]));
    const steps = [0, 1, 2].map((i) =>
      randn([...shape])
        .mul(i + 1)
        .add(i),
    );
    const input = randn([...shape]);
    const run = spawnSync(python, [twin], {
      input: JSON.stringify({
        op: "batchnorm",
        dims,
        features: 3,
        ...options,
        state,
        steps: steps.map(specOf),
        input: specOf(input),
      }),
      encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    const theirs = JSON.parse(run.stdout) as { states: Record<string, FlatTensor>[]; out: FlatTensor };
    steps.forEach((x: Tensor, i) => {
      bn.train().forward(x);
      const ours = bn.stateDict();
      assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs.states[i]).sort());
      for (const [name, t] of Object.entries(ours))
        assertClose(t, theirs.states[i][name], `after step ${i + 1}: ${name}`, { rtol: 1e-5, atol: 1e-6 });
    });
    assertClose(bn.eval().forward(input), theirs.out, "eval output", { rtol: 1e-5, atol: 1e-5 });
  });
}
