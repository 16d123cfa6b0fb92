/**
 * SLI recording rules: the error ratio of one SLO over every alert window and over its whole
 * period. The period ratio is built from 5m recordings, never from a raw 30-day range; a
 * calendar period's from those recorded since the period began (labelled with their period
 * as they are recorded), so it starts afresh at each boundary.
 */
import type { SLI, SLO, Selection } from "../../model/types.ts";
import type { ComparisonOp } from "../../dsl/spec.ts";
import { badEvents, badFromGood, div, eq, fillWindow, paren, rangeFn, selector, sumRate } from "../../promql/build.ts";
import { num } from "../../model/numbers.ts";
import { mustParseDuration } from "../../model/duration.ts";
import { labelPeriod, overPeriodSoFar } from "../../promql/calendar.ts";
import { byPeriod, PERIOD_LABEL, periodErrorRatio, rec, sloLabels, sloMatchers } from "./names.ts";
import type { RecordingRule } from "./rule.ts";

/** The negation of a good-slice comparison: a slice is bad when this holds. */
const BAD_OP: Record<ComparisonOp, string> = { "<": ">=", "<=": ">", ">": "<=", ">=": "<" };

/** Bad events per second; 0 rather than absent while no error series exists yet. */
export function errorRateExpr(sli: Extract<SLI, { kind: "events" }>, window: string): string {
  const total = sumRate(sli.total, window);
  return sli.bad ? badEvents(sumRate(sli.bad, window), total) : badFromGood(sumRate(sli.good!, window), total);
}

/** PromQL of the SLI's value over one slice, for timeslice SLIs and dashboards. */
export function measureExpr(sli: Extract<SLI, { kind: "timeslice" }>, window: string): string {
  const m = sli.measure;
  switch (m.kind) {
    case "perRequest":
      return div(sumRate(m.numerator, window), sumRate(m.requests, window));
    case "gaugeAvg":
      return `avg(${rangeFn("avg_over_time", selector(m.gauge), window)})`;
    case "query":
      return fillWindow(m.template, window);
  }
}

const sel = (slo: SLO, series: string): string => selector({ series, matchers: sloMatchers(slo) } satisfies Selection);

/**
 * `fn` of a recorded series over the SLO's period: over the rolling range; for a calendar
 * period, of the series as `periodLabelled` records it, since the current period began.
 */
function overPeriod(slo: SLO, fn: "sum_over_time" | "avg_over_time", series: string): string {
  if (!slo.calendar) return rangeFn(fn, sel(slo, series), slo.period);
  return overPeriodSoFar(slo.calendar, fn, (c) => selector({ series: byPeriod(series), matchers: [...sloMatchers(slo), eq(PERIOD_LABEL, c)] }), PERIOD_LABEL);
}

/** A calendar period's recordings `overPeriod` reads: each series again, labelled with the period it is recorded in. */
function periodLabelled(slo: SLO, r: (record: string, expr: string) => RecordingRule, ...series: string[]): RecordingRule[] {
  const unit = slo.calendar;
  return unit ? series.map((s) => r(byPeriod(s), labelPeriod(unit, sel(slo, s), PERIOD_LABEL))) : [];
}

/** Event-weighted: all errors over all events in the period, from samples that are never NaN. */
function eventPeriodRatio(slo: SLO): string {
  return div(overPeriod(slo, "sum_over_time", rec.errors5m), overPeriod(slo, "sum_over_time", rec.events5m));
}

/** The long windows of the SLO's guarded pairs, each once. */
export function guardedWindows(slo: SLO): string[] {
  return [...new Set(slo.tiers.flatMap((t) => t.windows.filter((w) => w.minEvents).map((w) => w.long)))];
}

/**
 * Events over each guarded long window, from the 5m events rate (never NaN; absent without
 * traffic, and then the guard holds the pair): no raw series is read again.
 */
function eventCounts(slo: SLO, r: (record: string, expr: string) => RecordingRule): RecordingRule[] {
  return guardedWindows(slo).map((w) => r(rec.eventsCount(w), `${rangeFn("avg_over_time", sel(slo, rec.events5m), w)} * ${num(mustParseDuration(w))}`));
}

