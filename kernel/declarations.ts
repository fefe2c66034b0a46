// What a cell declares at its top level, and which of it a run that threw never reached.
// tslab's CommonJS output starts with one hoisting statement naming every export of the cell
// (`exports.b = exports.a = void 0;`, in chunks); the kernel removes it, so a name the cell did not
// get to is absent from the notebook's variables rather than silently `undefined`.
import type * as ts from "@tslab/typescript-for-tslab";

const hoisting = /^exports\.[\w$]+ = (?:exports\.[\w$]+ = )*void 0;\n/gm;

/**
 * The cell's JavaScript without its hoisting statements, and the names they listed. Functions are hoisted
 * as JavaScript does: their exports take the hoisting statement's place, so a throw anywhere keeps them.
 * Every line keeps its number (the source maps point into this text).
 */
export function takeHoistedExports(js: string): { js: string; names: string[] } {
  const names: string[] = [];
  const functions = new Set([...js.matchAll(/^(?:async )?function\*? ?([\w$]+)\(/gm)].map((m) => m[1]));
  const functionExports: string[] = [];
  const withoutExports = js.replace(/^exports\.([\w$]+) = \1;$/gm, (line, name: string) => {
    if (!functions.has(name)) return line;
    functionExports.push(line);
    return "";
  });
  let first = true;
  const stripped = withoutExports.replace(hoisting, (line) => {
    for (const m of line.matchAll(/exports\.([\w$]+) =/g)) names.push(m[1]);
    const replacement = first ? functionExports.join(" ") : "";
    first = false;
    return replacement + "\n";
  });
  return { js: stripped, names };
}

/** The 1-based line of each top-level declaration in a cell's TypeScript. */
export function declarationLines(tsModule: typeof ts, code: string): Map<string, number> {
  const file = tsModule.createSourceFile("cell.ts", code, tsModule.ScriptTarget.Latest, true);
  const lines = new Map<string, number>();
  const lineOf = (node: ts.Node) => file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
  const addBinding = (name: ts.BindingName): void => {
    if (tsModule.isIdentifier(name)) lines.set(name.text, lineOf(name));
    else
      for (const element of name.elements)
        if (!tsModule.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of file.statements) {
    if (tsModule.isVariableStatement(statement))
      for (const d of statement.declarationList.declarations) addBinding(d.name);
    else if (
      (tsModule.isFunctionDeclaration(statement) || tsModule.isClassDeclaration(statement)) &&
      statement.name
    )
      lines.set(statement.name.text, lineOf(statement));
    else if (tsModule.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name) lines.set(clause.name.text, lineOf(statement));
      const bindings = clause?.namedBindings;
      if (bindings && tsModule.isNamespaceImport(bindings)) lines.set(bindings.name.text, lineOf(statement));
      else if (bindings) for (const e of bindings.elements) lines.set(e.name.text, lineOf(statement));
    } else if (tsModule.isEnumDeclaration(statement)) lines.set(statement.name.text, lineOf(statement));
  }
  return lines;
}
