/**
 * The rules that turn token counts into spend with the project's price table (see
 * vocabulary/prices.ts): one price series per model and token type, a spend counter per token
 * series, and the tokens of models the table does not price, with an alert naming them.
 */
import type { Conventions, Matcher } from "../../vocabulary/conventions.ts";
import { countedTokens, seriesName } from "../../vocabulary/conventions.ts";
import { CACHED_INPUT_TYPE, PRICE_SERIES, SPEND_COUNTER, UNPRICED_ALERT, UNPRICED_SERIES, type PriceTable } from "../../vocabulary/prices.ts";
import { SERVICE_LABEL } from "../../vocabulary/series.ts";
import { eq, labelList, labelTemplate, quote, rate, selector } from "../../promql/build.ts";
import type { Selection } from "../../promql/types.ts";
import { isLabelName as isLegacyLabelName } from "../../model/names.ts";
import { exact, num } from "../../model/numbers.ts";
import type { Rule } from "./rule.ts";

/** Per million → per token, exactly as written (2.5 → 0.0000025). */
export const perToken = (usdPerMillion: number): number => exact(usdPerMillion / 1e6);

/** Where the conventions' model or token-type label is a UTF-8 name, the joins go through these. */
export const MODEL_JOIN_LABEL = "llmops_model";
export const TYPE_JOIN_LABEL = "llmops_token_type";

/**
 * The labels the price series carry and the joins match on: the conventions' own model and
 * token-type labels where they are legacy names; otherwise llmops's `llmops_model` and
 * `llmops_token_type`, copied onto the token series with label_replace, because Prometheus 3.5
 * writes a rule's `on("gen_ai.request.model")` back unquoted and then fails to parse it.
 */
export function joinLabels(c: Conventions): { model: string; type: string; utf8: boolean } {
  const model = c.labels.model;
  const type = c.signals.tokens.typeLabel;
  const utf8 = !isLegacyLabelName(model) || !isLegacyLabelName(type);
  return utf8 ? { model: MODEL_JOIN_LABEL, type: TYPE_JOIN_LABEL, utf8 } : { model, type, utf8 };
}

/**
 * The price, spend and unpriced-token rules of one service, whose series `job` selects; every
 * series they record carries the service's own labels (`serviceLabels`) and llmops's service label.
 */
export function priceRules(c: Conventions, table: PriceTable, service: string, job: Matcher[], serviceLabels: Record<string, string> = {}): Rule[] {
  const t = c.signals.tokens;
  const model = c.labels.model;
  const j = joinLabels(c);
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
      out.push({ record: PRICE_SERIES, expr: `vector(${num(perToken(usd))})`, labels: { [j.model]: name, [j.type]: type, ...own } });
    }
  }
  /** A token selection with the join labels: as it is, or (UTF-8 names) with llmops's copies, the type label itself dropped so `ignoring` needs only legacy names. */
  const joinable = (sel: Selection): string => {
    const raw = selector(sel);
    if (!j.utf8) return raw;
    const withModel = `label_replace(${raw}, ${quote(j.model)}, "$1", ${quote(model)}, "(.*)")`;
    const withType = `label_replace(${withModel}, ${quote(j.type)}, "$1", ${quote(t.typeLabel)}, "(.*)")`;
    return `label_replace(${withType}, ${quote(t.typeLabel)}, "", ${quote(t.typeLabel)}, ".*")`;
  };
  const tokensSel: Selection = { series: seriesName(t.series), matchers: [...job, countedTokens(c)] };
  const price = (type?: string) => selector({ series: PRICE_SERIES, matchers: [eq(SERVICE_LABEL, service), ...(type === undefined ? [] : [eq(j.type, type)])] });
  const on = labelList([j.model, j.type]);
  const cached = c.signals.cachedTokens;
  if (!cached) {
    out.push({ record: SPEND_COUNTER, expr: `${joinable(tokensSel)} * on(${on}) group_left() ${price()}`, labels: own });
  } else {
    // Cached input is a share of the input: the rest of the input at the input rate, the cached
    // share at the cached rate. Each is a counter of its own, so every recorded series still only grows.
    const sel = (type: string): Selection => ({ series: seriesName(t.series), matchers: [...job, eq(t.typeLabel, type)] });
    const cachedSel = joinable({ series: seriesName(cached.series), matchers: [...job, ...cached.matchers] });
    const input = joinable(sel(t.input));
    out.push({ record: SPEND_COUNTER, expr: `${joinable(sel(t.output))} * on(${on}) group_left() ${price(t.output)}`, labels: own });
    out.push({ record: SPEND_COUNTER, expr: `(${input} - ignoring(${labelList([j.type])}) group_left() ${cachedSel} or ${input}) * on(${on}) group_left() ${price(t.input)}`, labels: own });
    out.push({ record: SPEND_COUNTER, expr: `${cachedSel} * on(${labelList([j.model])}) group_left() ${price(CACHED_INPUT_TYPE)}`, labels: own });
  }
  const byModel = `sum by (${labelList([model])}) (${rate(tokensSel, "5m")})`;
  const unpriced = j.utf8 ? `label_replace(${byModel}, ${quote(j.model)}, "$1", ${quote(model)}, "(.*)")` : byModel;
  out.push({ record: UNPRICED_SERIES, expr: `${unpriced} unless on(${labelList([j.model])}) ${price()}`, labels: own });
  out.push({
    alert: UNPRICED_ALERT,
    expr: `${selector({ series: UNPRICED_SERIES, matchers: [eq(SERVICE_LABEL, service)] })} > 0`,
    for: "15m",
    labels: { ...own, severity: "warning" },
    annotations: {
      summary: `${service}: tokens of model ${labelTemplate(j.model)} have no price`,
      description: `The price table (dated ${table.date}) has no price for this model: its tokens are left out of spend, the cost SLO and the spend budget. Add the model to the project's prices.`,
    },
  });
  return out;
}
