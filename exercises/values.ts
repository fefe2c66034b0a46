// What a check compares: a tensor, a number or nested arrays of numbers, read as a shape and flat values.
// Nothing here formats a value: what the checker prints must never give the solution away.
import { formatShape } from "../lib/shape";
import { Tensor } from "../lib/tensor";

/** A value an answer or a reference may be. */
export type Value = Tensor | number | boolean | readonly Value[];

export interface Flat {
  shape: number[];
  values: number[];
}

/** The shape and values of a tensor, a number or a nested array; undefined when it is none of them
 * (a student's function that returned nothing, a string, ragged arrays). */
export function flatten(value: unknown): Flat | undefined {
  if (value instanceof Tensor) return { shape: [...value.shape], values: Array.from(value.data, Number) };
  if (typeof value === "number" || typeof value === "boolean") return { shape: [], values: [Number(value)] };
  if (!Array.isArray(value)) return undefined;
  const parts = value.map(flatten);
  if (parts.some((p) => p === undefined)) return undefined;
  const inner = (parts as Flat[])[0]?.shape ?? [];
  if (!(parts as Flat[]).every((p) => sameShape(p.shape, inner))) return undefined;
  return { shape: [value.length, ...inner], values: (parts as Flat[]).flatMap((p) => p.values) };
}

export const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((n, i) => n === b[i]);

/** What a value is, in words, for "got …, expected a tensor": its kind, never its contents. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined (did your function return its result?)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array that is not a rectangle of numbers";
  if (typeof value === "object") return `a ${value.constructor?.name ?? "object"}`;
  return `a ${typeof value}`;
}

/** The flat positions where `yours` and `expected` differ beyond atol + rtol·|expected| (NaN differs). */
export function mismatches(yours: Flat, expected: Flat, atol: number, rtol: number): number[] {
  const bad: number[] = [];
  expected.values.forEach((e, i) => {
    const y = yours.values[i];
    const ok = Math.abs(y - e) <= atol + rtol * Math.abs(e) || (Number.isNaN(e) && Number.isNaN(y));
    if (!ok) bad.push(i);
  });
  return bad;
}

/** Flat position → index in a shape, written as the library writes shapes: [1,2]. */
export function indexOf(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return formatShape(index);
}
