// tslab rewrites each use of an earlier cell's variable `x` as `exports.x`, choosing by the symbol an
// identifier resolves to, in a walk made of ts.visitEachChild calls. Two kinds of identifier fool it:
// - the property in a renamed destructuring, `const { e: e2 } = obj`: `e` resolves to obj's property,
//   declared in the earlier cells' declarations, so it became `exports.e`, which prints as
//   `const { exports, e: e2 } = …` (a SyntaxError);
// - a shorthand property, `{ obj }`: `obj` resolves to the new object's own property, so it was left
//   unbound (a ReferenceError).
// This visitEachChild, given to tslab's converter in place of TypeScript's, handles both where the walk
// meets them; everything else goes to TypeScript's.
import type * as ts from "@tslab/typescript-for-tslab";

type TS = typeof ts;

/** The declarations of earlier cells: tslab keeps them in this file. */
const earlierCells = "__prev__.d.ts";

export function cellAwareVisitEachChild(
  ts: TS,
  checker: () => ts.TypeChecker | undefined,
): TS["visitEachChild"] {
  const { factory } = ts;
  const isEarlierCellVariable = (node: ts.ShorthandPropertyAssignment): boolean => {
    const original = ts.getOriginalNode(node);
    if (!ts.isShorthandPropertyAssignment(original)) return false;
    const symbol = checker()?.getShorthandAssignmentValueSymbol(original);
    return !!symbol?.declarations?.some((d) => d.getSourceFile().fileName.endsWith(earlierCells));
  };
  const visitEachChild = (node: ts.Node, visitor: ts.Visitor, ...rest: unknown[]): ts.Node => {
    if (ts.isBindingElement(node) && node.propertyName && ts.isIdentifier(node.propertyName)) {
      // The property name names a property, never a variable: leave it, visit the rest.
      return factory.updateBindingElement(
        node,
        node.dotDotDotToken,
        node.propertyName,
        ts.visitNode(node.name, visitor) as ts.BindingName,
        ts.visitNode(node.initializer, visitor) as ts.Expression | undefined,
      );
    }
    if (ts.isShorthandPropertyAssignment(node) && isEarlierCellVariable(node)) {
      // `{ obj }` → `{ obj: exports.obj }` (with a default in an assignment pattern: `exports.obj = d`).
      const value = factory.createPropertyAccessExpression(factory.createIdentifier("exports"), node.name);
      const init = ts.visitNode(node.objectAssignmentInitializer, visitor) as ts.Expression | undefined;
      return factory.createPropertyAssignment(
        node.name,
        init ? factory.createAssignment(value, init) : value,
      );
    }
    return (ts.visitEachChild as (...args: unknown[]) => ts.Node)(node, visitor, ...rest);
  };
  return visitEachChild as TS["visitEachChild"];
}
