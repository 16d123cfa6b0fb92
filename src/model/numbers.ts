/**
 * Exact decimals for output. Objectives are written in percent with a few decimals; every
 * derived number (ratio, budget, factor, threshold) is rounded to 12 significant digits, which
 * removes binary float noise (`0.0049999999999999` → `0.005`) without losing real precision.
 */
export function exact(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  return Number(x.toPrecision(12));
}

/** Number as PromQL and YAML should show it: shortest exact form, no exponent for usual ranges. */
export function num(x: number): string {
  const v = exact(x);
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  if (!s.includes("e")) return s;
  // 1e-7 → 0.0000001: PromQL reads both, people read the second.
  return v.toFixed(20).replace(/0+$/, "");
}

export const percentToRatio = (p: number): number => exact(p / 100);
