// docs/cli.md names every subcommand in cli/commands.ts with the options it takes (its usage line, as
// `gradlab COMMAND --help` prints it) and gives each a section: a new command or flag cannot go undocumented.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { commands } from "../../cli/commands";

const page = readFileSync(join(__dirname, "../../docs/cli.md"), "utf8");

test("docs/cli.md's table has every command with its usage line, and a section for each", () => {
  const rows = page.split("\n").filter((line) => line.startsWith("| `gradlab "));
  const documented = rows.map((row) => row.match(/^\| `(gradlab [^`]*)`/)![1].replace(/\\\|/g, "|"));
  const wanted = commands.map((c) => `gradlab ${c.name} ${c.usage}`.trim());
  assert.deepEqual([...documented].sort(), [...wanted].sort(), "the table's command column, row by row");
  const missing = commands.filter((c) => !page.includes(`\n## \`gradlab ${c.name}\`\n`)).map((c) => c.name);
  assert.deepEqual(missing, [], "commands without a section of their own");
});
