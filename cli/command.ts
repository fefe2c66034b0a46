import type { ParseArgsConfig } from "node:util";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One subcommand of the CLI: its flags, its help line and what it does. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Whether it takes arguments besides its flags (file names); those that don't refuse them. */
  takesArguments?: boolean;
  run(values: Values, positionals: string[]): Promise<number>;
}

export const helpOption: Options = { help: { type: "boolean", short: "h" } };
