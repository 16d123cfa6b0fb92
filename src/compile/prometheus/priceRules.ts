/**
 * The rules that turn token counts into spend with the project's price table (see
 * vocabulary/prices.ts): one price series per model and token type, a spend counter per token
 * series, and the tokens of models the table does not price, with an alert naming them.
 */
import type { Conventions, Matcher } from "../../vocabulary/conventions.ts";
import { countedTokens, seriesName } from "../../vocabulary/conventions.ts";
import { CACHED_INPUT_TYPE, PRICE_SERIES, SPEND_COUNTER, UNPRICED_ALERT, UNPRICED_SERIES, type PriceTable } from "../../vocabulary/prices.ts";
import { SERVICE_LABEL } from "../../vocabulary/series.ts";
import { eq, labelList, rate, selector } from "../../promql/build.ts";
import { exact, num } from "../../model/numbers.ts";
import type { Rule } from "./rule.ts";

/** Per million → per token, exactly as written (2.5 → 0.0000025). */
export const perToken = (usdPerMillion: number): number => exact(usdPerMillion / 1e6);

/**
 * The price, spend and unpriced-token rules of one service, whose series `job` selects; every
 * series they record carries the service's own labels (`serviceLabels`) and llmops's service label.
 */
export function priceRules(c: Conventions, table: PriceTable, service: string, job: Matcher[], serviceLabels: Record<string, string> = {}): Rule[] {
  const t = c.signals.tokens;
  const model = c.labels.model;
  const own = { ...serviceLabels, [SERVICE_LABEL]: service };
  const out: Rule[] = [];
  for (const name of Object.keys(table.models).sort()) {
    const p = table.models[name]!;
    // A model without a cached-input price has its cached input priced as input.
    const types: [string, number][] = [
      [t.input, p.input],
      [t.output, p.output],
      [CACHED_INPUT_TYPE, p.cachedInput ?? p.input],
    ];
    for (const [type, usd] of types) {
      out.push({ record: PRICE_SERIES, expr: `vector(${num(perToken(usd))})`, labels: { [model]: name, [t.typeLabel]: type, ...own } });
    }
  }
  const tokens = { series: seriesName(t.series), matchers: [...job, countedTokens(c)] };
  const price = (type?: string) => selector({ series: PRICE_SERIES, matchers: [eq(SERVICE_LABEL, service), ...(type === undefined ? [] : [eq(t.typeLabel, type)])] });
  const on = labelList([model, t.typeLabel]);
  const cached = c.signals.cachedTokens;
  if (!cached) {
    out.push({ record: SPEND_COUNTER, expr: `${selector(tokens)} * on(${on}) group_left() ${price()}`, labels: own });
  } else {
    // Cached input is a share of the input: the rest of the input at the input rate, the cached
    // share at the cached rate. Each is a counter of its own, so every recorded series still only grows.
    const sel = (type: string) => selector({ series: seriesName(t.series), matchers: [...job, eq(t.typeLabel, type)] });
    const cachedSel = selector({ series: seriesName(cached.series), matchers: [...job, ...cached.matchers] });
    const typeLabel = labelList([t.typeLabel]);
    const modelOn = labelList([model]);
    out.push({ record: SPEND_COUNTER, expr: `${sel(t.output)} * on(${on}) group_left() ${price(t.output)}`, labels: own });
    out.push({ record: SPEND_COUNTER, expr: `(${sel(t.input)} - ignoring(${typeLabel}) group_left() ${cachedSel} or ${sel(t.input)}) * on(${on}) group_left() ${price(t.input)}`, labels: own });
    out.push({ record: SPEND_COUNTER, expr: `${cachedSel} * on(${modelOn}) group_left() ${price(CACHED_INPUT_TYPE)}`, labels: own });
  }
  out.push({
    record: UNPRICED_SERIES,
    expr: `sum by (${labelList([model])}) (${rate(tokens, "5m")}) unless on(${labelList([model])}) ${price()}`,
    labels: own,
  });
  out.push({
    alert: UNPRICED_ALERT,
    expr: `${selector({ series: UNPRICED_SERIES, matchers: [eq(SERVICE_LABEL, service)] })} > 0`,
    for: "15m",
    labels: { ...own, severity: "warning" },
    annotations: {
      summary: `${service}: tokens of model ${labelTemplate(model)} have no price`,
      description: `The price table (dated ${table.date}) has no price for this model: its tokens are left out of spend, the cost SLO and the spend budget. Add the model to the project's prices.`,
    },
  });
  return out;
}

/** A label's value in an alert template: `$labels.x` needs a Go identifier, other names go through `index`. */
function labelTemplate(label: string): string {
  return /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) ? `{{ $labels.${label} }}` : `{{ index $labels ${JSON.stringify(label)} }}`;
}
