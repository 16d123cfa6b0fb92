/**
 * The seeds' dashboards: Lab 2's LLMOps Overview, Lab 3's Performance view, cost and quality
 * views, and a per-model comparison. Every query comes from the metric conventions.
 */
import { dashboard, panel, row, sdk, type DashboardSpec, type Queries } from "llmops";

export const SERVICE = "llm-agent";
export const MONTHLY_BUDGET_USD = 500;

/** `{{model}}` in the conventions' own label names. */
const legend = (q: Queries, ...names: Parameters<Queries["label"]>[0][]) =>
  names
    .map((n) => q.label(n))
    .filter((l): l is string => l !== undefined)
    .map((l) => `{{${l}}}`)
    .join(" ");

const overview = dashboard({
  title: "LLMOps Overview",
  description: "Traffic, latency, tokens and spend of the LLM agent at a glance (Lab 2).",
  tags: ["llmops", "overview"],
  rows: [
    row("Traffic and spend", [
      panel.stat({
        title: "Request rate",
        description: "LLM requests per second, all outcomes.",
        unit: "reqps",
        thresholds: [
          [null, "green"],
          [10, "red"],
        ],
        alerts: ["LLMServiceDown"],
        queries: (q) => [{ expr: q.requestRate() }],
      }),
      panel.stat({
        title: "Average response time",
        description: "Mean LLM request duration: total time spent over requests completed.",
        unit: "s",
        thresholds: [
          [null, "green"],
          [2, "yellow"],
          [5, "red"],
        ],
        queries: (q) => [{ expr: q.avgDuration() }],
      }),
      panel.stat({
        title: "Token usage rate",
        description: "Prompt and completion tokens used per second.",
        unit: "short",
        thresholds: [
          [null, "green"],
          [10000, "red"],
        ],
        alerts: ["HighTokenUsage"],
        queries: (q) => [{ expr: q.tokenRate() }],
      }),
      panel.stat({
        title: "Cost rate (USD/hour)",
        description: "Spend per hour at the current rate.",
        unit: "currencyUSD",
        decimals: 2,
        thresholds: [
          [null, "green"],
          [1, "yellow"],
          [5, "red"],
        ],
        alerts: ["HighLLMCost"],
        queries: (q) => [{ expr: q.costPerHour() }],
      }),
    ]),
    row("Reliability", [
      panel.timeseries({
        title: "Success and error rate",
        description: "Share of requests that succeed and that fail; the HighLLMErrorRate alert fires above 5% errors.",
        unit: "percentunit",
        min: 0,
        max: 1,
        thresholds: [
          [null, "green"],
          [0.05, "red"],
        ],
        alerts: ["HighLLMErrorRate"],
        queries: (q) => [
          { expr: q.successRatio(), legend: "success" },
          { expr: q.errorRatio(), legend: "error" },
        ],
      }),
      panel.timeseries({
        title: "Latency P50 / P95 / P99",
        description: "Request duration quantiles from the duration histogram; the HighLLMLatency alert fires when P95 passes 5s.",
        unit: "s",
        thresholds: [
          [null, "green"],
          [5, "red"],
        ],
        alerts: ["HighLLMLatency"],
        queries: (q) => [
          { expr: q.quantile(0.5, "duration"), legend: "P50" },
          { expr: q.quantile(0.95, "duration"), legend: "P95" },
          { expr: q.quantile(0.99, "duration"), legend: "P99" },
        ],
      }),
    ]),
    row("Usage", [
      panel.piechart({
        title: "Model usage distribution",
        description: "Share of requests per model over the selected time range.",
        unit: "short",
        queries: (q) => [{ expr: q.increase("requests", "$__range", q.by("model")), legend: legend(q, "model"), instant: true }],
      }),
      panel.timeseries({
        title: "Tokens per request",
        description: "Average prompt (input) and completion (output) tokens per request.",
        unit: "short",
        width: 8,
        queries: (q) => [
          { expr: q.tokensPerRequest("input"), legend: "prompt" },
          { expr: q.tokensPerRequest("output"), legend: "completion" },
        ],
      }),
      panel.timeseries({
        title: "Conversations and messages",
        description: "New agent conversations and messages processed per second.",
        unit: "cps",
        width: 8,
        queries: (q) => [
          { expr: q.rate("conversations"), legend: "conversations/s" },
          { expr: q.rate("messages"), legend: "messages/s" },
        ],
      }),
    ]),
  ],
});

