// The browser kernel's interrupt guard (kernel/core/converter.ts's guardLoops): a call first in every
// loop body of a cell, except inside gpu.js kernels, which gpu.js translates to shader code where the
// guard does not exist (tutorial 08's kernel with a loop failed to compile in the browser with it).
import assert from "node:assert/strict";
import { test } from "node:test";
import * as typescript from "@tslab/typescript-for-tslab";
import { guardLoops } from "../../kernel/core/converter";

const guarded = (source: string) =>
  typescript.transpileModule(source, {
    compilerOptions: { target: typescript.ScriptTarget.ES2022 },
    transformers: { before: [guardLoops(typescript, "__guard")] },
  }).outputText;
const guards = (code: string) => code.match(/__guard\(\)/g)?.length ?? 0;

test("every kind of loop in a cell gets the guard first in its body", () => {
  const out = guarded(`
    let n = 0;
    for (let i = 0; i < 3; i++) n++;
    for (const v of [1, 2]) { n += v; }
    for (const k in { a: 1 }) n++;
    while (n < 10) n++;
    do { n--; } while (n > 5);
    function inner() { while (n < 20) n++; }
  `);
  assert.equal(guards(out), 6, out);
  assert.match(out, /for \(let i = 0; i < 3; i\+\+\) \{\s*__guard\(\);\s*n\+\+;/);
});

test("a gpu.js kernel (a function reading this.thread) keeps its loops as written", () => {
  const out = guarded(`
    const kernel = gpu.createKernel(function (this: any, x: number[][], w: number[][]) {
      let sum = 0;
      for (let p = 0; p < this.constants.k; p++) sum += x[this.thread.y][p] * w[p][this.thread.x];
      return sum;
    });
    for (let i = 0; i < 2; i++) kernel(a, b);
  `);
  assert.equal(guards(out), 1, out); // the cell's own loop only
  assert.match(out, /for \(let p = 0; p < this\.constants\.k; p\+\+\)\s*sum \+=/);
});
