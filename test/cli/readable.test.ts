// What keeps a class's students from the gradlab kernel: a private folder on the way, or a private file.
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { unreadableByOthers } from "../../cli/readable";

const base = mkdtempSync(join(tmpdir(), "gradlab-readable-"));
const folder = join(base, "checkout");
const file = join(folder, "main.js");
mkdirSync(folder);
writeFileSync(file, "");

test("a private folder on the way is named, with its mode", () => {
  chmodSync(base, 0o700);
  chmodSync(folder, 0o755);
  chmodSync(file, 0o644);
  assert.equal(unreadableByOthers(file), `${base} (mode 700) lets no other user in`);
});

test("a private file is named, with its mode", () => {
  chmodSync(base, 0o755);
  chmodSync(file, 0o600);
  assert.equal(unreadableByOthers(file), `${file} (mode 600) is readable only by its owner`);
});

test("a file every user can reach and read passes", () => {
  chmodSync(base, 0o711); // entering is enough for the folders on the way
  chmodSync(file, 0o644);
  assert.equal(unreadableByOthers(file), undefined);
});
