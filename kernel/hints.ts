// A hint under the TypeScript errors students meet with this library, saying what to write instead.
// TypeScript's own words are right but speak of types; a student who wrote `t * 2` needs `t.mul(2)`.
import type * as ts from "@tslab/typescript-for-tslab";
import type { Diagnostic } from "./converter";

/** What the checker says is at a position of the cell (the hover text), if anything. */
export type TypeAt = (offset: number) => string | undefined;

const methods: Record<string, string> = {
  "+": "add",
  "-": "sub",
  "*": "mul",
  "/": "div",
  "**": "pow",
  "<": "lt",
  "<=": "le",
  ">": "gt",
  ">=": "ge",
};

/** Creation functions that take a shape as one array: `zeros([2, 3])`, not `zeros(2, 3)`. */
const shapeFunctions = new Set([
  "zeros",
  "ones",
  "full",
  "rand",
  "randn",
  "randint",
  "empty",
  "reshape",
  "view",
]);

/** The innermost node of `kind` around `offset`. */
function enclosing<T extends ts.Node>(
  tsModule: typeof ts,
  file: ts.SourceFile,
  offset: number,
  is: (n: ts.Node) => n is T,
): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (offset < node.getStart(file) || offset >= node.getEnd()) return;
    if (is(node)) found = node;
    tsModule.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function operatorHint(tsModule: typeof ts, file: ts.SourceFile, d: Diagnostic, typeAt: TypeAt) {
  const binary = enclosing(tsModule, file, d.start.offset, tsModule.isBinaryExpression);
  if (!binary) return undefined;
  const op = tsModule.tokenToString(binary.operatorToken.kind) ?? "";
  const compound = op.length > 1 && op.endsWith("=") && methods[op.slice(0, -1)] !== undefined;
  const method = methods[compound ? op.slice(0, -1) : op];
  // Hover text names the type at an identifier: the variable, or the method a call ends with.
  const probe = (e: ts.Expression): ts.Node => {
    if (tsModule.isParenthesizedExpression(e) || tsModule.isNonNullExpression(e)) return probe(e.expression);
    if (tsModule.isCallExpression(e)) return probe(e.expression);
    if (tsModule.isPropertyAccessExpression(e)) return e.name;
    return e;
  };
  const isTensor = (e: ts.Expression) => /\bTensor\b/.test(typeAt(probe(e).getStart(file)) ?? "");
  if (!method || !(isTensor(binary.left) || isTensor(binary.right))) return undefined;
  const [left, right] = [binary.left.getText(file), binary.right.getText(file)];
  // A number on the left: the function form takes it as it is (add(2, t)).
  const leftIsTensor = isTensor(binary.left);
  const call = leftIsTensor ? `${left}.${method}(${right})` : `${method}(${left}, ${right})`;
  const fix = compound ? `${left} = ${call}` : call;
  return `tensors don't overload operators: use ${fix} (the methods are add sub mul div pow, lt le gt ge eq)`;
}

function shapeHint(tsModule: typeof ts, file: ts.SourceFile, d: Diagnostic): string | undefined {
  const call = enclosing(tsModule, file, d.start.offset, tsModule.isCallExpression);
  const callee = call?.expression;
  if (!call || !callee) return undefined;
  const name = tsModule.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText(file);
  const numbers = call.arguments.filter((a) => tsModule.isNumericLiteral(a)).map((a) => a.getText(file));
  if (!shapeFunctions.has(name) || numbers.length < 2) return undefined;
  const rest = call.arguments.slice(numbers.length).map((a) => `, ${a.getText(file)}`);
  return `a shape is one array: ${name}([${numbers.join(", ")}]${rest.join("")})`;
}

/** The hint for one diagnostic of `code`, or undefined when there is none. */
export function hintFor(
  tsModule: typeof ts,
  code: string,
  d: Diagnostic,
  typeAt: TypeAt,
  gradlabExports: () => Set<string>,
): string | undefined {
  const file = tsModule.createSourceFile("cell.ts", code, tsModule.ScriptTarget.Latest, true);
  const message = d.messageText;
  switch (d.code) {
    case 2362: // The left-hand side of an arithmetic operation must be of type 'any', 'number', …
    case 2363: // … right-hand side …
    case 2365: // Operator '+' cannot be applied to types 'Tensor' and 'number'.
      return operatorHint(tsModule, file, d, typeAt);
    case 2304: {
      // Cannot find name 'tensor'.
      const name = /Cannot find name '([\w$]+)'/.exec(message)?.[1];
      if (name && gradlabExports().has(name))
        return `${name} comes from the library: import { ${name} } from "gradlab";`;
      return undefined;
    }
    case 2554: // Expected 1-2 arguments, but got 3.
    case 2345: // Argument of type 'number' is not assignable to parameter of type 'Shape'.
      return shapeHint(tsModule, file, d) ?? valueHint(message);
    case 18047: // 'w.grad' is possibly 'null'.
    case 2531: // Object is possibly 'null'.
    case 2532:
    case 18048:
      if (/\.grad'/.test(message) || /\bgrad\b/.test(code.slice(d.start.offset, d.end.offset)))
        return nullGradHint;
      return undefined;
  }
  return valueHint(message);
}

function valueHint(message: string): string | undefined {
  if (/type 'Promise<[^']*>'/.test(message) || /^Type 'Promise</.test(message))
    return "this value is a Promise, not its result: put await in front of the call that made it (fit() and every async function return one), e.g. const history = await fit(model, data, options);";
  if (/'Tensor \| null'/.test(message)) return nullGradHint;
  if (
    /type '(number|number\[\]+|boolean\[\]+)' is not assignable to (parameter of )?type 'Tensor'/.test(
      message,
    )
  )
    return "a number or an array is not a Tensor: wrap it as tensor(…), e.g. tensor([1, 2, 3])";
  if (/type 'Tensor' is not assignable to (parameter of )?type 'number'/.test(message))
    return "a Tensor is not a number: t.item() gives a one-element tensor's number, t.toArray() all of them";
  return undefined;
}

/** A hint for an error a cell raised when it ran: `line` is the cell's line where it was raised. */
export function runtimeHint(err: unknown, line: string | undefined): string | undefined {
  if (!(err instanceof TypeError) || line === undefined) return undefined;
  if (/Cannot read properties of null/.test(err.message) && /\.grad\b/.test(line)) return nullGradHint;
  return undefined;
}

const nullGradHint =
  "a gradient is null until backward() has filled it: write w.grad! where backward() has run, or check if (w.grad) first";
