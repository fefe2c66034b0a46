// `gradlab run` serves the deepest folder that holds every notebook it was given.
import assert from "node:assert/strict";
import { test } from "node:test";
import { commonDir } from "../../cli/run";

test("the common folder stops at the first part where the paths differ", () => {
  assert.equal(commonDir(["/a/x/c/n.ipynb", "/a/y/c/m.ipynb"]), "/a");
  assert.equal(commonDir(["/a/b/n.ipynb", "/a/b/c/m.ipynb"]), "/a/b");
  assert.equal(commonDir(["/a/b/n.ipynb"]), "/a/b");
  assert.equal(commonDir(["/x/n.ipynb", "/y/m.ipynb"]), "/");
});
