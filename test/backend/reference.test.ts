// The reference kernels against PyTorch (the independent oracle), in float32 and float64.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { referenceKernels as ref } from "../../lib/backend/reference";
import type { FloatArray } from "../../lib/backend/kernels";
import { assertKernelClose } from "../helpers/close";
import { convCases, convInputs, matmulCases, matmulInputs, poolCases, poolInputs } from "./cases";
import { askTorch } from "./torch-oracle";

interface Answer {
  y: number[];
  dx: number[];
  dw: number[];
  sameMatches?: boolean;
  max: number[];
  argmax: number[];
  maxGrad: number[];
  avg: number[];
  avgGrad: number[];
}

const f64 = (a: FloatArray) => Float64Array.from(a);
const tight = { rtol: 1e-12, atol: 1e-12 };

const matmuls = matmulCases.map((c, i) => ({ c, ...matmulInputs(c, 100 + i) }));
const convs = convCases.map((c, i) => ({ c, ...convInputs(c, 200 + 10 * i) }));
const pools = poolCases.map((c, i) => ({ c, ...poolInputs(c, 400 + i) }));

let answers: Answer[] = [];
before(() => {
  const cases = [
    ...matmuls.map(({ c, a, b }) => {
      const { batch, m, k, n, transA, transB } = c.args;
      const aShape = transA ? [batch, k, m] : [batch, m, k];
      const bShape = transB ? [batch, n, k] : [batch, k, n];
      return { kind: "matmul", a, b, aShape, bShape, transA, transB };
    }),
    ...convs.map(({ c, x, w, bias, dy }) => ({
      kind: "conv",
      g: c.g,
      x,
      w,
      bias,
      dy,
      torchSame: c.torchSame,
    })),
    ...pools.map(({ c, x, dy }) => ({ kind: "pool", g: c.g, x, dy })),
  ];
  answers = askTorch<Answer>(cases).results;
});
const answer = (i: number) => answers[i];

describe("reference matmul = torch.matmul", () => {
  matmuls.forEach(({ c, a, b }, i) => {
    test(c.name, () => {
      assertKernelClose(ref.matmul({ a, b, ...c.args }), answer(i).y, `matmul ${c.name}`);
      const y64 = ref.matmul({ a: f64(a), b: f64(b), ...c.args });
      assert.ok(y64 instanceof Float64Array, "float64 in, float64 out");
      assertKernelClose(y64, answer(i).y, `matmul ${c.name} float64`, tight);
    });
  });
});

describe("reference conv2d and its gradients = torch conv2d + autograd", () => {
  convs.forEach(({ c, x, w, bias, dy }, j) => {
    const i = matmuls.length + j;
    test(c.name, () => {
      const t = answer(i);
      assertKernelClose(ref.conv2d(x, w, bias, c.g), t.y, `conv2d ${c.name}`);
      assertKernelClose(ref.conv2dInputGrad(dy, w, c.g), t.dx, `conv2d dx ${c.name}`);
      assertKernelClose(ref.conv2dWeightGrad(x, dy, c.g), t.dw, `conv2d dw ${c.name}`);
      const b64 = bias && f64(bias);
      assertKernelClose(ref.conv2d(f64(x), f64(w), b64, c.g), t.y, `conv2d ${c.name} float64`, tight);
      assertKernelClose(ref.conv2dInputGrad(f64(dy), f64(w), c.g), t.dx, `dx ${c.name} float64`, tight);
      assertKernelClose(ref.conv2dWeightGrad(f64(x), f64(dy), c.g), t.dw, `dw ${c.name} float64`, tight);
      if (c.torchSame)
        assert.equal(t.sameMatches, true, `PyTorch padding="same" is ${JSON.stringify(c.g.padding)}`);
    });
  });
});

describe("reference pooling = torch max_pool2d (with indices) / avg_pool2d (count_include_pad)", () => {
  pools.forEach(({ c, x, dy }, j) => {
    const i = matmuls.length + convs.length + j;
    test(c.name, () => {
      const t = answer(i);
      const { y, argmax } = ref.maxPool2d(x, c.g);
      assertKernelClose(y, t.max, `maxPool2d ${c.name}`);
      assert.deepEqual(Array.from(argmax), t.argmax, `maxPool2d argmax ${c.name}`);
      assertKernelClose(ref.maxPool2dGrad(dy, argmax, c.g), t.maxGrad, `maxPool2dGrad ${c.name}`);
      assertKernelClose(ref.avgPool2d(x, c.g), t.avg, `avgPool2d ${c.name}`);
      assertKernelClose(ref.avgPool2dGrad(dy, c.g), t.avgGrad, `avgPool2dGrad ${c.name}`);
      assertKernelClose(ref.avgPool2d(f64(x), c.g), t.avg, `avgPool2d ${c.name} float64`, tight);
    });
  });
});
