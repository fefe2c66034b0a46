// `gradlab release` on a small teacher's notebook: solutions and hidden tests gone, stubs in, ids and
// nbgrader metadata kept, the assignment stamped; the released notebook runs with every exercise "not done".
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { exerciseMime } from "../../exercises/result";
import { sourceOf, type Notebook } from "../../kernel/notebook";
import { exitStatus } from "../../cli/errors";
import { teacherNotebook } from "../helpers/assignment";
import { gradlab } from "../helpers/cli";

const dir = mkdtempSync(join(tmpdir(), "gradlab-release-"));
const teacher = join(dir, "homework.ipynb");
writeFileSync(teacher, JSON.stringify(teacherNotebook()));
const env = { ...process.env, PATH: `/usr/bin:${process.env.PATH}` };
const read = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Notebook;

describe("gradlab release", () => {
  const out = gradlab(["release", teacher, "--out", join(dir, "release")]);
  const released = join(dir, "release", "homework.ipynb");

  test("says what it did", () => {
    assert.equal(out.status, 0, out.stderr);
    assert.match(
      out.stdout,
      /homework\.ipynb → .*release[/\\]homework\.ipynb: 2 solutions replaced by stubs; 2 graded exercises, 3 points/,
    );
  });

  test("solutions and hidden tests are gone, stubs in their place, outputs cleared", () => {
    const nb = read(released);
    const code = nb.cells.map(sourceOf).join("\n");
    for (const gone of ["x.mul(2)", "n * n", "square(-4)", "SOLUTION", "HIDDEN"])
      assert.ok(!code.includes(gone), gone);
    assert.equal(
      sourceOf(nb.cells[2]),
      "function double(x: Tensor): Tensor {\n  // YOUR CODE HERE\n  throw notDone();\n}",
    );
    assert.match(sourceOf(nb.cells[5]), /ex\.close\(square\(3\), 9, \{ hint: "n times itself" \}\);\n\}\);$/);
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, []);
      assert.equal(cell.execution_count, null);
    }
  });

  test("cell ids, nbgrader metadata and the kernel are kept; the assignment is stamped", () => {
    const [before, after] = [teacherNotebook(), read(released)];
    assert.deepEqual(
      after.cells.map((c) => c.id),
      before.cells.map((c) => c.id),
    );
    assert.deepEqual(
      after.cells.map((c) => c.metadata),
      before.cells.map((c) => c.metadata),
    );
    assert.deepEqual(after.metadata.kernelspec, before.metadata.kernelspec);
    assert.deepEqual(after.metadata.gradlab, {
      assignment: {
        name: "homework",
        exercises: [
          { id: "double", points: 2 },
          { id: "square", points: 1 },
        ],
      },
    });
  });

  test("the teacher's notebook is untouched", () => {
    assert.deepEqual(read(teacher), teacherNotebook());
  });

  test("the released notebook runs (gradlab run) and every exercise reports not done", () => {
    const ran = join(dir, "ran.ipynb");
    const run = gradlab(["run", released, "--out", ran], env);
    assert.equal(run.status, 0, run.stderr);
    const records = read(ran).cells.flatMap((c) =>
      (c.outputs ?? []).flatMap((o) =>
        (o.data as Record<string, unknown>)?.[exerciseMime]
          ? [(o.data as Record<string, unknown>)[exerciseMime]]
          : [],
      ),
    );
    assert.deepEqual(records, [
      { id: "double", points: 2, earned: 0, status: "not done" },
      { id: "square", points: 1, earned: 0, status: "not done" },
    ]);
  });
});

describe("gradlab release refuses", () => {
  const write = (name: string, edit: (nb: Notebook) => void) => {
    const nb = teacherNotebook();
    edit(nb);
    writeFileSync(join(dir, name), JSON.stringify(nb));
    return join(dir, name);
  };
  const cases: [string, string[], number, RegExp][] = [
    ["no --out", [teacher], exitStatus.usage, /name the teacher's notebooks and a folder/],
    [
      "--out the teacher's own folder",
      [teacher, "--out", dir],
      exitStatus.usage,
      /holds .*homework\.ipynb itself; pass another folder/,
    ],
    [
      "a BEGIN SOLUTION without its END",
      [
        write("open.ipynb", (nb) => (nb.cells[2].source = ["// BEGIN SOLUTION\n", "return 1;"])),
        "--out",
        join(dir, "x"),
      ],
      exitStatus.failed,
      /open\.ipynb: cell 3: BEGIN SOLUTION without its END SOLUTION\.$/,
    ],
    [
      "stubs without notDone imported",
      [
        write("noimport.ipynb", (nb) => (nb.cells[1].source = ['import { tensor, Tensor } from "gradlab";'])),
        "--out",
        join(dir, "y"),
      ],
      exitStatus.failed,
      /the stubs call notDone\(\): import it/,
    ],
  ];
  for (const [what, args, status, message] of cases)
    test(what, () => {
      const r = gradlab(["release", ...args]);
      assert.equal(r.status, status, r.stderr);
      assert.match(r.stderr.trim(), message);
      assert.equal(r.stderr.trim().split("\n").length, 1);
    });
});
