// What the views accept: tensors or plain arrays. These turn either into plain numbers, and name the
// shape they got when it is not one they can draw.
import { Tensor } from "../lib/tensor";

export type Values = Tensor | ArrayLike<number>;
export type Matrix = Tensor | number[][];

const shapeOf = (t: Tensor) => `[${t.shape.join(", ")}]`;

/** The values of a 1-D tensor (or any tensor with one non-1 dim) or an array, as numbers. */
export function toNumbers(values: Values, what: string): number[] {
  if (!(values instanceof Tensor)) return Array.from(values);
  if (values.shape.filter((d) => d !== 1).length > 1)
    throw new Error(`${what}: expected a 1-D tensor, got shape ${shapeOf(values)}`);
  return Array.from(values.data, Number);
}

/** Every value of a tensor of any shape (or an array), as numbers: for histograms. */
export const allNumbers = (values: Values): number[] =>
  values instanceof Tensor ? Array.from(values.data, Number) : Array.from(values);

/** The rows of a 2-D tensor (or nested array) as number[][]. */
export function toMatrix(values: Matrix, what: string): number[][] {
  if (!(values instanceof Tensor)) return values;
  const shape = values.shape;
  if (shape.length !== 2)
    throw new Error(`${what}: expected a 2-D tensor [rows, columns], got shape ${shapeOf(values)}`);
  const [rows, cols] = shape;
  return Array.from({ length: rows }, (_, i) =>
    Array.from(values.data.subarray(i * cols, (i + 1) * cols), Number),
  );
}

export { shapeOf };
