// IPython's `name?`: a cell that is only a name followed by "?" (or preceded by it) asks for that name's
// documentation, shown in the front end's pager instead of being run.

/** The expression a `name?` / `?name` cell asks about, or undefined for an ordinary cell. */
export function pagerTarget(code: string): string | undefined {
  const match = code.trim().match(/^\?\s*([\w$.]+)$|^([\w$.]+)\s*\?$/);
  return match ? (match[1] ?? match[2]) : undefined;
}
