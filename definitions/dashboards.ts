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

/**
 * The alerts' thresholds, drawn on the panels that show what the alerts watch; the alerts in
 * index.ts read them from here, so a panel never turns red at another number than its alert.
 */
export const LIMITS = {
  /** HighLLMLatency: P95 request duration, seconds. */
  p95LatencySeconds: 5,
  /** HighLLMErrorRate: failed share of requests, percent. */
  errorPercent: 5,
  /** HighTokenUsage: counted tokens per second. */
  tokensPerSecond: 10000,
  /** HighLLMCost: spend per hour, US dollars. */
  costPerHourUsd: 10,
  /** The time-to-first-token SLO's threshold, seconds (no threshold alert watches TTFT). */
  ttftSeconds: 1,
} as const;

/** A colour that says nothing good or bad: traffic is neither. */
const neutral = () => new sdk.dashboard.FieldColorBuilder().mode(sdk.dashboard.FieldColorModeId.Fixed).fixedColor("blue");

const overview = dashboard({
  title: "LLMOps Overview",
  description: "Whether the LLM agent is broken, then its traffic, latency, tokens and spend (Lab 2).",
  tags: ["llmops", "overview"],
  rows: [
    row("Is it broken", [
      panel.stat({
        title: "Request rate",
        description: "LLM requests per second, all outcomes. Neither good nor bad, so one colour.",
        unit: "reqps",
        width: 3,
        queries: (q) => [{ expr: q.requestRate() }],
        configure: (b) => b.colorScheme(neutral()),
      }),
      panel.stat({
        title: "Error rate",
        // The SLO over this signal: its dashboard links here.
        alerts: ["AvailabilityErrorBudgetBurn"],
        description: `Failed share of requests; the HighLLMErrorRate alert fires above ${LIMITS.errorPercent}%.`,
        unit: "percentunit",
        decimals: 2,
        width: 3,
        thresholds: [
          [null, "green"],
          [LIMITS.errorPercent / 100, "red"],
        ],
        queries: (q) => [{ expr: q.errorRatio() }],
      }),
      panel.stat({
        title: "P95 latency",
        // The SLO over this signal: its dashboard links here.
        alerts: ["LatencyErrorBudgetBurn"],
        description: `95th percentile request duration; the HighLLMLatency alert fires above ${LIMITS.p95LatencySeconds}s.`,
        unit: "s",
        decimals: 2,
        width: 3,
        thresholds: [
          [null, "green"],
          [LIMITS.p95LatencySeconds, "red"],
        ],
        queries: (q) => [{ expr: q.quantile(0.95, "duration") }],
      }),
      panel.stat({
        title: "Time to first token P95",
        // The SLO over this signal: its dashboard links here.
        alerts: ["TimeToFirstTokenErrorBudgetBurn"],
        description: `95th percentile time until the first streamed token; the time-to-first-token SLO wants it within ${LIMITS.ttftSeconds}s.`,
        unit: "s",
        decimals: 2,
        width: 3,
        thresholds: [
          [null, "green"],
          [LIMITS.ttftSeconds, "red"],
        ],
        queries: (q) => [{ expr: q.quantile(0.95, "ttft") }],
      }),
      panel.stat({
        title: "Cost per hour",
        description: `US dollars per hour at the current spend rate; the HighLLMCost alert fires above $${LIMITS.costPerHourUsd}/hour.`,
        unit: "currencyUSD",
        decimals: 2,
        width: 3,
        thresholds: [
          [null, "green"],
          [LIMITS.costPerHourUsd, "red"],
        ],
        alerts: ["HighLLMCost"],
        queries: (q) => [{ expr: q.costPerHour() }],
      }),
      panel.stat({
        title: "Targets up",
        description: `Scrape targets of job ${SERVICE} up and down now; the LLMServiceDown alert fires for each target down.`,
        unit: "short",
        width: 3,
        thresholds: [
          [null, "green"],
          [1, "red"],
        ],
        alerts: ["LLMServiceDown"],
        queries: (q) => [
          { expr: q.targetsUp(SERVICE), legend: "up", instant: true },
          { expr: q.targetsDown(SERVICE), legend: "down", instant: true },
        ],
        // Targets up are the good number: only the count down turns red.
        configure: (b) => b.overrideByQuery("A", [{ id: "color", value: { mode: "fixed", fixedColor: "blue" } }]),
      }),
      panel.stat({
        title: "Alerts firing",
        description: `Alerts of ${SERVICE} firing and pending now, threshold and SLO burn-rate alerts alike. No data means Prometheus does not have the service's SLO rules.`,
        unit: "short",
        width: 3,
        thresholds: [
          [null, "green"],
          [1, "red"],
        ],
        queries: (q) => [
          { expr: q.alertCount(SERVICE, "firing"), legend: "firing", instant: true },
          { expr: q.alertCount(SERVICE, "pending"), legend: "pending", instant: true },
        ],
      }),
      panel.stat({
        title: "SLO budget left",
        description: `Error budget left this period of the SLO of ${SERVICE} that has the least left; below 0 an SLO has missed its objective.`,
        unit: "percentunit",
        decimals: 1,
        width: 3,
        thresholds: [
          [null, "red"],
          [0, "orange"],
          [0.5, "green"],
        ],
        queries: (q) => [{ expr: q.lowestBudgetRemaining(SERVICE), instant: true }],
      }),
    ]),
    row("Traffic and spend", [
      panel.stat({
        title: "Successful requests",
        description: "LLM requests that succeeded over the selected time range (Lab 3).",
        unit: "short",
        decimals: 0,
        queries: (q) => [{ expr: q.increase("successes", "$__range"), instant: true }],
        configure: (b) => b.colorScheme(neutral()),
      }),
      panel.stat({
        title: "Spend in range",
        description: "US dollars spent over the selected time range (Lab 3's total usage cost).",
        unit: "currencyUSD",
        decimals: 2,
        queries: (q) => [{ expr: q.increase("cost", "$__range"), instant: true }],
        configure: (b) => b.colorScheme(neutral()),
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
        description: `Prompt and completion tokens used per second; the HighTokenUsage alert fires above ${LIMITS.tokensPerSecond}.`,
        unit: "short",
        thresholds: [
          [null, "green"],
          [LIMITS.tokensPerSecond, "red"],
        ],
        alerts: ["HighTokenUsage"],
        queries: (q) => [{ expr: q.tokenRate() }],
      }),
    ]),
    row("Reliability", [
      panel.timeseries({
        title: "Success and error rate",
        description: `Share of requests that succeed and that fail; the HighLLMErrorRate alert fires above ${LIMITS.errorPercent}% errors.`,
        unit: "percentunit",
        min: 0,
        max: 1,
        thresholds: [
          [null, "green"],
          [LIMITS.errorPercent / 100, "red"],
        ],
        alerts: ["HighLLMErrorRate"],
        queries: (q) => [
          { expr: q.successRatio(), legend: "success" },
          { expr: q.errorRatio(), legend: "error" },
        ],
      }),
      panel.timeseries({
        title: "Latency P50 / P95 / P99",
        description: `Request duration quantiles from the duration histogram; the HighLLMLatency alert fires when P95 passes ${LIMITS.p95LatencySeconds}s.`,
        unit: "s",
        thresholds: [
          [null, "green"],
          [LIMITS.p95LatencySeconds, "red"],
        ],
        alerts: ["HighLLMLatency"],
        queries: (q) => [
          { expr: q.quantile(0.5, "duration"), legend: "P50", exemplar: true },
          { expr: q.quantile(0.95, "duration"), legend: "P95", exemplar: true },
          { expr: q.quantile(0.99, "duration"), legend: "P99", exemplar: true },
        ],
      }),
    ]),
    row("Usage", [
      panel.timeseries({
        title: "Token usage",
        description: "Prompt (input) and completion (output) tokens used per second.",
        unit: "short",
        queries: (q) => [
          { expr: q.rate("inputTokens"), legend: "prompt" },
          { expr: q.rate("outputTokens"), legend: "completion" },
        ],
      }),
      panel.timeseries({
        title: "Prompt and completion tokens per request",
        // The SLO over this signal: its dashboard links here.
        alerts: ["TokensPerRequestErrorBudgetBurn"],
        description: "Average prompt (input) and completion (output) tokens per request.",
        unit: "short",
        queries: (q) => [
          { expr: q.tokensPerRequest("input"), legend: "prompt" },
          { expr: q.tokensPerRequest("output"), legend: "completion" },
        ],
      }),
      panel.timeseries({
        title: "Prompt cache hit ratio",
        description: "Share of input tokens served from the provider's prompt cache (cached input tokens over input tokens); 0 while none are.",
        unit: "percentunit",
        min: 0,
        max: 1,
        when: (q) => q.has("cachedTokens"),
        queries: (q) => [{ expr: q.cacheHitRatio(q.by("model")), legend: legend(q, "model") }],
      }),
      panel.piechart({
        title: "Model usage distribution",
        description: "Share of requests per model over the selected time range.",
        unit: "short",
        width: 12,
        queries: (q) => [{ expr: q.increase("requests", "$__range", q.by("model")), legend: legend(q, "model"), instant: true }],
      }),
      panel.timeseries({
        title: "Conversations and messages",
        description: "New agent conversations and messages processed per second.",
        unit: "cps",
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
          { expr: q.quantile(0.5, "ttft"), legend: "P50", exemplar: true },
          { expr: q.quantile(0.95, "ttft"), legend: "P95", exemplar: true },
        ],
      }),
      panel.timeseries({
        title: "Token generation rate",
        description: "Completion tokens produced per second of request time, per model.",
        unit: "short",
        queries: (q) => [{ expr: q.ratio("outputTokens", "durationSum", q.by("model")), legend: legend(q, "model") }],
      }),
      panel.timeseries({
        title: "Time per output token",
        description: "Time per output token (or streamed chunk) after the first, P50 and P95, from the time-per-output-token histogram: how fast the model decodes once it has started.",
        unit: "s",
        when: (q) => q.has("tpotBucket"),
        queries: (q) => [
          { expr: q.quantile(0.5, "tpot"), legend: "P50" },
          { expr: q.quantile(0.95, "tpot"), legend: "P95" },
        ],
      }),
      panel.timeseries({
        title: "Decode speed",
        description:
          "Output tokens (or chunks) per second after the first token, per model: 1 / the mean time per output token. Decode speed, not output tokens over the whole request time, which also counts the wait for the first token.",
        unit: "short",
        when: (q) => q.has("tpotCount"),
        queries: (q) => [{ expr: q.outputTokensPerSecond(q.by("model")), legend: legend(q, "model") }],
      }),
    ]),
    row("Load", [
      panel.timeseries({
        title: "Request volume",
        description: "Requests per second over time, per model.",
        unit: "reqps",
        queries: (q) => [{ expr: q.requestRate(q.by("model")), legend: legend(q, "model") }],
      }),
      panel.timeseries({
        title: "Errors by type",
        description: "Failed requests per second, by error type where the conventions name one (OpenTelemetry's error.type); all failures as one line where they do not.",
        unit: "reqps",
        queries: (q) => {
          const type = q.errorTypeLabel();
          return [{ expr: q.errorsByType(), legend: type ? `{{${type}}}` : "errors" }];
        },
      }),
      panel.timeseries({
        title: "Rate-limited requests and other errors",
        description: "Requests per second turned away by a rate limit (HTTP 429, a provider's rate-limit error type) apart from the other failures; 0 while none are.",
        unit: "reqps",
        when: (q) => q.has("rateLimited"),
        queries: (q) => [
          { expr: q.rateLimitedRate(), legend: "rate-limited" },
          { expr: q.otherErrorsRate(), legend: "other errors" },
        ],
      }),
      panel.timeseries({
        title: "Rate-limited share of requests",
        description: "Share of requests rate-limited and share failed otherwise; a quota problem shows in the first, a broken service in the second.",
        unit: "percentunit",
        min: 0,
        max: 1,
        when: (q) => q.has("rateLimited"),
        queries: (q) => [
          { expr: q.rateLimitedRatio(), legend: "rate-limited" },
          { expr: q.otherErrorRatio(), legend: "other errors" },
        ],
      }),
      panel.heatmap({
        title: "Request duration distribution",
        description: "Requests per second in each duration bucket of the histogram (bucket bounds on the y axis).",
        unit: "reqps",
        queries: (q) => [{ expr: q.rate("durationBucket", ["le"]), legend: "{{le}}", format: "heatmap", exemplar: true }],
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
    row("By operation", [
      panel.timeseries({
        title: "Requests by operation",
        description: "Requests per second of each operation (chat, embeddings, invoke_agent, …).",
        unit: "reqps",
        when: (q) => q.has("operation"),
        queries: (q) => [{ expr: q.requestRate(q.by("operation")), legend: legend(q, "operation") }],
      }),
      panel.timeseries({
        title: "P95 duration by operation",
        description: "95th percentile duration of each operation.",
        unit: "s",
        when: (q) => q.has("operation"),
        queries: (q) => [{ expr: q.quantile(0.95, "duration", q.by("operation")), legend: legend(q, "operation") }],
      }),
      panel.timeseries({
        title: "Failed share by operation",
        description: "Share of each operation's requests that failed.",
        unit: "percentunit",
        when: (q) => q.has("operation"),
        queries: (q) => [{ expr: q.errorRatio(q.by("operation")), legend: legend(q, "operation") }],
      }),
    ]),
    row("By agent", [
      panel.timeseries({
        title: "Requests by agent",
        description: "Requests per second of each agent.",
        unit: "reqps",
        when: (q) => q.has("agent"),
        queries: (q) => [{ expr: q.requestRate(q.by("agent")), legend: legend(q, "agent") }],
      }),
      panel.timeseries({
        title: "Failed share by agent",
        description: "Share of each agent's requests that failed.",
        unit: "percentunit",
        when: (q) => q.has("agent"),
        queries: (q) => [{ expr: q.errorRatio(q.by("agent")), legend: legend(q, "agent") }],
      }),
    ]),
    row("Traces", [
      panel.traces({
        title: "Slow and failed requests",
        description: "Spans of the LLM agent that took 3s or more (the latency SLO's threshold) or failed, from the trace store; a row opens its trace.",
        service: SERVICE,
        slowerThan: "3s",
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
        description: `US dollars the service spent so far this calendar month, against the monthly budget of $${MONTHLY_BUDGET_USD}; the whole service's recorded spend, not narrowed by this dashboard's filters.`,
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
        description: "The service's spend so far plus its last 6 hours' spend rate carried to the end of the month, as the budget alerts reckon it: not narrowed by this dashboard's filters.",
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
        // The SLO over this signal: its dashboard links here.
        alerts: ["CostPerRequestErrorBudgetBurn"],
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
        // The SLO over this signal: its dashboard links here.
        alerts: ["QualityErrorBudgetBurn"],
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

/** One signal of every model, the scorecard's column and the graph's series alike. */
interface ModelSignal {
  /** The graph's title, naming what it counts. */
  title: string;
  /** The scorecard's column. */
  column: string;
  description: string;
  unit: string;
  decimals?: number;
  expr: (q: Queries, by: string[]) => string;
}

const MODEL_SIGNALS: ModelSignal[] = [
  { title: "Requests per second by model", column: "req/s", description: "LLM requests per second to each model, all outcomes.", unit: "reqps", decimals: 2, expr: (q, by) => q.requestRate(by) },
  { title: "Failed share of requests by model", column: "error %", description: "Share of each model's requests that failed.", unit: "percentunit", decimals: 2, expr: (q, by) => q.errorRatio(by) },
  { title: "P95 request duration by model", column: "P95 latency", description: "95th percentile request duration of each model.", unit: "s", decimals: 2, expr: (q, by) => q.quantile(0.95, "duration", by) },
  { title: "Time to first token P95 by model", column: "TTFT P95", description: "95th percentile time until the first streamed token, per model.", unit: "s", decimals: 2, expr: (q, by) => q.quantile(0.95, "ttft", by) },
  {
    title: "Prompt and completion tokens per request by model",
    column: "tokens/request",
    description: "Average prompt plus completion tokens per request of each model.",
    unit: "short",
    decimals: 0,
    expr: (q, by) => q.ratio("tokens", "requests", by),
  },
  { title: "Cost per request by model", column: "$/request", description: "Average US dollars spent per request to each model.", unit: "currencyUSD", decimals: 4, expr: (q, by) => q.costPerRequest(by) },
];

/** Grafana names the value column of table query `refId` so once several queries share a table. */
const valueColumn = (i: number) => `Value #${String.fromCharCode(65 + i)}`;

/** Every model in one table, a row each, a column per signal: instant queries merged on the model label. */
const scorecard = panel.table({
  title: "Model scorecard",
  description: `Each model's ${MODEL_SIGNALS.map((s) => s.column).join(", ")} now, one row per model.`,
  unit: "short",
  width: 24,
  height: 7,
  queries: (q) => MODEL_SIGNALS.map((s) => ({ expr: s.expr(q, q.by("model")), instant: true, format: "table" as const })),
  configure: (b) => {
    b.transformations([
      // Instant queries share their evaluation time, so merging joins the rows of each model.
      { id: "merge", options: {} },
      {
        id: "organize",
        options: {
          excludeByName: { Time: true },
          renameByName: Object.fromEntries(MODEL_SIGNALS.map((s, i) => [valueColumn(i), s.column])),
        },
      },
    ]);
    MODEL_SIGNALS.forEach((s) => b.overrideByName(s.column, [{ id: "unit", value: s.unit }, ...(s.decimals === undefined ? [] : [{ id: "decimals", value: s.decimals }])]));
  },
});

/** Every model on one graph per signal, on one axis, to compare them. */
const perModel = dashboard({
  title: "LLM Models Compared",
  description: "Every model side by side: a scorecard of where each stands now, then one graph per signal with a line per model.",
  tags: ["llmops", "models"],
  rows: [
    row("Scorecard", [scorecard]),
    row(
      "Per signal",
      MODEL_SIGNALS.map((s) =>
        panel.timeseries({
          title: s.title,
          description: `${s.description} One line per model.`,
          unit: s.unit,
          queries: (q) => [{ expr: s.expr(q, q.by("model")), legend: legend(q, "model") }],
        }),
      ),
    ),
  ],
});

export const dashboards: DashboardSpec[] = [overview, performance, cost, quality, perModel];
