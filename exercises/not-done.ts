// The "not done yet" marker: `gradlab release` replaces each solution with `throw notDone()`, so the
// student's notebook still type-checks (a throw has type never) and the checker can tell an exercise nobody
// has started from one that is wrong.

/** What a released exercise throws until the student writes an answer. */
export class NotDone extends Error {
  constructor() {
    super("not done yet: replace `throw notDone()` with your answer");
    this.name = "NotDone";
  }
}

/** The stub's error: `throw notDone();` in place of a solution. */
export function notDone(): NotDone {
  return new NotDone();
}

/** A NotDone from any loaded copy of this module (the kernel's and a notebook's may differ), or a plain
 * Error("not done yet") from a stub written by hand. */
export function isNotDone(err: unknown): boolean {
  return err instanceof Error && (err.name === "NotDone" || /^not done yet\b/i.test(err.message));
}
