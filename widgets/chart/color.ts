// Values to colours with d3-scale: a colour scale's stops become a piecewise-linear scale whose range is
// colours (d3 interpolates them), clamped to [zmin, zmax].
import { scaleLinear } from "d3-scale";
import type { ColorScale } from "./figure";

/** A function from a value to a CSS colour ("rgb(r, g, b)"); NaN gives "none". */
export function colorMap(stops: ColorScale, zmin: number, zmax: number): (v: number) => string {
  const span = zmax - zmin || 1;
  const scale = scaleLinear<string>()
    .domain(stops.map(([t]) => zmin + t * span))
    .range(stops.map(([, c]) => c))
    .clamp(true);
  return (v) => (Number.isFinite(v) ? scale(v) : "none");
}

/** The red, green and blue bytes of a colour from colorMap (or a #rrggbb colour). */
export function rgbBytes(color: string): [number, number, number] {
  if (color.startsWith("#")) return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as never;
  const m = color.match(/\d+/g);
  return m ? [Number(m[0]), Number(m[1]), Number(m[2])] : [255, 255, 255];
}

/** The smallest and largest finite values of a grid. */
export function finiteExtent(z: number[][]): [number, number] {
  let [lo, hi] = [Infinity, -Infinity];
  for (const row of z)
    for (const v of row) if (Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  return lo <= hi ? [lo, hi] : [0, 1];
}
