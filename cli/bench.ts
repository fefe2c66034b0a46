// `gradlab bench`: the benchmarks against the peers (same as `npm run bench`).
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { helpOption, type Command } from "./command";

export const bench: Command = {
  name: "bench",
  summary: "Run the benchmarks against the peers and print ratio tables",
  usage: "[--quick] [--json FILE]",
  options: { ...helpOption, quick: { type: "boolean" }, json: { type: "string" } },
  async run(_values, _positionals) {
    const root = resolve(__dirname, "../..");
    const args = process.argv.slice(3);
    const out = spawnSync("npm", ["run", "bench", "--", ...args], { cwd: root, stdio: "inherit" });
    return out.status ?? 1;
  },
};
