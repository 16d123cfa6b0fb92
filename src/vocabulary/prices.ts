/**
 * Spend from tokens (the rules are in compile/prometheus/priceRules.ts): a dated price table (model → US dollars per million input, cached input and
 * output tokens) for conventions that count tokens but record no spend (the OpenTelemetry GenAI
 * conventions). Each service's rules record the price of a token per model and token type, and a
 * spend counter per token series (`tokens × price`, a counter that grows, and resets, with the
 * token counter it is made from). The conventions' cost signal then names that recorded counter,
 * so every rate and increase of spend any target builds (cost alerts, the spend budget and
 * forecast, the cost-per-request SLI, the cost panels) reads dollars computed from tokens.
 *
 * Tokens of a model the table does not price are not spend of $0: they are recorded on their own
 * (`llmops:unpriced_tokens:rate5m`) and the `LLMTokensWithoutPrice` alert names the model.
 *
 * Cached input tokens are a share of the input. Where the conventions carry them
 * (`signals.cachedTokens`), the input less the cached share is priced at the input rate and the
 * cached share at `cachedInput` (the input rate where a model has no cached price); the cached
 * series is paired with the input series of the same labels but the token type. Where the
 * conventions carry none (no preset does by default), every input token is priced at the input
 * rate: an upper bound where the provider served part of the prompt from its cache.
 */
import type { Conventions, MetricSpec } from "./conventions.ts";
import { SERVICE_LABEL } from "./series.ts";

/** US dollars per million tokens of one model. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Input tokens served from the provider's prompt cache; default: the input price. */
  cachedInput?: number;
}

/** A dated price table: what the prices were on `date` (YYYY-MM-DD), not a claim of current prices. */
export interface PriceTable {
  date: string;
  /** Keys are model names as the conventions' model label carries them (`gpt-4o`, `claude-sonnet-4`). */
  models: Record<string, ModelPrice>;
}

/** Recorded price of one token, per model and token type. */
export const PRICE_SERIES = "llmops:token_price_usd:per_token";
/** Recorded spend counter: one series per token series, USD so far. */
export const SPEND_COUNTER = "llmops:token_spend_usd:total";
/** Tokens per second of models the table has no price for. */
export const UNPRICED_SERIES = "llmops:unpriced_tokens:rate5m";
export const UNPRICED_ALERT = "LLMTokensWithoutPrice";
/** The token type value the cached-input price is recorded under. */
export const CACHED_INPUT_TYPE = "cached_input";

/** Conventions whose cost signal is the spend counter recorded from tokens and the price table. */
export function withSpendFromTokens(c: Conventions): Conventions {
  const tokens = c.metrics.find((m) => m.name === c.signals.tokens.series.metric);
  const spend: MetricSpec = {
    name: SPEND_COUNTER,
    type: "counter",
    help: "Spend in US dollars computed from token counts and the project's price table (recorded by llmops).",
    labels: [...(tokens?.labels ?? [c.labels.model, c.signals.tokens.typeLabel]), SERVICE_LABEL],
    unit: "currencyUSD",
  };
  return { ...c, metrics: [...c.metrics, spend], signals: { ...c.signals, cost: { series: { metric: SPEND_COUNTER } } } };
}
