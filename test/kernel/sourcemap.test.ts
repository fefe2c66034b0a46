// kernel/core/sourcemap.ts, the Node-free decoder both kernels map cell lines with, against Node's own.
import assert from "node:assert/strict";
import { SourceMap as NodeSourceMap } from "node:module";
import { describe, it } from "node:test";
import ts from "typescript";
import { decodeVlq, SourceMap } from "../../kernel/core/sourcemap";

const source = `const a: number = 1;
function f(x: number): number {
  if (x > 2) throw new Error("big " + x);
  return x * 2;
}
export const values = [1, 2, 3].map((v) => f(v) + a);
class Box<T> { constructor(readonly value: T) {} get twice() { return [this.value, this.value]; } }
console.log(new Box(values).twice, \`\${a}\`);
`;

describe("source maps without Node", () => {
  it("decodes Base64 VLQ", () => {
    assert.deepEqual(decodeVlq("AAAA"), [0, 0, 0, 0]);
    assert.deepEqual(decodeVlq("AACA"), [0, 0, 1, 0]);
    assert.deepEqual(decodeVlq("D"), [-1]);
    assert.deepEqual(decodeVlq("gB"), [16]);
    assert.deepEqual(decodeVlq("2HwcrxB"), [123, 456, -789]);
  });

  it("finds the same entries as node:module's SourceMap at every position", () => {
    for (const module of [ts.ModuleKind.CommonJS, ts.ModuleKind.ESNext]) {
      const out = ts.transpileModule(source, {
        compilerOptions: { sourceMap: true, module, target: ts.ScriptTarget.ES2015 },
      });
      const payload = JSON.parse(out.sourceMapText!);
      const ours = new SourceMap(payload);
      const node = new NodeSourceMap(payload);
      const lines = out.outputText.split("\n");
      let compared = 0;
      for (let line = 0; line <= lines.length; line++)
        for (let column = 0; column <= (lines[line]?.length ?? 0) + 1; column++) {
          const expected = { ...node.findEntry(line, column) } as Record<string, unknown>;
          delete expected.name; // node adds the name where a mapping has one; the traceback never reads it
          assert.deepEqual({ ...ours.findEntry(line, column) }, expected, `at ${line}:${column}`);
          compared++;
        }
      assert.ok(compared > 300);
    }
  });
});
