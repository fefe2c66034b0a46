// Anomaly mode: the first NaN/Inf, forward or backward, stops with the op and the line of *this* file
// that made it; frames inside gradlab (from source or from dist/) are skipped.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import {
  AnomalyError,
  detectAnomaly,
  isAnomalyEnabled,
  log,
  setDetectAnomaly,
  softmax,
  sqrt,
  tensor,
} from "../../../lib/index";
import { userFrame } from "../../../lib/check/anomaly";

/** the line in this file where `marker` appears (so the test survives edits above it) */
const lineOf = (marker: string) =>
  readFileSync(__filename, "utf8")
    .split("\n")
    .findIndex((l) => l.includes(marker)) + 1;

const caught = (fn: () => void): AnomalyError => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof AnomalyError, `expected an AnomalyError, got ${String(err)}`);
    return err;
  }
  assert.fail("no AnomalyError was raised");
};

describe("anomaly mode", () => {
  it("forward: the first NaN names the op and the line that created the tensor", () => {
    const x = tensor([1, -1]);
    const err = caught(() =>
      detectAnomaly(() => {
        softmax(log(x)); // MARK-forward
      }),
    );
    assert.match(err.message, /^NaN in the forward of log at flat index 1 \(shape \[2\]\)/);
    assert.match(
      err.message,
      new RegExp(`The tensor was created at .*anomaly\\.test\\.ts:${lineOf("MARK-forward")}:`),
    );
  });

  it("backward: an Inf from a backward names that op and where it was called", () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const err = caught(() =>
      detectAnomaly(() => {
        const y = sqrt(x); // MARK-backward — √ is fine at 0, its slope 1/(2√x) is not
        y.sum().backward();
      }),
    );
    assert.match(err.message, /^Inf in the backward of sqrt \(the gradient of its input 0\) at flat index 0/);
    assert.match(
      err.message,
      new RegExp(`The sqrt was called at .*anomaly\\.test\\.ts:${lineOf("MARK-backward")}:`),
    );
  });

  it("is off outside detectAnomaly, and setDetectAnomaly switches it globally", () => {
    assert.equal(isAnomalyEnabled(), false);
    assert.ok(Number.isNaN(log(tensor([-1])).item()), "log(−1) is NaN, with no error outside anomaly mode");
    setDetectAnomaly(true);
    try {
      assert.throws(() => log(tensor([-1])), AnomalyError);
    } finally {
      setDetectAnomaly(false);
    }
  });

  it("restores the previous mode after an error and after an async function", async () => {
    assert.throws(() => detectAnomaly(() => log(tensor([-1]))), AnomalyError);
    assert.equal(isAnomalyEnabled(), false);
    await assert.rejects(
      detectAnomaly(async () => {
        await Promise.resolve();
        log(tensor([-1]));
      }),
      AnomalyError,
    );
    assert.equal(isAnomalyEnabled(), false);
  });

  it("skips gradlab's frames whether it runs from source or from the build", () => {
    const fromDist = [
      "Error",
      "    at creationSite (/home/ann/proj/node_modules/gradlab/dist/lib/check/anomaly.js:40:17)",
      "    at record (/home/ann/proj/node_modules/gradlab/dist/lib/autograd.js:58:30)",
      "    at log (/home/ann/proj/node_modules/gradlab/dist/lib/ops/unary.js:20:10)",
      "    at Object.<anonymous> (/home/ann/proj/train.js:7:3)",
      "    at Module._compile (node:internal/modules/cjs/loader:1521:14)",
    ].join("\n");
    assert.equal(
      userFrame(fromDist, "/home/ann/proj/node_modules/gradlab/dist/lib"),
      "Object.<anonymous> (/home/ann/proj/train.js:7:3)",
    );
    const fromSource = [
      "Error",
      "    at creationSite (/work/gradlab/lib/check/anomaly.ts:44:17)",
      "    at sub (/work/gradlab/lib/ops/arithmetic.ts:25:10)",
      "    at logSumExp (/work/gradlab/lib/ops/reduce.ts:160:12)",
      "    at <anonymous> (/work/gradlab/library-notes/try.ts:3:1)",
    ].join("\n");
    assert.equal(
      userFrame(fromSource, "/work/gradlab/lib"),
      "<anonymous> (/work/gradlab/library-notes/try.ts:3:1)",
    );
  });
});
