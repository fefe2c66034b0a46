// Rich views for library objects. `lib/` knows nothing of notebooks: its objects carry a plain text/HTML
// display. The kernel asks here first, so a History, a confusion matrix or a tensor shown in a notebook
// gets a chart or heatmap instead — while console.log and plain Node keep the text.
import type { View } from "./view";

type ViewMaker = (value: never) => View;
const makers: [new (...args: never[]) => unknown, ViewMaker][] = [];

/** Shows instances of `type` (subclasses too) with `make(value)` in a notebook. */
export function registerView<T>(type: new (...args: never[]) => T, make: (value: T) => View): void {
  makers.unshift([type, make as ViewMaker]);
}

/** The rich view registered for `value`'s class, if any. */
export function richView(value: unknown): View | undefined {
  const entry = makers.find(([type]) => value instanceof type);
  return entry ? entry[1](value as never) : undefined;
}
