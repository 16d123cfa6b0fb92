/** Threshold alerts on LLM signals, aggregated before they are divided or compared. */
import type { Service, ThresholdAlert } from "../../model/types.ts";
import { num } from "../../model/numbers.ts";
import { div, labelTemplate, paren, selector, sumRate } from "../../promql/build.ts";
import { rec, SERVICE_LABEL } from "../../vocabulary/series.ts";
import { monthEndForecast, monthToDateSpend } from "../../vocabulary/spend.ts";
import type { AlertingRule, RecordingRule } from "./rule.ts";
import { thresholdAlertPath } from "../grafana/links.ts";


/** The spend-rate recordings a service with a budget needs. */
export function spendRecording(service: Service): RecordingRule[] {
  const spend = service.alerts.find((a) => a.signal.kind === "spend");
  if (!spend || spend.signal.kind !== "spend") return [];
  const labels = { ...service.labels, [SERVICE_LABEL]: service.name };
  return [
    { record: rec.spendRate, expr: sumRate(spend.signal.counter, "5m"), labels },
    { record: rec.spendRateHourly, expr: sumRate(spend.signal.counter, "1h"), labels },
  ];
}

/** The value the alert compares, before the threshold. */
export function alertValueExpr(a: ThresholdAlert, serviceLabel: string): string {
  const by = [serviceLabel, ...a.by.filter((l) => l !== serviceLabel)];
  const s = a.signal;
  switch (s.kind) {
    case "quantile":
      return `histogram_quantile(${num(s.quantile)}, ${sumRate(s.bucket, s.window, ["le", ...by])})`;
    case "ratio":
      return div(`(${sumRate(s.bad, s.window, by)} or 0 * ${sumRate(s.total, s.window, by)})`, sumRate(s.total, s.window, by));
    case "rate":
      return s.scale === 1 ? sumRate(s.counter, s.window, by) : `${sumRate(s.counter, s.window, by)} * ${num(s.scale)}`;
    case "up":
      return selector(s.up);
    case "spend":
      return s.mode === "forecast" ? monthEndForecast(a.service, s.forecastWindow) : monthToDateSpend(a.service);
  }
}

export function alertExpr(a: ThresholdAlert, serviceLabel: string): string {
  const s = a.signal;
  if (s.kind === "up") return `${alertValueExpr(a, serviceLabel)} == 0`;
  return `${paren(alertValueExpr(a, serviceLabel))} > ${num(s.threshold)}`;
}

function defaultAnnotations(a: ThresholdAlert): { summary: string; description: string } {
  const s = a.signal;
  const model = a.by.length ? ` (${labelTemplate(a.by[0]!)})` : "";
  switch (s.kind) {
    case "quantile":
      return {
        summary: `{{ $labels.${SERVICE_LABEL} }}: p${num(s.quantile * 100)} LLM latency above ${num(s.threshold)}s${model}`,
        description: `The ${num(s.quantile * 100)}th percentile of request duration over ${s.window} is {{ $value | humanizeDuration }}, above ${num(s.threshold)}s.`,
      };
    case "ratio":
      return {
        summary: `{{ $labels.${SERVICE_LABEL} }}: LLM error rate above ${num(s.threshold * 100)}%${model}`,
        description: `{{ $value | humanizePercentage }} of requests failed over the last ${s.window} (threshold ${num(s.threshold * 100)}%).`,
      };
    case "rate":
      return s.scale === 1
        ? {
            summary: `{{ $labels.${SERVICE_LABEL} }}: token usage above ${num(s.threshold)} tokens/s${model}`,
            description: `Token usage is {{ $value | humanize }} tokens/s over the last ${s.window} (threshold ${num(s.threshold)}).`,
          }
        : {
            summary: `{{ $labels.${SERVICE_LABEL} }}: LLM spend above $${num(s.threshold)}/hour${model}`,
            description: `Spend is running at \${{ $value | humanize }}/hour over the last ${s.window} (threshold $${num(s.threshold)}/hour).`,
          };
    case "up":
      return {
        summary: `{{ $labels.job }} is down`,
        description: `Prometheus cannot scrape {{ $labels.instance }} of job {{ $labels.job }}.`,
      };
    case "spend":
      return s.mode === "forecast"
        ? {
            summary: `${a.service}: LLM spend is on course to exceed the monthly budget`,
            description: `At the spend rate of the last ${s.forecastWindow}, month-end spend will pass the $${num(s.threshold)} budget.`,
          }
        : {
            summary: `${a.service}: LLM spend this month passed $${num(s.threshold)}`,
            description: `Spend so far this calendar month has passed $${num(s.threshold)} of the monthly budget.`,
          };
  }
}

export function thresholdAlertRule(a: ThresholdAlert, serviceLabel: string): AlertingRule {
  const annotations: Record<string, string> = { ...defaultAnnotations(a) };
  if (a.runbookUrl) annotations.runbook_url = a.runbookUrl;
  const dashboard = thresholdAlertPath(a);
  if (dashboard) annotations.dashboard_url = dashboard;
  // Every alert names its service the same way, whatever label the conventions use for it.
  const labels: Record<string, string> = { ...a.labels, severity: a.severity, [SERVICE_LABEL]: a.service };
  return {
    alert: a.name,
    expr: alertExpr(a, serviceLabel),
    ...(a.for === "0s" ? {} : { for: a.for }),
    labels,
    annotations: { ...annotations, ...a.annotations },
  };
}
