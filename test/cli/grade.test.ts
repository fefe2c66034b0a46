// `gradlab grade` on a folder of prepared students' notebooks, made from the release of a small teacher's
// notebook: all right, all wrong, partly right, one that never ends, one that is not a notebook, one for
// another assignment and one with a check deleted — each gets its line, and the run goes on.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import type { Notebook } from "../../kernel/notebook";
import { studentNotebook, teacherNotebook } from "../helpers/assignment";
import { exitStatus } from "../../cli/errors";
import { gradlab, gradlabBackground } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "gradlab-grade-"));
const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };
const teacher = join(dir, "homework.ipynb");
const submissions = join(dir, "submissions");

function prepare(): void {
  writeFileSync(teacher, JSON.stringify(teacherNotebook()));
  assert.equal(gradlab(["release", teacher, "--out", join(dir, "release")]).status, 0);
  const released = JSON.parse(readFileSync(join(dir, "release", "homework.ipynb"), "utf8")) as Notebook;
  mkdirSync(submissions);
  const save = (student: string, nb: Notebook | string) =>
    writeFileSync(join(submissions, `${student}.ipynb`), typeof nb === "string" ? nb : JSON.stringify(nb));
  const right = { "double-answer": "return x.mul(2);", "square-answer": "return n * n;" };
  save("alice", studentNotebook(released, right));
  // 3·3 = 9 passes the visible check; the hidden one (square(-4) = 16) catches it
  save(
    "bob",
    studentNotebook(released, { "double-answer": "return x.mul(3);", "square-answer": "return n * 3;" }),
  );
  save("carol", studentNotebook(released, { "double-answer": "return x.add(x);" }));
  save("dave", studentNotebook(released, { ...right, "square-answer": "while (true) {}" }));
  save("erin", "my homework, sorry");
  const other = studentNotebook(released, right);
  (other.metadata.gradlab as { assignment: { name: string } }).assignment.name = "week-2";
  save("frank", other);
  const deleted = studentNotebook(released, right);
  deleted.cells.splice(5, 1); // the square check
  save("grace", deleted);
}

/** The table's rows by student (the lines from the header to the blank line), split into columns at runs
 * of two spaces. */
function rowsOf(stdout: string): Map<string, string[]> {
  const lines = stdout.split("\n");
  const start = lines.findIndex((l) => l.startsWith("student "));
  const end = lines.indexOf("", start);
  return new Map(lines.slice(start + 1, end).map((l) => [l.split(" ")[0], l.split(/ {2,}/).slice(1)]));
}

describe("gradlab grade", () => {
  let out: { status: number | null; stdout: string; stderr: string };
  let seconds = 0;
  before(async () => {
    prepare();
    const started = Date.now();
    const csv = join(dir, "grades.csv");
    const child = gradlabBackground(
      ["grade", submissions, "--timeout", "20", "--csv", csv, "--assignment", teacher],
      env,
    );
    let [stdout, stderr] = ["", ""];
    child.stdout!.on("data", (d: Buffer) => (stdout += d));
    child.stderr!.on("data", (d: Buffer) => (stderr += d));
    const status = await new Promise<number | null>((done) => child.on("exit", done));
    out = { status, stdout, stderr };
    seconds = (Date.now() - started) / 1000;
  });

  test("finishes with status 0 and a line per student", () => {
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /^homework: 2 exercises, 3 points; 5 of 7 notebooks run in [\d.]+ s$/m);
    assert.match(out.stdout, /^student {2}double \(2\) {2}square \(1\) {2}total \(3\) {2}note$/m);
    assert.deepEqual(
      [...rowsOf(out.stdout).keys()],
      ["alice", "bob", "carol", "dave", "erin", "frank", "grace"],
    );
    console.log(`graded 7 notebooks (5 run, one to its 20 s limit) in ${seconds.toFixed(1)} s`);
  });

  test("all right, all wrong (hidden tests restored), partly right", () => {
    const rows = rowsOf(out.stdout);
    assert.deepEqual(rows.get("alice"), ["2", "1", "3"]);
    assert.deepEqual(rows.get("bob"), ["0 wrong", "0 wrong", "0"]);
    assert.deepEqual(rows.get("carol"), ["2", "0 not done", "2"]);
  });

  test("a notebook that never ends costs only its own unfinished exercise", () => {
    assert.deepEqual(rowsOf(out.stdout).get("dave"), [
      "2",
      "0 timeout",
      "2",
      "timed out after 20 s in cell 6",
    ]);
  });

  test("not a notebook, another assignment, a deleted check: a clear line each", () => {
    const rows = rowsOf(out.stdout);
    assert.deepEqual(rows.get("erin"), ["–", "is not a notebook (it is not JSON)"]);
    assert.deepEqual(rows.get("frank"), ["–", 'is for assignment "week-2", not "homework"']);
    assert.deepEqual(rows.get("grace"), ["2", "0 missing", "2"]);
  });

  test("the CSV has the points as numbers and the outcomes in the note", () => {
    assert.equal(
      readFileSync(join(dir, "grades.csv"), "utf8"),
      [
        "student,double,square,total,note",
        "alice,2,1,3,",
        "bob,0,0,0,double: wrong; square: wrong",
        "carol,2,0,2,square: not done",
        "dave,2,0,2,timed out after 20 s in cell 6; square: timeout",
        "erin,,,,is not a notebook (it is not JSON)",
        'frank,,,,"is for assignment ""week-2"", not ""homework"""',
        "grace,2,0,2,square: missing",
        "",
      ].join("\n"),
    );
  });
});

describe("gradlab grade refuses, before running anything", () => {
  for (const [what, args, message] of [
    ["nothing to grade", [], /name the students' notebooks or a folder of them/],
    [
      "a timeout that is not a number",
      [submissions, "--timeout", "soon"],
      /--timeout soon is not a number of seconds/,
    ],
  ] as const)
    test(what, () => {
      const r = gradlab(["grade", ...args]);
      assert.equal(r.status, exitStatus.usage, r.stderr);
      assert.match(r.stderr.trim(), message);
    });
});
