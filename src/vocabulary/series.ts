/**
 * Names of recorded series and rule groups, shared by the rules, their tests and (later) the
 * dashboards that read them. `level:metric:operations`, as Prometheus recommends.
 */
import { eq } from "../promql/build.ts";
import type { Matcher } from "./conventions.ts";

/** What the names of an SLO's series depend on. */
export interface SLOIdentity {
  service: string;
  name: string;
  labels: Record<string, string>;
  period: string;
  calendar?: "week" | "month" | "quarter";
}

/**
 * llmops's own labels on every series it records and every alert it raises: the service and SLO
 * they belong to. A user's series may carry `service` or `slo` themselves (kube-prometheus puts
 * `service` on every target), so these live in llmops's namespace and can never collide.
 */
export const SLO_LABEL = "llmops_slo";
export const SERVICE_LABEL = "llmops_service";
/**
 * The burn-rate tier (`page` / `ticket`) on every SLO alert. A user's severity may name both tiers
 * alike, and Alertmanager routes and inhibits on this label, so it lives in llmops's own namespace.
 */
export const TIER_LABEL = "llmops_tier";

export const rec = {
  /** Bad events per second over 5m (event-based SLIs). */
  errors5m: "slo:sli_errors:rate5m",
  /** All events per second over 5m (event-based SLIs). */
  events5m: "slo:sli_events:rate5m",
  /**
   * All events over a guarded pair's long window: the mean of the 5m events rate over it times its
   * seconds (`slo:sli_events:count1h`), read by the low-traffic guard.
   */
  eventsCount: (window: string) => `slo:sli_events:count${window}`,
  /** The measured value over the last slice (timeslice SLIs). */
  measure: "slo:sli_measure:value",
  /** 1 when the last slice missed the threshold, else 0 (timeslice SLIs). */
  badSlice: "slo:sli_bad_slice:bool",
  /** Error ratio over a window: `slo:sli_error:ratio_rate5m` … `ratio_rate30d`. */
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  objective: "slo:objective:ratio",
  errorBudget: "slo:error_budget:ratio",
  periodDays: "slo:time_period:days",
  currentBurnRate: "slo:current_burn_rate:ratio",
  periodBurnRate: "slo:period_burn_rate:ratio",
  budgetRemaining: "slo:period_error_budget_remaining:ratio",
  /** Spend per second over 5m, per service. */
  spendRate: "service:llm_spend_usd:rate5m",
  /** Spend per second over 1h, per service; sampled hourly for month-to-date spend. */
  spendRateHourly: "service:llm_spend_usd:rate1h",
} as const;

/**
 * The error ratio over an SLO's whole period: `slo:sli_error:ratio_rate30d` for a rolling 30d,
 * `slo:sli_error:ratio_month_to_date` (so far this calendar month, UTC) for a calendar month.
 */
export function periodErrorRatio(slo: Pick<SLOIdentity, "period" | "calendar">): string {
  return slo.calendar ? `slo:sli_error:ratio_${slo.calendar}_to_date` : rec.errorRatio(slo.period);
}

/**
 * A calendar SLO's 5m recording recorded again with PERIOD_LABEL, the calendar period it was
 * recorded in: `slo:sli_errors:rate5m` → `slo:sli_errors:rate5m_by_period`.
 */
export const byPeriod = (series: string) => `${series}_by_period`;
/** On a calendar SLO's `_by_period` recordings: the number of the period each sample belongs to, modulo 3. */
export const PERIOD_LABEL = "llmops_period";

/** Labels every recorded series of an SLO carries. */
export function sloLabels(slo: SLOIdentity): Record<string, string> {
  return { ...slo.labels, [SERVICE_LABEL]: slo.service, [SLO_LABEL]: slo.name };
}

/** Matchers that select one SLO's recorded series. */
export function sloMatchers(slo: SLOIdentity): Matcher[] {
  return [eq(SERVICE_LABEL, slo.service), eq(SLO_LABEL, slo.name)];
}

