// is_complete_request: should Enter in a console run the code or open a new line?
//
// Code that parses is `complete`. Otherwise it is `incomplete` when some continuation on the next lines
// can still make it parse — an open bracket, string template, `${`, block comment, type argument list, a
// trailing operator or `=>` — and `invalid` when none can (an unmatched closing bracket, a quoted string
// or regular expression cut by the end of its line). The continuation is found by asking TypeScript's own
// parser: while its first error sits at the very end of the text, append, on a new line, the smallest
// piece it accepts there (the token it names as expected, a name, a closing quote or bracket) and parse
// again. Reaching code without errors proves the user can still finish it.
import * as ts from "@tslab/typescript-for-tslab";

export type Completeness = { status: "complete" | "invalid" } | { status: "incomplete"; indent: string };

/** What may be appended, after a line break, where the parser stopped in code (after the token it expects). */
const codePieces = ["x", "}", ")", "]", ">", ";", ":", "class x {}"];

/** Where the text ends inside a literal, what can still close it (nothing, for a quoted string cut by the
 * end of its line); code pieces there would only be absorbed into the literal's text. */
const literalPieces: Record<number, string[]> = {
  1160: ["`"], // Unterminated template literal.
  1126: ['"', "'"], // Unexpected end of text: a backslash at the end of a quoted string continues it
  1002: [], // Unterminated string literal.
  1161: [], // Unterminated regular expression literal.
};

/** How many pieces one answer may append: far more nesting than a person types. */
const maxSteps = 100;

/** A cell parsed as TypeScript (not TSX: `<number>x` is a type assertion), with its errors in order. */
function parse(code: string): { file: ts.SourceFile; errors: ts.DiagnosticWithLocation[] } {
  const file = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const errors = (file as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics;
  return { file, errors: [...(errors ?? [])].sort((a, b) => a.start - b.start) };
}

const parseErrors = (code: string) => parse(code).errors;

/** Whether only whitespace and comments follow `position` in `code`: an error there is one at the end. */
function atEnd(code: string, position: number): boolean {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  scanner.setTextPos(position);
  return scanner.scan() === ts.SyntaxKind.EndOfFileToken;
}

/** The pieces worth trying where `error` stopped the parse, best first. */
function piecesFor(error: ts.Diagnostic): string[] {
  if (error.code in literalPieces) return literalPieces[error.code];
  const message = ts.flattenDiagnosticMessageText(error.messageText, "\n");
  // 1005: '{0}' expected; 1010: '*/' expected (a block comment left open)
  const expected = error.code === 1005 || error.code === 1010 ? message.match(/'(.+)'/)?.[1] : undefined;
  return expected ? [expected, ...codePieces.filter((p) => p !== expected)] : codePieces;
}

/** Whether appending lines to `code` can make it parse. */
function canBeFinished(code: string): boolean {
  let text = code;
  for (let step = 0; step < maxSteps; step++) {
    const errors = parseErrors(text);
    if (errors.length === 0) return true;
    if (!atEnd(text, errors[0].start)) return false;
    const candidates = piecesFor(errors[0]).map((piece) => {
      const longer = `${text}\n${piece}`;
      return { longer, errors: parseErrors(longer) };
    });
    if (candidates.some((c) => c.errors.length === 0)) return true;
    // a piece the parser took whole: its first error is now past the piece, at the new end
    const next = candidates.find(
      (c) => c.errors[0].start > text.length && atEnd(c.longer, c.errors[0].start),
    );
    if (!next) return false;
    text = next.longer;
  }
  return false;
}

/** The next line's indent: the current line's, one step deeper after an opening bracket left open. */
function indentAfter(code: string): string {
  const line = code.slice(code.lastIndexOf("\n") + 1);
  const current = line.match(/^\s*/)![0];
  return /^((?!\/\/).)*(\{[^}"'`]*|\([^)"'`]*|\[[^\]"'`]*)$/.test(line) ? current + "  " : current;
}

export function completeness(code: string): Completeness {
  const { file, errors } = parse(code);
  if (errors.length === 0) return { status: "complete" };
  // A blank line at the end (Enter on an empty line) asks to run the code as it is.
  if (/(^|\n)[ \t]*\n[ \t]*$/.test(code)) return { status: "invalid" };
  if (!atEnd(code, errors[0].start)) return { status: "invalid" };
  // Every statement before the last one parsed: only the last needs finishing, so only it is parsed again.
  const tail = code.slice(file.statements.at(-1)?.pos ?? 0);
  return canBeFinished(tail) ? { status: "incomplete", indent: indentAfter(code) } : { status: "invalid" };
}
