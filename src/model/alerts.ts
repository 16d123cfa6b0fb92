/** Threshold alerts and the spend budget: spec → model, with their checks. */
import type { AlertSpec, SpendBudgetSpec } from "../dsl/spec.ts";
import { catalogSeries, countedTokens, type Matcher, seriesName } from "../vocabulary/conventions.ts";
import { alertNameProblem } from "./fieldRules.ts";
import { exact, percentToRatio } from "./numbers.ts";
import type { AlertSignal, Selection, ThresholdAlert } from "./types.ts";
import { withMatchers } from "../promql/build.ts";
import { Ctx, checkAnnotations, checkDuration, checkLabels, checkRunbookUrl, checkSeverity, histogramMetric, labelNameHint, matchers, needSignal, seriesLabelName } from "./context.ts";

const ALERT_FOR_DEFAULTS: Record<AlertSpec["kind"], string> = {
  latencyQuantile: "2m",
  errorRate: "1m",
  tokenRate: "5m",
  costRate: "3m",
  serviceDown: "1m",
};

/** A threshold an alert compares a rate or a duration with: a finite number, not below 0. */
function threshold(ctx: Ctx, file: string, field: string, value: number, unit: string, hint: string): void {
  if (!(Number.isFinite(value) && value >= 0)) ctx.fail(file, field, `${value} is not a threshold in ${unit}`, `give a finite number of ${unit}, 0 or more; ${hint}`);
}

export function normalizeAlert(ctx: Ctx, service: string, selector: Matcher[], serviceLabels: Record<string, string>, spec: AlertSpec, file: string, path: string): ThresholdAlert | undefined {
  const before = ctx.errors.length;
  const c = ctx.conventions;
  const badName = alertNameProblem(spec.name);
  if (badName) ctx.fail(file, path, badName.what, badName.hint);
  const filter = [...selector, ...matchers(ctx, spec.filter, file, `${path}.filter`)];
  // `window: ""` is a mistake to name, not a request for the default.
  const window = checkDuration(ctx, ("window" in spec ? spec.window : undefined) ?? "5m", file, `${path}.window`);
  const by = spec.by ?? [];
  for (const l of by) if (!seriesLabelName(ctx, l)) ctx.fail(file, `${path}.by`, `"${l}" is not a label name`, labelNameHint(ctx));
  const total: Selection = { series: seriesName(c.signals.requests.series), matchers: filter };
  let signal: AlertSignal | undefined;
  switch (spec.kind) {
    case "latencyQuantile": {
      const m = histogramMetric(ctx, spec.histogram, file, `${path}.histogram`);
      if (!(spec.quantile > 0 && spec.quantile < 1)) ctx.fail(file, `${path}.quantile`, `quantile ${spec.quantile} is out of range`, "a quantile is between 0 and 1: 0.95 for p95");
      threshold(ctx, file, `${path}.above`, spec.above, "seconds", "e.g. above: 5 for five seconds");
      // Every request takes longer than 0 s: such an alert fires whenever there is traffic.
      if (spec.above === 0) ctx.fail(file, `${path}.above`, "a latency quantile above 0 seconds is always true once there is traffic", "give the latency that is too slow, e.g. above: 5 for five seconds; to alert on traffic itself use tokenRate or an SLO");
      if (m) signal = { kind: "quantile", bucket: { series: `${m.name}_bucket`, matchers: filter }, buckets: m.buckets!, quantile: spec.quantile, threshold: spec.above, window };
      break;
    }
    case "errorRate":
      if (!(spec.abovePercent > 0 && spec.abovePercent < 100)) ctx.fail(file, `${path}.abovePercent`, `${spec.abovePercent}% is out of range`, "give the error share in percent, between 0 and 100");
      signal = { kind: "ratio", bad: withMatchers(total, c.signals.requests.errors), total, threshold: percentToRatio(spec.abovePercent), window };
      break;
    case "tokenRate":
      threshold(ctx, file, `${path}.above`, spec.above, "tokens per second", "e.g. above: 5000");
      signal = { kind: "rate", counter: { series: seriesName(c.signals.tokens.series), matchers: [...filter, countedTokens(c)] }, threshold: spec.above, scale: 1, window };
      break;
    case "costRate":
      threshold(ctx, file, `${path}.perHourAbove`, spec.perHourAbove, "US dollars per hour", "e.g. perHourAbove: 10");
      {
        const cost = needSignal(ctx, "cost", file, path);
        if (cost) signal = { kind: "rate", counter: { series: seriesName(cost.series), matchers: filter }, threshold: spec.perHourAbove, scale: 3600, window };
      }
      break;
    case "serviceDown":
      // `up` is one series per scrape target and is not aggregated, so there is nothing to keep apart.
      if (by.length) ctx.fail(file, `${path}.by`, "serviceDown alerts once per scrape target already", "leave out `by`; use `filter` to watch only some targets, e.g. { instance: { op: \"=~\", value: \"prod-.*\" } }");
      signal = { kind: "up", up: { series: "up", matchers: filter } };
      break;
  }
  const labels = { ...serviceLabels, ...checkLabels(ctx, spec.labels ?? {}, file, `${path}.labels`, "alert label") };
  const annotations = checkAnnotations(ctx, spec.annotations ?? {}, file, `${path}.annotations`);
  const runbookUrl = checkRunbookUrl(ctx, spec.runbookUrl, file, `${path}.runbookUrl`);
  const forDur = checkDuration(ctx, spec.for ?? ALERT_FOR_DEFAULTS[spec.kind], file, `${path}.for`);
  checkByLabels(ctx, signal, by, file, path);
  // A `severity` label replaces the default, as it does on SLO alerts.
  const severity = spec.severity ?? labels.severity ?? "warning";
  if (spec.severity !== undefined) checkSeverity(ctx, spec.severity, file, `${path}.severity`);
  else if (severity === "") checkSeverity(ctx, severity, file, `${path}.labels.severity`);
  if (ctx.errors.length > before || !signal) return undefined;
  return {
    kind: spec.kind,
    name: spec.name,
    service,
    for: forDur,
    severity,
    by,
    labels,
    annotations,
    ...(runbookUrl ? { runbookUrl } : {}),
    signal,
    source: file,
  };
}