const performance = dashboard({
  title: "LLM Performance",
  description: "Streaming latency, generation speed and load (Lab 3).",
  tags: ["llmops", "performance"],
  rows: [
    row("Latency", [
      panel.timeseries({
        title: "Time to first token",
        description: "How long until the first streamed token, P50 and P95; the time-to-first-token SLO wants 1s.",
        unit: "s",
        thresholds: [
          [null, "green"],
          [1, "red"],
        ],
        queries: (q) => [
          { expr: q.quantile(0.5, "ttft"), legend: "P50" },
          { expr: q.quantile(0.95, "ttft"), legend: "P95" },
        ],
      }),
      panel.timeseries({
        title: "Token generation rate",
        description: "Completion tokens produced per second of request time, per model.",
        unit: "short",
        queries: (q) => [{ expr: q.div(q.rate("outputTokens", q.by("model")), q.rate("durationSum", q.by("model"))), legend: legend(q, "model") }],
      }),
    ]),
    row("Load", [
      panel.timeseries({
        title: "Request volume",
        description: "Requests per second over time, per model.",
        unit: "reqps",
        queries: (q) => [{ expr: q.requestRate(q.by("model")), legend: legend(q, "model") }],
      }),
      panel.heatmap({
        title: "Request duration distribution",
        description: "Requests per second in each duration bucket of the histogram (bucket bounds on the y axis).",
        unit: "reqps",
        queries: (q) => [{ expr: q.rate("durationBucket", ["le"]), legend: "{{le}}", format: "heatmap" }],
        configure: (b) => b.yAxis(new sdk.heatmap.YAxisConfigBuilder().unit("s")),
      }),
      panel.timeseries({
        title: "Token consumption vs cost",
        description: "Tokens per second (left axis) against spend per hour (right axis).",
        unit: "short",
        width: 24,
        queries: (q) => [
          { expr: q.tokenRate(), legend: "tokens/s" },
          { expr: q.costPerHour(), legend: "USD/hour" },
        ],
        configure: (b) =>
          b.overrideByQuery("B", [
            { id: "unit", value: "currencyUSD" },
            { id: "custom.axisPlacement", value: "right" },
          ]),
      }),
    ]),
  ],
});

const cost = dashboard({
  title: "LLM Cost",
  description: `Where the money goes, and spend this month against the $${MONTHLY_BUDGET_USD} budget.`,
  tags: ["llmops", "cost"],
  variables: ["service", "model", "provider", "app", "department"],
  time: { from: "now-24h", to: "now" },
  rows: [
    row("Budget", [
      panel.gauge({
        title: "Spend this month",
        description: `US dollars spent so far this calendar month, against the monthly budget of $${MONTHLY_BUDGET_USD}.`,
        unit: "currencyUSD",
        min: 0,
        max: MONTHLY_BUDGET_USD,
        thresholds: [
          [null, "green"],
          [MONTHLY_BUDGET_USD * 0.8, "orange"],
          [MONTHLY_BUDGET_USD, "red"],
        ],
        alerts: ["LLMSpendBudgetConsumed"],
        queries: (q) => [{ expr: q.spendThisMonth(SERVICE), instant: true }],
      }),
      panel.stat({
        title: "Forecast month-end spend",
        description: "Spend so far plus the last 6 hours' spend rate carried to the end of the month.",
        unit: "currencyUSD",
        height: 6,
        thresholds: [
          [null, "green"],
          [MONTHLY_BUDGET_USD, "red"],
        ],
        alerts: ["LLMSpendForecastOverBudget"],
        queries: (q) => [{ expr: q.spendForecast(SERVICE), instant: true }],
      }),
      panel.stat({
        title: "Cost per request",
        description: "Average spend per request.",
        unit: "currencyUSD",
        decimals: 4,
        height: 6,
        thresholds: [
          [null, "green"],
          [0.01, "yellow"],
          [0.05, "red"],
        ],
        queries: (q) => [{ expr: q.costPerRequest() }],
      }),
      panel.stat({
        title: "Cost per 1K tokens",
        description: "Average spend per thousand tokens, prompt and completion together.",
        unit: "currencyUSD",
        decimals: 4,
        height: 6,
        queries: (q) => [{ expr: q.costPer1kTokens() }],
      }),
    ]),
    row("Breakdown", [
      panel.table({
        title: "Cost by department, app and model",
        description: "US dollars spent over the selected time range.",
        unit: "currencyUSD",
        queries: (q) => [{ expr: q.increase("cost", "$__range", q.by("department", "app", "model")), instant: true, format: "table" }],
      }),
      panel.timeseries({
        title: "Cost per hour by model",
        description: "Spend per hour at the current rate, per model.",
        unit: "currencyUSD",
        queries: (q) => [{ expr: q.costPerHour(q.by("model")), legend: legend(q, "model") }],
      }),
    ]),
  ],
});

