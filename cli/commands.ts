import { bench } from "./bench";
import type { Command } from "./command";
import { install } from "./install";
import { run } from "./run";
import { start } from "./start";

export const commands: Command[] = [install, start, run, bench];