export function sliRecordingRules(slo: SLO): RecordingRule[] {
  const labels = sloLabels(slo);
  const r = (record: string, expr: string): RecordingRule => ({ record, expr, labels });
  const { sli } = slo;
  const rules: RecordingRule[] = [];
  const windows = slo.windows;
  const periodRatio = periodErrorRatio(slo);

  switch (sli.kind) {
    case "events": {
      rules.push(r(rec.errors5m, errorRateExpr(sli, "5m")));
      rules.push(r(rec.events5m, sumRate(sli.total, "5m")));
      for (const w of windows) {
        rules.push(
          r(rec.errorRatio(w), w === "5m" ? div(sel(slo, rec.errors5m), sel(slo, rec.events5m)) : div(errorRateExpr(sli, w), sumRate(sli.total, w))),
        );
      }
      rules.push(...eventCounts(slo, r));
      rules.push(...periodLabelled(slo, r, rec.errors5m, rec.events5m), r(periodRatio, eventPeriodRatio(slo)));
      break;
    }
    case "timeslice": {
      rules.push(r(rec.measure, measureExpr(sli, sli.slice)));
      rules.push(r(rec.badSlice, `${sel(slo, rec.measure)} ${BAD_OP[sli.op]} bool ${num(sli.threshold)}`));
      for (const w of windows) rules.push(r(rec.errorRatio(w), rangeFn("avg_over_time", sel(slo, rec.badSlice), w)));
      rules.push(...periodLabelled(slo, r, rec.badSlice), r(periodRatio, overPeriod(slo, "avg_over_time", rec.badSlice)));
      break;
    }
    case "raw": {
      if (sli.events) {
        // Bad (or good) and total queries: recorded at 5m like counters, so the period is event-weighted too.
        // A missing bad series is 0 errors and a missing good series is all errors, as the counter SLIs count them.
        const ev = sli.events;
        const total = ev.total;
        const errors = (w: string) => (ev.good !== undefined ? badFromGood(fillWindow(ev.good, w), fillWindow(total, w)) : badEvents(fillWindow(ev.error, w), fillWindow(total, w)));
        rules.push(r(rec.errors5m, errors("5m")));
        rules.push(r(rec.events5m, paren(fillWindow(total, "5m"))));
        for (const w of windows) {
          rules.push(r(rec.errorRatio(w), w === "5m" ? div(sel(slo, rec.errors5m), sel(slo, rec.events5m)) : div(errors(w), fillWindow(total, w))));
        }
        rules.push(...eventCounts(slo, r));
        rules.push(...periodLabelled(slo, r, rec.errors5m, rec.events5m), r(periodRatio, eventPeriodRatio(slo)));
        break;
      }
      // A zero-traffic 5m makes a raw ratio NaN; `>= 0` keeps those samples out of the 5m recording
      // (no alert compares a NaN true anyway), so they cannot poison the period, which averages every
      // 5m sample recorded so far: from the first evaluation on, with no subquery step to wait for.
      for (const w of windows) rules.push(r(rec.errorRatio(w), w === "5m" ? `${paren(fillWindow(sli.template, w))} >= 0` : paren(fillWindow(sli.template, w))));
      rules.push(...periodLabelled(slo, r, rec.errorRatio("5m")), r(periodRatio, overPeriod(slo, "avg_over_time", rec.errorRatio("5m"))));
      break;
    }
  }
  return rules;
}

export function metadataRules(slo: SLO): RecordingRule[] {
  const labels = sloLabels(slo);
  const r = (record: string, expr: string): RecordingRule => ({ record, expr, labels });
  const budget = num(slo.budget);
  return [
    r(rec.objective, `vector(${num(slo.objective)})`),
    r(rec.errorBudget, `vector(${budget})`),
    r(rec.periodDays, `vector(${num(slo.periodSeconds / 86400)})`),
    r(rec.currentBurnRate, `${sel(slo, rec.errorRatio("5m"))} / ${budget}`),
    r(rec.periodBurnRate, `${sel(slo, periodErrorRatio(slo))} / ${budget}`),
    r(rec.budgetRemaining, `1 - ${sel(slo, rec.periodBurnRate)}`),
  ];
}

