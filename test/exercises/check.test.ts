// The checker on its own: right, wrong (with its hint, and without the reference's values), not done,
// a throwing answer, tolerances, shapes, gradcheck and the loss, and what a notebook receives.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { History } from "../../lib/train/history";
import { record, tensor, type Tensor } from "../../lib/index";
import { check, evaluate, exerciseMime, notDone, type ExerciseResult } from "../../exercises/index";

// a reference with digits no message could show by chance
const reference = tensor([0.123456, -2.71828, 3.14159, 0.5772156]);
const shown = (r: ExerciseResult) =>
  r.toString() + r.toHTML() + JSON.stringify(r[Symbol.for("Jupyter.display") as never]);

const closeTo = (answer: () => unknown, options = {}) =>
  evaluate("close", { points: 2 }, (ex) => void ex.close(answer(), reference, options));

describe("a right answer", () => {
  const r = closeTo(() => reference.add(1e-7));
  test("is right, earns every point, and says what held", () => {
    assert.equal(r.status, "right");
    assert.equal(r.earned, 2);
    assert.equal(r.toString(), "✓ close — 2/2 points\n  ✓ your answer matches the reference (4 elements)");
  });
  test("records {id, points, earned, status} under the exercise MIME type, next to text and HTML", () => {
    const bundle = r[Symbol.for("Jupyter.display") as never] as () => Record<string, unknown>;
    const data = (bundle as unknown as () => Record<string, unknown>).call(r);
    assert.deepEqual(data[exerciseMime], { id: "close", points: 2, earned: 2, status: "right" });
    assert.match(String(data["text/html"]), /class="gradlab-exercise"[^>]*#080/);
    assert.equal(data["text/plain"], r.toString());
  });
});

describe("a wrong answer", () => {
  const wrong = reference.mul(tensor([1, 2, 1, 2]));
  const r = evaluate("1.2 sigmoid backward", { points: 2 }, (ex) => {
    ex.shape(wrong, [4]);
    ex.close(wrong, reference, { what: "∂L/∂x", hint: "σ′(x) = σ(x)·(1 − σ(x))" });
  });
  test("is wrong, earns nothing, and names the positions that differ with the hint", () => {
    assert.equal(r.status, "wrong");
    assert.equal(r.earned, 0);
    assert.equal(
      r.toString(),
      [
        "✗ 1.2 sigmoid backward — 0/2 points",
        "  ✓ the shape is [4]",
        "  ✗ ∂L/∂x: 2 of 4 elements differ from the reference, at [1], [3]",
        "    hint: σ′(x) = σ(x)·(1 − σ(x))",
      ].join("\n"),
    );
  });
  test("never shows a value of the reference", () => {
    for (const v of reference.data) assert.ok(!shown(r).includes(String(v).slice(0, 5)), `${v} leaked`);
    assert.ok(!/0\.12|2\.71|3\.14|0\.57/.test(shown(r)));
  });
  test("a known mistake gets its own hint instead of the general one", () => {
    const m = closeTo(() => wrong, {
      hint: "general",
      mistakes: [
        [reference.neg(), "sign"],
        [wrong, "doubled"],
      ],
    });
    assert.match(m.toString(), /hint: doubled$/);
    assert.doesNotMatch(m.toString(), /general|sign/);
  });
  test("partial credit counts the parts that pass, when asked", () => {
    const test = (ex: Parameters<Parameters<typeof evaluate>[2]>[0]) => {
      ex.shape(wrong, [4]);
      ex.close(wrong, reference);
    };
    assert.equal(evaluate("p", { points: 3, partial: true }, test).earned, 1.5);
    assert.equal(evaluate("p", { points: 3 }, test).earned, 0);
  });
});

describe("an answer that is not done or throws", () => {
  test("the release stub (throw notDone()) reports not done, not a crash", () => {
    const sigmoidBackward = (): Tensor => {
      throw notDone();
    };
    const r = closeTo(() => sigmoidBackward());
    assert.equal(r.status, "not done");
    assert.equal(r.earned, 0);
    assert.match(r.toString(), /^○ close — not done yet \(0\/2 points\)\n {2}write your answer/);
  });
  test('a hand-written stub, throw new Error("not done yet"), is not done too', () => {
    assert.equal(
      closeTo(() => {
        throw new Error("not done yet");
      }).status,
      "not done",
    );
  });
  test("any other error is reported with its line, and the parts before it", () => {
    const r = evaluate("e", {}, (ex) => {
      ex.that(true, "first part");
      ex.close((undefined as unknown as { x: Tensor }).x, reference);
    });
    assert.equal(r.status, "error");
    assert.match(
      r.toString(),
      /^⚠ e — your code threw \(0\/1 point\)\n {2}TypeError: Cannot read properties of undefined \(reading 'x'\)\n {2}✓ first part$/,
    );
  });
  test("an answer that returned nothing says so", () => {
    const r = closeTo(() => undefined);
    assert.match(
      r.toString(),
      /✗ your answer: got undefined \(did your function return its result\?\), expected a tensor/,
    );
  });
  test("a check that checks nothing is the teacher's error, not a pass", () => {
    assert.equal(evaluate("empty", {}, () => undefined).status, "error");
  });
});

describe("tolerances and shapes", () => {
  test("atol and rtol decide what is close", () => {
    const off = () => reference.add(1e-3);
    assert.equal(closeTo(off).status, "wrong");
    assert.equal(closeTo(off, { atol: 2e-3 }).status, "right");
    assert.equal(closeTo(off, { atol: 0, rtol: 1e-3 }).status, "wrong"); // 0.123456·1e-3 < 1e-3
    assert.equal(closeTo(off, { atol: 0, rtol: 1e-2 }).status, "right");
  });
  test("NaN is never close, numbers and nested arrays compare like tensors", () => {
    assert.equal(closeTo(() => tensor([NaN, -2.71828, 3.14159, 0.5772156])).status, "wrong");
    assert.equal(closeTo(() => [0.123456, -2.71828, 3.14159, 0.5772156]).status, "right");
    assert.equal(evaluate("n", {}, (ex) => void ex.close(0.1 + 0.2, 0.3)).status, "right");
  });
  test("a wrong shape names both shapes", () => {
    const r = evaluate("s", {}, (ex) => {
      ex.shape(tensor([[1, 2, 3]]), [3]);
      ex.close(tensor([[1, 2, 3]]), reference.reshape([2, 2]));
    });
    assert.match(
      r.toString(),
      /✗ the shape is \[1,3\], expected \[3\]\n {2}✗ your answer has shape \[1,3\], expected \[2,2\]/,
    );
    assert.equal(evaluate("s", {}, (ex) => void ex.shape(reference, [4])).status, "right");
  });
});

describe("gradients and training", () => {
  // sigmoid as an op whose backward the student writes
  const sigmoidWith = (backward: (out: Tensor, g: Tensor) => Tensor) => (x: Tensor) => {
    const out = x.detach().sigmoid();
    return record("sigmoid (yours)", [x], out, (g) => [backward(out, g)]);
  };
  const x = tensor([-3, -1, 0, 0.5, 2]);
  const gradcheckOf = (backward: (out: Tensor, g: Tensor) => Tensor) =>
    evaluate("g", {}, (ex) => void ex.gradcheck(sigmoidWith(backward), [x], { hint: "σ(1 − σ)" }));
  test("a right backward passes gradcheck", () => {
    const r = gradcheckOf((out, g) => g.mul(out).mul(out.neg().add(1)));
    assert.equal(r.status, "right");
    assert.match(r.toString(), /✓ the gradient agrees with central differences \(5 elements\)/);
  });
  test("a wrong backward fails it, naming elements but not gradients", () => {
    const r = gradcheckOf((out, g) => g.mul(out));
    assert.equal(r.status, "wrong");
    assert.match(
      r.toString(),
      /✗ the gradient: autograd and central differences disagree at 5 of 5 elements \(input 0 \[0\], input 0 \[1\], input 0 \[2\], input 0 \[3\], …\)\n {4}hint: σ\(1 − σ\)/,
    );
    assert.doesNotMatch(r.toString(), /0\.04|0\.19|0\.25/); // σ′ at -3, -1, 0
  });
  test("the loss went down, from a History or a list", () => {
    const h = new History();
    [0.9, 0.5, 0.3].forEach((loss, epoch) => h.push({ epoch, loss }));
    const down = evaluate("l", {}, (ex) => void ex.lossWentDown(h));
    assert.equal(down.status, "right");
    assert.match(down.toString(), /✓ the loss went down \(0\.9000 → 0\.3000\)/);
    assert.equal(evaluate("l", {}, (ex) => void ex.lossWentDown([1, 1.2])).status, "wrong");
    assert.equal(evaluate("l", {}, (ex) => void ex.lossWentDown([1, 0.8], { by: 0.5 })).status, "wrong");
    assert.equal(evaluate("l", {}, (ex) => void ex.lossWentDown([1, NaN])).status, "wrong");
  });
});

describe("check() in a notebook and outside", () => {
  test("displays the result through the kernel's display() when there is one", () => {
    const shownValues: unknown[] = [];
    const g = globalThis as { display?: unknown };
    g.display = (v: unknown) => shownValues.push(v);
    try {
      const returned = check("shown", (ex) => void ex.that(true, "yes"));
      assert.equal(returned, undefined); // nothing for the cell to show a second time
    } finally {
      delete g.display;
    }
    assert.equal(shownValues.length, 1);
    assert.equal((shownValues[0] as ExerciseResult).status, "right");
  });
  test("prints its text otherwise; an async test makes it return a promise", async () => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (s: string) => lines.push(s);
    try {
      check("sync", { points: 2 }, (ex) => void ex.that(false, "no", "try again"));
      await check("async", async (ex) => {
        await new Promise((r) => setTimeout(r, 1));
        ex.that(true, "later");
      });
    } finally {
      console.log = log;
    }
    assert.deepEqual(lines, [
      "✗ sync — 0/2 points\n  ✗ no\n    hint: try again",
      "✓ async — 1/1 point\n  ✓ later",
    ]);
  });
  test("an async test that rejects with the stub is not done", async () => {
    const r = await evaluate("a", {}, async () => {
      throw notDone();
    });
    assert.equal(r.status, "not done");
  });
});
