/**
 * Names of recorded series and rule groups, shared by the rules, their tests and (later) the
 * dashboards that read them. `level:metric:operations`, as Prometheus recommends.
 */
import type { SLO } from "../../model/types.ts";
import { eq } from "../../promql/build.ts";
import type { Matcher } from "../../model/conventions.ts";

export const SLO_LABEL = "slo";
export const SERVICE_LABEL = "service";

export const rec = {
  /** Bad events per second over 5m (event-based SLIs). */
  errors5m: "slo:sli_errors:rate5m",
  /** All events per second over 5m (event-based SLIs). */
  events5m: "slo:sli_events:rate5m",
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

/** Labels every recorded series of an SLO carries. */
export function sloLabels(slo: SLO): Record<string, string> {
  return { ...slo.labels, [SERVICE_LABEL]: slo.service, [SLO_LABEL]: slo.name };
}

/** Matchers that select one SLO's recorded series. */
export function sloMatchers(slo: SLO): Matcher[] {
  return [eq(SERVICE_LABEL, slo.service), eq(SLO_LABEL, slo.name)];
}

export const ruleFilePath = (service: string) => `prometheus/rules/${service}.yaml`;
export const testFilePath = (service: string) => `prometheus/tests/${service}.test.yaml`;
