/**
 * Spend expressions over the recorded spend rates: what the spend-budget alerts and the cost
 * dashboards both read.
 */
import { eq, selector } from "../promql/build.ts";
import { samePeriod } from "../promql/calendar.ts";
import { rec, SERVICE_LABEL } from "./series.ts";

/** Seconds left in the current calendar month, in PromQL. */
const MONTH_REMAINING_SECONDS = "((days_in_month() - day_of_month() + 1) * 86400 - time() % 86400)";

/**
 * Spend so far this calendar month: whole hours from hourly spend rates sampled on the hour
 * (each sample covers the hour before it, hence `- 1` when asking its month), plus the running
 * hour at the current rate. `@ end()` pins "this month" to the evaluation time inside the
 * subquery. Hourly steps keep the subquery at ~750 points.
 */
export function monthToDateSpend(service: string): string {
  const m = [eq(SERVICE_LABEL, service)];
  const hourly = selector({ series: rec.spendRateHourly, matchers: m });
  const now = selector({ series: rec.spendRate, matchers: m });
  const thisMonth = samePeriod("month", `timestamp(${hourly}) - 1`, `timestamp(${hourly} @ end())`);
  // `or vector(0)`: before the first whole hour there is nothing to sum yet, which is $0, not no data.
  return `(sum(sum_over_time((${hourly} and on() (${thisMonth}))[31d:1h]) * 3600) or vector(0)) + sum(${now}) * (time() % 3600)`;
}

export function monthEndForecast(service: string, window: string): string {
  const r = selector({ series: rec.spendRate, matchers: [eq(SERVICE_LABEL, service)] });
  return `${monthToDateSpend(service)} + sum(avg_over_time(${r}[${window}])) * ${MONTH_REMAINING_SECONDS}`;
}
