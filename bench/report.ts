// Prints rows as one table per suite: a column per implementation, and each value's ratio to the first.
import type { Row } from "./row";

function format(value: number): string {
  if (Number.isNaN(value)) return "n/a";
  return value >= 100 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** Higher is better for rates, lower for times; the ratio always reads "how many times better than the baseline". */
function speedup(value: number, baseline: number, unit: string): number {
  return unit === "ms" ? baseline / value : value / baseline;
}

export function table(rows: Row[], baselineImpl: string): string {
  const impls = [...new Set(rows.map((r) => r.impl))];
  const cases = [...new Set(rows.map((r) => `${r.case}\u0000${r.unit}`))];
  const header = ["case", "unit", ...impls];
  const lines = cases.map((key) => {
    const [name, unit] = key.split("\u0000");
    const at = (impl: string) =>
      rows.find((r) => r.case === name && r.unit === unit && r.impl === impl)?.value;
    const base = at(baselineImpl);
    return [
      name,
      unit,
      ...impls.map((impl) => {
        const v = at(impl);
        if (v === undefined) return "";
        const ratio =
          base !== undefined && impl !== baselineImpl && unit !== "accuracy" ? speedup(v, base, unit) : NaN;
        return Number.isFinite(ratio) ? `${format(v)} (${ratio.toFixed(2)}×)` : format(v);
      }),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ");
  return [render(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(render)].join("\n");
}
