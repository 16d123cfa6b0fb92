/**
 * Calendar-aligned SLO periods: a calendar week (from Monday), month or quarter, in UTC. The
 * period's error ratio counts only what happened since the period began and starts afresh at
 * each boundary. Prometheus's date functions (`month()`, `day_of_week()`, …) know UTC only, so
 * no other time zone can be followed exactly: its boundaries would move with daylight saving.
 */

export type CalendarUnit = "week" | "month" | "quarter";

export const CALENDAR_UNITS: readonly CalendarUnit[] = ["week", "month", "quarter"];

/** The only time zone a calendar period can follow, and the names it goes by. */
export const CALENDAR_TIME_ZONES: readonly string[] = ["UTC", "Etc/UTC", "GMT", "Etc/GMT"];

const DAY = 86400;

/**
 * The length burn-rate factors and budget minutes count a period as, as most SLO tools do: a
 * month is 30 days and a quarter 90 whatever the calendar says, so a month's factors are a 30d
 * SLO's (14.4, 6, 3, 1) in February as in March.
 */
export const NOMINAL_SECONDS: Readonly<Record<CalendarUnit, number>> = { week: 7 * DAY, month: 30 * DAY, quarter: 90 * DAY };

/** The longest a period of the unit lasts: how far back the period-so-far must look. */
export const LONGEST_SECONDS: Readonly<Record<CalendarUnit, number>> = { week: 7 * DAY, month: 31 * DAY, quarter: 92 * DAY };

/** How dashboards and docs name an SLO's period: `30d`, or `calendar month (UTC)`. */
export function periodName(slo: { period: string; calendar?: CalendarUnit }): string {
  return slo.calendar ? `calendar ${slo.calendar} (UTC)` : slo.period;
}

/** A short name for panel titles: `30d`, or `month to date`. */
export function periodTitle(slo: { period: string; calendar?: CalendarUnit }): string {
  return slo.calendar ? `${slo.calendar} to date` : slo.period;
}

/** What the period's ratio covers, for descriptions: `over the whole 30d period`, or `so far this calendar month (UTC)`. */
export function periodSpan(slo: { period: string; calendar?: CalendarUnit }): string {
  return slo.calendar ? `so far this calendar ${slo.calendar} (UTC)` : `over the whole ${slo.period} period`;
}

/** Why a time zone other than UTC is refused; undefined for UTC. */
export function timeZoneProblem(zone: string): { what: string; hint: string } | undefined {
  if (CALENDAR_TIME_ZONES.includes(zone)) return undefined;
  return {
    what: `time zone ${JSON.stringify(zone)} is not supported: calendar periods follow UTC only`,
    hint: "Prometheus's date functions (month(), day_of_week()) compute in UTC, so the boundaries of another zone (and its daylight-saving shifts) cannot be found in a rule; use timeZone: UTC",
  };
}
