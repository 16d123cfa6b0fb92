/**
 * OpenSLO calendar-aligned time windows (`isRolling: false` with `calendar`) → a calendar SLO
 * period. llmops follows one calendar week (Monday to Sunday), month or quarter in UTC; any
 * other length, a start that is not such a period's first instant, or another time zone is
 * refused at its field, since the rules could not count what the spec says.
 */
import type { CalendarWindowSpec } from "../dsl/spec.ts";
import { timeZoneProblem, type CalendarUnit } from "../model/calendar.ts";
import { docError, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** The durations (OpenSLO's duration shorthand) of the calendar periods llmops follows. */
const DURATIONS: Readonly<Record<string, CalendarUnit>> = { "1w": "week", "1M": "month", "1Q": "quarter" };

/** What the user may have meant by another duration of the same length. */
const SAME_AS: Readonly<Record<string, string>> = { "7d": "1w", "3M": "1Q" };

const START_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export interface OCalendar {
  startTime?: string;
  timeZone?: string;
}

export function calendarWindow(d: YamlDoc, at: PathPart[], duration: string, calendar: OCalendar): CalendarWindowSpec {
  const unit = DURATIONS[duration];
  if (!unit) {
    const same = SAME_AS[duration];
    throw docError(
      d,
      [...at, "duration"],
      `a calendar-aligned time window of ${JSON.stringify(duration)} is not supported`,
      same
        ? `write the calendar ${DURATIONS[same]} as duration: ${same}`
        : "calendar windows are one week (1w), one month (1M) or one quarter (1Q); for another length use a rolling window, e.g. duration: 28d, isRolling: true",
    );
  }
  const zoneAt = [...at, "calendar", "timeZone"];
  if (calendar.timeZone === undefined) throw docError(d, zoneAt, "missing required field", "name the time zone the calendar follows: timeZone: UTC (the only one supported)");
  const zone = timeZoneProblem(calendar.timeZone);
  if (zone) throw docError(d, zoneAt, zone.what, zone.hint);
  if (calendar.startTime !== undefined) checkStart(d, [...at, "calendar", "startTime"], calendar.startTime, unit);
  return { calendar: unit };
}

/**
 * The start must be the first instant of a period of the unit: every period after it then
 * starts on a boundary Prometheus's date functions can find.
 */
function checkStart(d: YamlDoc, at: PathPart[], text: string, unit: CalendarUnit): void {
  const m = START_TIME.exec(text);
  const [y, mo, day, h, mi, s] = (m ?? []).slice(1).map(Number) as number[];
  const date = m ? new Date(Date.UTC(y!, mo! - 1, day!, h!, mi!, s!)) : undefined;
  if (!date || date.getUTCMonth() !== mo! - 1 || date.getUTCDate() !== day || h! > 23 || mi! > 59 || s! > 59) {
    throw docError(d, at, `startTime ${JSON.stringify(text)} is not a date and time`, "write it as YYYY-MM-DD hh:mm:ss with no time zone, e.g. 2024-01-01 00:00:00");
  }
  const first = unit === "week" ? "a Monday" : unit === "month" ? "the 1st of a month" : "the 1st of January, April, July or October";
  const example = unit === "week" ? "2024-01-01 00:00:00 (a Monday)" : unit === "month" ? `${text.slice(0, 7)}-01 00:00:00` : `${text.slice(0, 4)}-01-01 00:00:00`;
  const aligned = date.getUTCHours() === 0 && date.getUTCMinutes() === 0 && date.getUTCSeconds() === 0 && (unit === "week" ? date.getUTCDay() === 1 : date.getUTCDate() === 1 && (unit === "month" || (mo! - 1) % 3 === 0));
  if (!aligned) {
    const is = unit === "week" && date.getUTCDay() !== 1 ? ` (a ${WEEKDAYS[date.getUTCDay()]})` : "";
    throw docError(d, at, `startTime ${JSON.stringify(text)}${is} is not the start of a calendar ${unit}`, `a calendar ${unit} starts on ${first} at 00:00:00 UTC, e.g. startTime: ${example}`);
  }
}
