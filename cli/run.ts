// `gradlab run`: execute notebooks through a Jupyter server and write their outputs.
import { helpOption, type Command } from "./command";

export const run: Command = {
  name: "run",
  summary: "Execute notebooks on the gradlab kernel and save their outputs",
  usage: "NOTEBOOK.ipynb... [--out FILE]",
  options: { ...helpOption, out: { type: "string" } },
  async run() {
    console.error("gradlab run: not built yet (see the kernel issue)");
    return 1;
  },
};
