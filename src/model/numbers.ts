/**
 * Exact decimals for output. Objectives are written in percent with a few decimals; every
 * derived number (ratio, budget, factor, threshold) is rounded to 12 significant digits, which
 * removes binary float noise (`0.0049999999999999` → `0.005`) without losing real precision.
 */
export function exact(x: number): number {
  if (!Number.isFinite(x) || x === 0 || (Number.isInteger(x) && Math.abs(x) < 1e12)) return x;
  return Number(x.toPrecision(12));
}

/** Number as PromQL and YAML should show it: shortest exact form, no exponent for usual ranges. */
export function num(x: number): string {
  let s = shown.get(x);
  if (s === undefined) {
    s = show(exact(x));
    if (shown.size >= 10_000) shown.clear();
    shown.set(x, s);
  }
  return s;
}

/** The same numbers come up for every SLO (objectives, factors, windows): rendered once. */
const shown = new Map<number, string>();

function show(v: number): string {
  if (Number.isInteger(v)) return String(v);
  const s = String(v);
  if (!s.includes("e")) return s;
  // 1e-7 → 0.0000001: PromQL reads both, people read the second.
  return v.toFixed(20).replace(/0+$/, "");
}

/**
 * Decimals an objective may have, in percent: 99.9999 is the finest, an error budget of 1e-6,
 * which every derived number (12 significant digits) and the generated tests still resolve.
 */
export const OBJECTIVE_DECIMALS = 4;

export const percentToRatio = (p: number): number => exact(p / 100);