const quality = dashboard({
  title: "LLM Quality",
  description: "Rolling response quality per app against the quality SLO (at least 4 of 5).",
  tags: ["llmops", "quality"],
  variables: ["service", "model", "app"],
  rows: [
    row("Quality", [
      panel.gauge({
        title: "Quality score per app",
        description: "Rolling quality score (0-5) per app; the quality SLO counts slices at 4 or above as good.",
        unit: "short",
        min: 0,
        max: 5,
        decimals: 2,
        width: 12,
        thresholds: [
          [null, "red"],
          [3, "yellow"],
          [4, "green"],
        ],
        queries: (q) => [{ expr: q.quality(q.by("app")), legend: legend(q, "app"), instant: true }],
      }),
      panel.stat({
        title: "Quality SLO",
        description: "Share of 5-minute slices meeting the quality threshold over the SLO period, against the 95% objective.",
        unit: "percentunit",
        decimals: 2,
        height: 6,
        thresholds: [
          [null, "red"],
          [0.95, "green"],
        ],
        alerts: ["QualityErrorBudgetBurn"],
        queries: (q) => [{ expr: q.sli(SERVICE, "quality"), instant: true }],
      }),
      panel.stat({
        title: "Quality error budget remaining",
        description: "Share of the quality SLO's error budget not yet spent this period.",
        unit: "percentunit",
        decimals: 1,
        height: 6,
        thresholds: [
          [null, "red"],
          [0, "orange"],
          [0.5, "green"],
        ],
        queries: (q) => [{ expr: q.budgetRemaining(SERVICE, "quality"), instant: true }],
      }),
      panel.timeseries({
        title: "Quality score over time",
        description: "Rolling quality score per app and model, with the SLO threshold of 4 drawn.",
        unit: "short",
        width: 24,
        min: 0,
        max: 5,
        thresholds: [
          [null, "red"],
          [4, "green"],
        ],
        queries: (q) => [{ expr: q.quality(q.by("app", "model")), legend: legend(q, "app", "model") }],
      }),
    ]),
  ],
});

/** Each key panel once per selected model, side by side. */
const perModel = dashboard({
  title: "LLM Models Compared",
  description: "Key panels repeated per model, to compare models side by side.",
  tags: ["llmops", "models"],
  rows: (
    [
      ["Request rate", "Requests per second to", "reqps", (q: Queries) => q.requestRate()],
      ["Error ratio", "Share of failed requests to", "percentunit", (q: Queries) => q.errorRatio()],
      ["P95 latency", "95th percentile request duration of", "s", (q: Queries) => q.quantile(0.95, "duration")],
      ["Time to first token P95", "95th percentile time to first token of", "s", (q: Queries) => q.quantile(0.95, "ttft")],
      ["Tokens per request", "Average completion tokens per request of", "short", (q: Queries) => q.tokensPerRequest("output")],
      ["Cost per request", "Average spend per request to", "currencyUSD", (q: Queries) => q.costPerRequest()],
    ] as const
  ).map(([title, text, unit, expr]) =>
    row(title, [
      panel.timeseries({
        title: `${title}: $model`,
        description: `${text} the model.`,
        unit,
        width: 24,
        height: 7,
        repeat: "model",
        maxPerRow: 4,
        queries: (q) => [{ expr: expr(q), legend: "$model" }],
      }),
    ]),
  ),
});

export const dashboards: DashboardSpec[] = [overview, performance, cost, quality, perModel];
