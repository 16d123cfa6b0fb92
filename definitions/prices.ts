/**
 * An example price table: US dollars per million input, cached input and output tokens, as the
 * providers' public price lists read on its date. It is an example of the form, not a claim of
 * current prices: check your provider's price list and your contract, and change the date with
 * the prices.
 *
 * The lab preset records spend itself (llm_cost_usd_total), so this project does not use the
 * table. Presets that count tokens but record no spend (otel-genai-1.36, otel-genai-1.37) compute
 * spend from it: `defineProject({ conventions: presets.otelGenAI137(), prices: examplePrices, … })`.
 */
import type { PriceTable } from "llmops";

export const examplePrices: PriceTable = {
  date: "2026-01-15",
  models: {
    "gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
    "gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
    "claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  },
};
