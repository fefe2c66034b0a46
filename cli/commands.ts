import { bench } from "./bench";
import type { Command } from "./command";
import { install } from "./install";
import { lite } from "./lite";
import { run } from "./run";
import { start } from "./start";

export const commands: Command[] = [install, start, run, lite, bench];