/** `by` labels must exist on the metric, or the alert would group by nothing. */
function checkByLabels(ctx: Ctx, signal: AlertSignal | undefined, by: string[], file: string, path: string): void {
  if (!signal || !by.length) return;
  const sel = signal.kind === "quantile" ? signal.bucket : signal.kind === "ratio" ? signal.total : signal.kind === "rate" || signal.kind === "spend" ? signal.counter : signal.up;
  const info = catalogSeries(ctx.conventions).get(sel.series);
  const have = new Set([...(info?.metric.labels ?? []), ctx.conventions.labels.service, "instance"]);
  for (const l of by) {
    if (!have.has(l)) ctx.fail(file, `${path}.by`, `"${sel.series}" has no label "${l}"`, `its labels are ${[...have].join(", ")}`);
  }
}

export function spendAlerts(ctx: Ctx, service: string, selector: Matcher[], serviceLabels: Record<string, string>, spec: SpendBudgetSpec, file: string, path: string): ThresholdAlert[] {
  if (!(spec.monthlyUsd > 0)) {
    ctx.fail(file, `${path}.monthlyUsd`, `budget ${spec.monthlyUsd} must be a positive number of US dollars`, "e.g. monthlyUsd: 500");
    return [];
  }
  const warn = spec.warnAtPercent ?? 80;
  if (!(warn > 0 && warn <= 100)) {
    ctx.fail(file, `${path}.warnAtPercent`, `${warn}% is out of range`, "warn at a share of the budget between 0 and 100 percent");
    return [];
  }
  const cost = needSignal(ctx, "cost", file, path);
  if (!cost) return [];
  const counter: Selection = { series: seriesName(cost.series), matchers: selector };
  const forecastWindow = checkDuration(ctx, spec.forecastWindow ?? "6h", file, `${path}.forecastWindow`);
  const runbookUrl = checkRunbookUrl(ctx, spec.runbookUrl, file, `${path}.runbookUrl`);
  const common = {
    service,
    severity: checkSeverity(ctx, spec.severity ?? "warning", file, `${path}.severity`),
    by: [],
    labels: serviceLabels,
    annotations: {},
    ...(runbookUrl ? { runbookUrl } : {}),
    source: file,
  };
  return [
    {
      ...common,
      kind: "spendForecast",
      name: "LLMSpendForecastOverBudget",
      for: checkDuration(ctx, spec.for ?? "15m", file, `${path}.for`),
      signal: { kind: "spend", counter, threshold: spec.monthlyUsd, mode: "forecast", forecastWindow },
    },
    {
      ...common,
      kind: "spendShare",
      name: "LLMSpendBudgetConsumed",
      for: "0s",
      signal: { kind: "spend", counter, threshold: exact((spec.monthlyUsd * warn) / 100), mode: "share", forecastWindow },
    },
  ];
}
