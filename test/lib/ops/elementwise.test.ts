// The compiled element loops: one copy per element function and storage types, each with its own source
// text (V8 caches `new Function` code by source, and copies sharing it would share call feedback, so no
// copy could inline its function), and the same copy for the closures one op makes on every call.
import assert from "node:assert/strict";
import { test } from "node:test";
import { loopFor } from "../../../lib/ops/elementwise";

const body = "for (let i = 0; i < n; i++) out[i] = f(src[i]);";
const [src, out] = [new Float32Array(3), new Float32Array(3)];

test("each element function gets a loop of its own source text; an op's closures share one", () => {
  const plus1 = loopFor((v) => v + 1, [src, out], "f, src, out, n", body);
  const times2 = loopFor((v) => v * 2, [src, out], "f, src, out, n", body);
  const again = loopFor((v) => v + 1, [src, out], "f, src, out, n", body);
  assert.notEqual(plus1, times2);
  assert.notEqual(String(plus1), String(times2), "different source text, so V8 compiles them apart");
  assert.equal(again, plus1, "a new closure with the same source reuses the copy");
  const f64 = loopFor((v) => v + 1, [new Float64Array(3), out], "f, src, out, n", body);
  assert.notEqual(String(f64), String(plus1), "per storage types too");
  const run = plus1 as unknown as (
    f: (v: number) => number,
    s: Float32Array,
    o: Float32Array,
    n: number,
  ) => void;
  src.set([1, 2, 3]);
  run((v) => v + 1, src, out, 3);
  assert.deepEqual([...out], [2, 3, 4]);
});
