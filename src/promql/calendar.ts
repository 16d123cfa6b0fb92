/**
 * Calendar periods in PromQL (UTC, as Prometheus's date functions compute): which period a
 * time falls in, and the samples of a series inside the current one, for month-to-date spend
 * and calendar SLO periods alike.
 *
 * A calendar SLO's period is not a subquery masked to "this period": inside a subquery the
 * evaluation time (`@ end()`), like every number literal, is held once per step, 8,928 samples
 * for a month of 5m steps and 26,496 for a quarter, past what promtool's unit tests allow one
 * query (10,000). So each sample is labelled with its period when it is recorded, and the
 * current period is picked outside the range, where the evaluation time is one sample.
 */
import { formatDuration } from "../model/duration.ts";
import { LONGEST_SECONDS, type CalendarUnit } from "../model/calendar.ts";
import { quote } from "./build.ts";

/**
 * Weeks are counted from Monday 1969-12-29 00:00 UTC, the Monday before the epoch (a
 * Thursday), so that no time after the epoch has a negative week number (PromQL's `%` keeps
 * the sign).
 */
const MONDAY_BEFORE_EPOCH = 3 * 86400;
const WEEK = 7 * 86400;

/**
 * The period of the year an instant vector of Unix times falls in. Two times get the same
 * number exactly when they are in the same period, provided they are less than nine months
 * apart (month and quarter numbers come round again each year).
 */
export function periodOfYear(unit: CalendarUnit, t: string): string {
  switch (unit) {
    case "week":
      return periodNumber(unit, t);
    case "month":
      return `month(${t})`;
    case "quarter":
      return `floor((month(${t}) - 1) / 3)`;
  }
}

/** The period an instant vector of Unix times falls in, counted from the epoch: consecutive periods get consecutive numbers. */
export function periodNumber(unit: CalendarUnit, t: string): string {
  switch (unit) {
    case "week":
      return `floor((${t} + ${MONDAY_BEFORE_EPOCH}) / ${WEEK})`;
    case "month":
      return `(year(${t}) * 12 + month(${t}))`;
    case "quarter":
      return `(year(${t}) * 4 + floor((month(${t}) - 1) / 3))`;
  }
}

/**
 * A condition, true when the times `a` (one series) and `b` are in the same period, less than
 * nine months apart. Inside a subquery, `b` pinned with `@ end()` is the evaluation time, held
 * once per step: this suits short subqueries only (hourly steps over a month).
 */
export function samePeriod(unit: CalendarUnit, a: string, b: string): string {
  return `${periodOfYear(unit, a)} == on() ${periodOfYear(unit, b)}`;
}

/** Classes of periods: the longest range reaches into at most the two periods before the current one. */
const CLASSES = ["0", "1", "2"] as const;

/**
 * `expr` labelled with `label`: the number of the calendar period of the evaluation time,
 * modulo 3, for a recording rule. A recorded sample stands for the time before it (a 5m rate,
 * a slice), so it belongs to the period of the instant before it: the sample taken at a
 * boundary closes the previous period.
 */
export function labelPeriod(unit: CalendarUnit, expr: string, label: string): string {
  const n = periodNumber(unit, "vector(time() - 1)");
  return CLASSES.map((c) => `label_replace(${expr} and on() ${n} % 3 == ${c}, ${quote(label)}, ${quote(c)}, "", "")`).join(" or ");
}

/**
 * `fn` (`sum_over_time`, `avg_over_time`) of the samples, since the current calendar period
 * began, of a series recorded with `labelPeriod`; `classed(c)` selects its samples of class
 * `c`. The range is the longest period (a month's 31 days), which reaches into at most the two
 * periods before the current one (in early March, the end of January): their classes differ
 * from the current one's, so picking the current class keeps the current period only. Raw
 * ranges, no subquery: every recorded sample counts, as in a rolling period. Until the first
 * sample of the period is recorded there is no value.
 */
export function overPeriodSoFar(unit: CalendarUnit, fn: "sum_over_time" | "avg_over_time", classed: (c: string) => string, label: string): string {
  const range = formatDuration(LONGEST_SECONDS[unit]);
  const now = periodNumber(unit, "vector(time())");
  const terms = CLASSES.map((c) => `(${fn}(${classed(c)}[${range}]) and on() ${now} % 3 == ${c})`);
  return `sum without (${label}) (${terms.join(" or ")})`;
}
