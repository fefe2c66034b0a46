// The callbacks fit() adds by itself. In plain Node that is nothing, or progress lines with
// `verbose: true`. A notebook kernel sets a factory here at start-up (a live dashboard), because lib/
// knows nothing of notebooks or widgets: the kernel brings them and hands fit() a way to make them.
// The rule: `verbose: false` → nothing; a callback of yours that shows progress (progress(), dashboard())
// → nothing more; else the kernel's default (the dashboard) if one is set, else progress lines when
// `verbose: true`.
import { type Callback, progress } from "./callbacks";

/** Makes the callbacks fit() adds by default (see {@link setDefaultCallbacks}); called once per fit(). */
export type CallbackFactory = () => Callback[];

// Kept on globalThis so that two loaded copies of gradlab (the kernel's and a notebook's) share it.
const slot = Symbol.for("gradlab.defaultCallbacks");
const store = globalThis as { [slot]?: CallbackFactory };

/** Sets (or with undefined clears) the callbacks fit() adds when you pass none that shows progress. */
export function setDefaultCallbacks(make: CallbackFactory | undefined): void {
  store[slot] = make;
}

/** The callbacks fit() adds to yours, by the rule above. */
export function defaultCallbacks({
  verbose,
  callbacks = [],
}: {
  verbose?: boolean;
  callbacks?: Callback[];
}): Callback[] {
  if (verbose === false || callbacks.some((c) => c.showsProgress)) return [];
  const make = store[slot];
  if (make) return make();
  return verbose ? [progress()] : [];
}
