// The globals every cell sees, declared for the type-checker (tslab's converter adds this file's .d.ts).
import type { ClearOutput, Display, Input } from "./display";

declare global {
  /** Shows a value below the cell: `display(x)`, `display.html("<b>hi</b>")`, `display(x, { id }).update(y)`. */
  var display: Display;
  /** Clears the cell's output; `{ wait: true }` clears only when the next output arrives (no flicker). */
  var clearOutput: ClearOutput;
  /** Asks the user for a line of text in the front end: `const name = await input("Name? ")`. */
  var input: Input;
  /** The error the last failing cell raised, whole: `lastError.stack` shows the frames its traceback folded. */
  var lastError: Error;
}

export {};
