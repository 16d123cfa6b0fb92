/**
 * The seeds' LLM agent: the four SLOs of Lab 2, time to first token and quality, the labs'
 * threshold alerts and a monthly spend budget.
 */
import { alert, defineProject, fromYaml, presets, service, sli, slo } from "llmops";
import { dashboards, LIMITS, MONTHLY_BUDGET_USD } from "./dashboards.ts";

// Where your runbooks live; example.com stands in for your wiki.
const runbooks = "https://runbooks.example.com/llm-agent";

export default defineProject({
  name: "llm-agent",
  conventions: presets.lab(),
  // The period of SLOs that give no window, as the Sloth file in slos/ never does.
  defaultWindow: "30d",
  // Besides the plain Prometheus rule files: PrometheusRule resources and Mimir ruler files.
  outputs: {
    prometheusOperator: { namespace: "monitoring", labels: { release: "prometheus" } },
    mimir: true,
  },
  services: [
    service({
      name: "llm-agent",
      slos: [
        slo({
          name: "availability",
          objective: 99.5,
          window: "30d",
          description: "Share of LLM requests that succeed.",
          runbookUrl: `${runbooks}#availability`,
          sli: sli.availability(),
        }),
        slo({
          name: "latency",
          objective: 95,
          description: "Share of LLM requests answered within 3 seconds.",
          runbookUrl: `${runbooks}#latency`,
          sli: sli.latency({ threshold: 3 }),
        }),
        slo({
          name: "cost-per-request",
          objective: 90,
          description: "Share of 5-minute slices in which the average cost per request stays under $0.02.",
          runbookUrl: `${runbooks}#cost`,
          sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.02 }),
          // Overspend is a ticket; HighLLMCost pages when spend runs away.
          alerting: { page: { disabled: true } },
        }),
        slo({
          name: "tokens-per-request",
          objective: 80,
          description: "Share of 5-minute slices in which requests average under 1000 tokens.",
          runbookUrl: `${runbooks}#tokens`,
          sli: sli.timeslice({ measure: "tokensPerRequest", op: "<", threshold: 1000 }),
          alerting: { page: { disabled: true } },
        }),
        slo({
          name: "time-to-first-token",
          objective: 95,
          description: "Share of streamed responses whose first token arrives within 1 second.",
          runbookUrl: `${runbooks}#time-to-first-token`,
          sli: sli.timeToFirstToken({ threshold: LIMITS.ttftSeconds }),
        }),
        slo({
          name: "quality",
          objective: 95,
          description: "Share of 5-minute slices in which the rolling quality score is at least 4 of 5.",
          runbookUrl: `${runbooks}#quality`,
          sli: sli.timeslice({ measure: "quality", op: ">=", threshold: 4 }),
        }),
      ],
      alerts: [
        alert.latencyQuantile({ name: "HighLLMLatency", quantile: 0.95, above: LIMITS.p95LatencySeconds, for: "2m", runbookUrl: `${runbooks}#high-latency` }),
        alert.errorRate({ name: "HighLLMErrorRate", abovePercent: LIMITS.errorPercent, for: "1m", severity: "critical", runbookUrl: `${runbooks}#errors` }),
        alert.tokenRate({ name: "HighTokenUsage", above: LIMITS.tokensPerSecond, for: "5m", runbookUrl: `${runbooks}#tokens` }),
        alert.costRate({ name: "HighLLMCost", perHourAbove: LIMITS.costPerHourUsd, for: "3m", runbookUrl: `${runbooks}#cost` }),
        alert.serviceDown({ name: "LLMServiceDown", for: "1m", severity: "critical", runbookUrl: `${runbooks}#down` }),
      ],
      spendBudget: { monthlyUsd: MONTHLY_BUDGET_USD, warnAtPercent: 80, runbookUrl: `${runbooks}#budget` },
    }),
    // Sloth and OpenSLO specs compile exactly like the TypeScript above.
    ...fromYaml("./slos"),
  ],
  dashboards,
});
