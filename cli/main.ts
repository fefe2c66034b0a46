#!/usr/bin/env node
// The `gradlab` command: one entry point, one file per subcommand.
import { parseArgs } from "node:util";
import { version } from "../lib/version";
import { commands } from "./commands";
import type { Command } from "./command";
import { CliError, exitStatus } from "./errors";

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
    return exitStatus.usage;
  }
  const { values, positionals } = parseFlags(command, rest);
  if (values.help) {
    console.log(`Usage: gradlab ${command.name} ${command.usage}\n\n${command.summary}`);
    return 0;
  }
  return command.run(values, positionals);
}

/** The command's flags and arguments; a wrong one is a CliError that names it. */
function parseFlags(command: Command, args: string[]) {
  const help = `\`gradlab ${command.name} --help\` lists its options`;
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true });
  } catch (err) {
    const code = (err as { code?: string }).code;
    const flag = /'(-[^' ]+)/.exec((err as Error).message)?.[1] ?? "";
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION")
      throw new CliError(`gradlab ${command.name}: unknown option ${flag}; ${help}.`, exitStatus.usage);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE")
      throw new CliError(
        `gradlab ${command.name}: ${flag || "an option"} ${(err as Error).message.includes("argument missing") ? "needs a value" : "takes no value"}; ${help}.`,
        exitStatus.usage,
      );
    throw err;
  }
  if (!command.takesArguments && parsed.positionals.length > 0)
    throw new CliError(
      `gradlab ${command.name}: unexpected argument "${parsed.positionals[0]}" (it takes only options); ${help}.`,
      exitStatus.usage,
    );
  return parsed;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      console.error(err.message.startsWith("gradlab") ? err.message : `gradlab: ${err.message}`);
      process.exitCode = err.status;
      return;
    }
    console.error(`gradlab: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = exitStatus.failed;
  },
);
