/**
 * Multi-window multi-burn-rate alerting per the SRE workbook (ch. 5, table 5-8), as data: the
 * share of the error budget each window pair guards. Factors are computed from the period.
 */
import { exact } from "./numbers.ts";
import { formatDuration, mustParseDuration } from "./duration.ts";
import type { BurnWindow } from "./types.ts";

export interface WindowRow {
  tier: "page" | "ticket";
  budgetPercent: number;
  long: string;
  short: string;
}

export const SRE_WORKBOOK: readonly WindowRow[] = [
  { tier: "page", budgetPercent: 2, long: "1h", short: "5m" },
  { tier: "page", budgetPercent: 5, long: "6h", short: "30m" },
  { tier: "ticket", budgetPercent: 10, long: "1d", short: "2h" },
  { tier: "ticket", budgetPercent: 10, long: "3d", short: "6h" },
];

export const LONGEST_WINDOW_SECONDS = Math.max(...SRE_WORKBOOK.map((r) => mustParseDuration(r.long)));

/** factor = budget share × period ÷ long window: 30d → 14.4, 6, 3, 1. */
export function burnFactor(row: WindowRow, periodSeconds: number): number {
  return exact(((row.budgetPercent / 100) * periodSeconds) / mustParseDuration(row.long));
}

export function burnWindows(tier: "page" | "ticket", periodSeconds: number, budget: number): BurnWindow[] {
  return SRE_WORKBOOK.filter((r) => r.tier === tier).map((r) => {
    const factor = burnFactor(r, periodSeconds);
    return { budgetPercent: r.budgetPercent, long: r.long, short: r.short, factor, threshold: exact(factor * budget) };
  });
}

const RECORDING_WINDOWS: readonly string[] = Object.freeze(
  [...new Set(SRE_WORKBOOK.flatMap((r) => [r.short, r.long]))].sort((a, b) => mustParseDuration(a) - mustParseDuration(b)).map((w) => formatDuration(mustParseDuration(w))),
);

/** Every window recording rules must cover, shortest first. */
export function recordingWindows(): readonly string[] {
  return RECORDING_WINDOWS;
}
