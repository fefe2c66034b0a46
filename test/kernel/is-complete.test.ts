// is_complete_request, as a console front end asks it when Enter is pressed: `incomplete` (open a new
// line) for everything the user can still finish on the next lines, `invalid` (run it and show the error)
// only for code no continuation can fix, `complete` for code that parses. Asked through a real Jupyter
// server, as a front end does.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { startSession, type Session } from "./session";

type Status = "complete" | "incomplete" | "invalid";

/** [code, the answer, and for `incomplete` the indent of the next line]. */
const cases: Record<string, [code: string, status: Status, indent?: string][]> = {
  "open template literals (HTML strings)": [
    ["display.html(`<table>", "incomplete", ""],
    ["display.html(`\n  <div>", "incomplete", "  "],
    ["const page = `\n<ul>\n  <li>one</li>", "incomplete", "  "],
    ["`a ${x} b", "incomplete", ""],
    ["display.html(`<p>${name}</p>`", "incomplete", ""],
  ],
  "template literals with ${ open, and tags inside them": [
    ["`a ${", "incomplete"],
    ["html`<div class=${", "incomplete"],
    ["`<ul>${items.map((i) => `<li>${i}", "incomplete"],
    ["`<ul>${items.map((i) => `<li>${i}</li>`", "incomplete"],
    ['`<ul>${items.map((i) => `<li>${i}</li>`).join("")}', "incomplete"],
    ['display.html(`<img src="${url}" alt="', "incomplete"],
  ],
  strings: [
    ['const s = "abc\\', "incomplete"], // a backslash continues the string on the next line
    ['const s = "abc', "invalid"], // a quoted string cannot go on past the end of its line
    ["const s = 'abc", "invalid"],
  ],
  comments: [
    ["/* a comment", "incomplete"],
    ["/** Documentation\n * for f", "incomplete"],
    ["const x = 1; /* why", "incomplete"],
    ["foo(1, // the first argument", "incomplete"],
    ["// a line comment", "complete"],
  ],
  "brackets, braces and parentheses": [
    ["foo(", "incomplete", "  "],
    ["const a = [1,", "incomplete", "  "],
    ["if (true) {", "incomplete", "  "],
    ["function f() {\n  return [", "incomplete", "    "],
    ["const o = {\n  a: 1,", "incomplete", "  "],
    ["class A {", "incomplete", "  "],
    ["interface I {", "incomplete", "  "],
    ["type T = {", "incomplete", "  "],
    ["import {", "incomplete", "  "],
    ["foo({ a: [1, 2", "incomplete"],
    ["try {} catch", "incomplete"],
    ["let m: Map<string,", "incomplete"],
  ],
  "a trailing operator, arrow or keyword": [
    ["1 +", "incomplete"],
    ["const ok = a &&", "incomplete"],
    ["x =", "incomplete"],
    ["const f = (x: number) =>", "incomplete"],
    ["const c = a ?", "incomplete"],
    ["const c = a ? b :", "incomplete"],
    ["tensor([1, 2])\n  .mul(2)\n  .", "incomplete"],
    ["if (x)", "incomplete"],
    ["for (const x of xs)", "incomplete"],
    ["type T =", "incomplete"],
    ["let x: ", "incomplete"],
    ["import { a } from", "incomplete"],
    ["@sealed", "incomplete"],
    ["new", "incomplete"],
  ],
  "complete code": [
    ["1 + 1", "complete"],
    ["const x = 5;", "complete"],
    ["function f() { return 1; }", "complete"],
    ["display.html(`<table>\n  <tr><td>${x}</td></tr>\n</table>`)", "complete"],
    ["const n = <number>y;", "complete"], // a type assertion, not a JSX tag: cells are TypeScript
    ["const id = <T>(x: T) => x;", "complete"],
    ["x\n.y", "complete"],
    ["", "complete"],
  ],
  "code no continuation can fix": [
    [")", "invalid"],
    ["foo())", "invalid"],
    ["const x = [1, 2);", "invalid"],
    ["if (x) { )", "invalid"], // open braces do not excuse an unmatched closing bracket
    ["const a = [1,\n}", "invalid"],
    ["`${x)`", "invalid"],
    ["const = 5;", "invalid"],
    ["1 +* 2", "invalid"],
    ["a b", "invalid"],
    ["const r = /ab", "invalid"],
    ["foo(\n\n", "invalid"], // a blank line at the end says: run it now
  ],
};

let s: Session;

before(async () => {
  s = await startSession(mkdtempSync(join(tmpdir(), "gradlab-is-complete-")));
});

after(async () => {
  await s?.server.stop();
});

for (const [family, rows] of Object.entries(cases)) {
  describe(family, () => {
    for (const [code, status, indent] of rows) {
      test(`${JSON.stringify(code)} is ${status}`, async () => {
        const reply = (await s.kernel.requestIsComplete({ code })).content;
        assert.equal(reply.status, status, JSON.stringify(reply));
        if (indent !== undefined) assert.equal((reply as { indent?: string }).indent, indent);
      });
    }
  });
}
