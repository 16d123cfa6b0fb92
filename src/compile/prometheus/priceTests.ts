/**
 * The promtool case that proves spend from tokens: raw token counters of every priced model grow
 * at known rates, and the spend per hour the rules record from them must match the price table to
 * the cent, model by model; a model the table does not price shows up as unpriced tokens and
 * fires LLMTokensWithoutPrice instead of reading as $0.
 */
import type { Model, Service } from "../../model/types.ts";
import { renderAlertTemplate } from "../../model/goTemplate.ts";
import { eq, labelList, labelRef, quote, selector } from "../../promql/build.ts";
import { seriesName } from "../../vocabulary/conventions.ts";
import { SPEND_COUNTER, UNPRICED_ALERT, UNPRICED_SERIES } from "../../vocabulary/prices.ts";
import { joinLabels, priceRules } from "./priceRules.ts";
import type { AlertingRule } from "./rule.ts";
import { SERVICE_LABEL } from "../../vocabulary/series.ts";
import { labelsFor, seriesText } from "./synth.ts";

/** A model name no table prices. */
export const UNPRICED_TEST_MODEL = "llmops-unpriced-test-model";
/** Minutes of input; spend is read at the end, over the last hour. */
const MINUTES = 60;

export interface PriceTestCase {
  name: string;
  interval: string;
  input_series: { series: string; values: string }[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[] }[];
  promql_expr_test: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** Tokens per minute of the i-th model: whole numbers, different per model and type. */
const perMinute = (i: number) => ({ input: 61_200 * (i + 1), output: 12_300 * (i + 1) });
/** Rounded to the cent as PromQL's `round(x, 0.01)` does. */
const cents = (usd: number) => Math.floor(usd * 100 + 0.5) / 100;

export function priceTests(model: Model, service: Service): PriceTestCase[] {
  const table = model.prices;
  if (!table) return [];
  const c = model.conventions;
  const t = c.signals.tokens;
  const ml = c.labels.model;
  const name = seriesName(t.series);
  const base = labelsFor({ series: name, matchers: service.selector });
  const counter = (m: string, type: string, perMin: number) => ({ series: seriesText(name, { ...base, [ml]: m, [t.typeLabel]: type }), values: `0+${perMin}x${MINUTES}` });
  const models = Object.keys(table.models).sort();
  const input = models.flatMap((m, i) => [counter(m, t.input, perMinute(i).input), counter(m, t.output, perMinute(i).output)]);
  // Where the conventions carry cached input tokens, a quarter of each model's input is cached.
  const cached = c.signals.cachedTokens;
  const cachedName = cached ? seriesName(cached.series) : "";
  const cachedBase = cached ? labelsFor({ series: cachedName, matchers: [...service.selector, ...cached.matchers] }) : {};
  if (cached) models.forEach((m, i) => input.push({ series: seriesText(cachedName, { ...cachedBase, [ml]: m }), values: `0+${perMinute(i).input / 4}x${MINUTES}` }));
  const unpricedPerMin = 300;
  input.push(counter(UNPRICED_TEST_MODEL, t.input, unpricedPerMin));
  const own = [eq(SERVICE_LABEL, service.name)];
  const spend = `round(sum by (${labelList([ml])}) (rate(${selector({ series: SPEND_COUNTER, matchers: own })}[1h])) * 3600, 0.01)`;
  const sample = (labels: Record<string, string>) => `{${Object.keys(labels).sort().map((k) => `${labelRef(k)}=${quote(labels[k]!)}`).join(", ")}}`;
  const exp = models.map((m, i) => {
    const p = table.models[m]!;
    const r = perMinute(i);
    // USD per hour: tokens per hour × USD per million / 1e6.
    const c4 = cached ? r.input / 4 : 0;
    return { labels: sample({ [ml]: m }), value: cents(((r.input - c4) * 60 * p.input + c4 * 60 * (p.cachedInput ?? p.input) + r.output * 60 * p.output) / 1e6) };
  });
  const alertRule = priceRules(c, table, service.name, service.selector, service.labels).find((r): r is AlertingRule => "alert" in r && r.alert === UNPRICED_ALERT)!;
  // Where the model label is a UTF-8 name, the unpriced series carries llmops's copy of it too.
  const j = joinLabels(c);
  const alertLabels = { ...service.labels, [ml]: UNPRICED_TEST_MODEL, ...(j.utf8 ? { [j.model]: UNPRICED_TEST_MODEL } : {}), [SERVICE_LABEL]: service.name };
  const value = unpricedPerMin / 60;
  const annotations = Object.fromEntries(Object.entries(alertRule.annotations).map(([k, v]) => [k, renderAlertTemplate(v, alertLabels, value)]));
  return [
    {
      name: `${service.name}: spend per hour from token rates matches the price table (${table.date}) to the cent`,
      interval: "1m",
      input_series: input,
      alert_rule_test: [{ eval_time: `${MINUTES}m`, alertname: UNPRICED_ALERT, exp_alerts: [{ exp_labels: { ...alertLabels, severity: "warning" }, exp_annotations: annotations }] }],
      promql_expr_test: [
        { expr: spend, eval_time: `${MINUTES}m`, exp_samples: exp },
        { expr: selector({ series: UNPRICED_SERIES, matchers: own }), eval_time: `${MINUTES}m`, exp_samples: [{ labels: seriesText(UNPRICED_SERIES, alertLabels), value }] },
      ],
    },
  ];
}
