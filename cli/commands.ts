import { bench } from "./bench";
import { classroom } from "./classroom";
import type { Command } from "./command";
import { grade } from "./grade";
import { install } from "./install";
import { lite } from "./lite";
import { release } from "./release";
import { run } from "./run";
import { start } from "./start";

export const commands: Command[] = [install, start, run, release, grade, classroom, lite, bench];
