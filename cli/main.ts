#!/usr/bin/env node
// The `gradlab` command: one entry point, one file per subcommand.
import { parseArgs } from "node:util";
import { version } from "../lib/version";
import { commands } from "./commands";

const usage = `gradlab — TypeScript notebooks for learning deep learning

Usage: gradlab <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(10)}${c.summary}`).join("\n")}

Run \`gradlab <command> --help\` for a command's options.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    console.log(usage);
    return 0;
  }
  if (name === "--version" || name === "-v") {
    console.log(version);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    console.error(`gradlab: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true });
  if (values.help) {
    console.log(`Usage: gradlab ${command.name} ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  return command.run(values, positionals);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`gradlab: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
