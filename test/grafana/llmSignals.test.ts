/**
 * The LLM signals of the query helpers (time per output token, decode speed, prompt cache hit
 * ratio, rate-limited requests apart from other errors, breakdowns by operation) read the answer
 * their meaning gives, evaluated by the real promtool on series of the OpenTelemetry GenAI
 * conventions; the bundled dashboards show their panels only for conventions that carry them.
 */
import { describe, expect, it } from "vitest";
import { dashboards } from "../../definitions/dashboards.ts";
import { buildDashboard } from "../../src/model/dashboards.ts";
import { presets } from "../../src/vocabulary/presets.ts";
import { queries } from "../../src/vocabulary/queries.ts";
import { MissingSignal, seriesName, type Conventions } from "../../src/vocabulary/conventions.ts";
import { promtoolExprTests, type ExprGroup } from "../helpers.ts";
import type { UserError } from "../../src/errors.ts";

const NEW_PANELS = [
  "Time per output token",
  "Decode speed",
  "Rate-limited requests and other errors",
  "Rate-limited share of requests",
  "Requests by operation",
  "P95 duration by operation",
  "Failed share by operation",
  "Requests by agent",
  "Failed share by agent",
  "Prompt cache hit ratio",
];

/** Every panel of the bundled dashboards under `c`: title → target expressions. */
function panelsUnder(c: Conventions): Map<string, string[]> {
  const errors: UserError[] = [];
  const out = new Map<string, string[]>();
  for (const spec of dashboards) {
    const d = buildDashboard(spec, c, "dashboards.ts", errors);
    for (const p of d?.sections.flatMap((s) => s.panels) ?? []) out.set(p.title, ((p.panel.targets ?? []) as { expr?: string }[]).map((t) => t.expr ?? ""));
  }
  return out;
}

/** The cached input tokens as an application would add them: a counter of their own. */
const withCache = () =>
  presets.otelGenAI137({
    extend: {
      instruments: [{ name: "gen_ai.client.token.cache_read", instrument: "counter", unit: "{token}", help: "Input tokens read from the prompt cache.", attributes: ["gen_ai.request.model"], display: "short" }],
      signals: { cachedTokens: { series: { metric: "gen_ai.client.token.cache_read" }, matchers: [] } },
    },
  });

describe("bundled dashboards: LLM signal panels only where the conventions carry them", () => {
  it("the lab preset gains none of them (its generated dashboards stay as they were)", () => {
    const lab = panelsUnder(presets.lab());
    expect(NEW_PANELS.filter((t) => lab.has(t))).toEqual([]);
    expect(lab.has("Token generation rate")).toBe(true);
  });

  it.each([
    ["otel-genai-1.37", presets.otelGenAI137(), "gen_ai_client_operation_time_per_output_chunk_seconds"],
    ["openlit", presets.openlit(), "gen_ai_client_operation_time_per_output_chunk_seconds"],
    ["otel-genai-1.36", presets.otelGenAI136(), "gen_ai_server_time_per_output_token_seconds"],
  ])("%s gains time per output token, decode speed, rate limits and the operation row, with its own series", (_name, c, tpot) => {
    const p = panelsUnder(c);
    const shown = NEW_PANELS.filter((t) => p.has(t));
    // No preset carries cached tokens or an agent label on its metrics.
    expect(shown).toEqual(NEW_PANELS.filter((t) => !/agent|cache/i.test(t)));
    expect(p.get("Time per output token")).toEqual([
      `histogram_quantile(0.5, sum by (le) (rate(${tpot}_bucket{job=~"$service",gen_ai_request_model=~"$model",${c.labels.provider}=~"$provider"}[$__rate_interval])))`,
      `histogram_quantile(0.95, sum by (le) (rate(${tpot}_bucket{job=~"$service",gen_ai_request_model=~"$model",${c.labels.provider}=~"$provider"}[$__rate_interval])))`,
    ]);
    const sel = `{job=~"$service",gen_ai_request_model=~"$model",${c.labels.provider}=~"$provider"}`;
    expect(p.get("Decode speed")).toEqual([`sum by (gen_ai_request_model) (rate(${tpot}_count${sel}[$__rate_interval])) / sum by (gen_ai_request_model) (rate(${tpot}_sum${sel}[$__rate_interval]))`]);
    const [limited, other] = p.get("Rate-limited requests and other errors")!;
    expect(limited).toContain('error_type=~"429|(?i).*rate.?limit.*"');
    expect(other).toContain('error_type!=""');
    expect(p.get("Requests by operation")![0]).toMatch(/^sum by \(gen_ai_operation_name\) \(rate\(gen_ai_client_operation_duration_seconds_count\{/);
  });

  it("conventions with cached input tokens and an agent label gain the cache hit ratio and the agent row", () => {
    const c = withCache();
    const p = panelsUnder({ ...c, labels: { ...c.labels, agent: "gen_ai_agent_name" }, metrics: c.metrics.map((m) => ({ ...m, labels: [...m.labels, "gen_ai_agent_name"] })) });
    expect(NEW_PANELS.filter((t) => !p.has(t))).toEqual([]);
    expect(p.get("Prompt cache hit ratio")![0]).toContain("gen_ai_client_token_cache_read_total");
    expect(p.get("Requests by agent")![0]).toMatch(/^sum by \(gen_ai_agent_name\)/);
  });
});

describe("LLM signal helpers: known answers from promtool", () => {
  const at = (expr: string) => expr.replaceAll("$__rate_interval", "5m");
  const c = withCache();
  const q = queries(c, []);
  const tpot = seriesName({ metric: c.signals.tpot!.metric, part: "bucket" }).replace(/_bucket$/, "");
  const requests = seriesName(c.signals.requests.series);
  const tokens = seriesName(c.signals.tokens.series);
  const cached = seriesName(c.signals.cachedTokens!.series);
  const model = 'gen_ai_request_model="m"';

  // 10 requests a minute: 5 at most 0.02s per output token, 9 at most 0.04s, all within 0.08s; 0.025s per token on average.
  const cumulative = (le: number) => (le < 0.02 ? 0 : le < 0.04 ? 5 : le < 0.08 ? 9 : 10);
  const tpotSeries = [
    ...c.metrics.find((m) => m.name === tpot)!.buckets!.map((le) => ({ series: `${tpot}_bucket{${model},le="${le}"}`, values: `0+${cumulative(le)}x20` })),
    { series: `${tpot}_bucket{${model},le="+Inf"}`, values: "0+10x20" },
    { series: `${tpot}_count{${model}}`, values: "0+10x20" },
    { series: `${tpot}_sum{${model}}`, values: "0+0.25x20" },
  ];
  // 60 requests a minute: 48 fine, 6 answered 429, 3 RateLimitError, 3 timeouts; chat 54 of them, embeddings 6.
  const requestSeries = [
    { series: `${requests}{gen_ai_operation_name="chat"}`, values: "0+42x20" },
    { series: `${requests}{gen_ai_operation_name="embeddings"}`, values: "0+6x20" },
    { series: `${requests}{gen_ai_operation_name="chat",error_type="429"}`, values: "0+6x20" },
    { series: `${requests}{gen_ai_operation_name="chat",error_type="RateLimitError"}`, values: "0+3x20" },
    { series: `${requests}{gen_ai_operation_name="chat",error_type="timeout"}`, values: "0+3x20" },
  ];
  // 1000 input tokens a minute, 250 of them from the cache; 400 output tokens.
  const tokenSeries = [
    { series: `${tokens}{${model},gen_ai_token_type="input"}`, values: "0+1000x20" },
    { series: `${tokens}{${model},gen_ai_token_type="output"}`, values: "0+400x20" },
    { series: `${cached}{${model}}`, values: "0+250x20" },
  ];
  // In millionths, rounded: a rate's last bit (0.15000000000000002) is not what the test is about.
  const micro = (expr: string) => `round(1000000 * (${at(expr)}))`;
  const one = (expr: string, value: number, labels = "{}") => ({ expr: micro(expr), eval_time: "10m", exp_samples: [{ labels, value: Math.round(value * 1e6) }] });

  it("each reads its meaning", () => {
    const groups: ExprGroup[] = [
      {
        input_series: [...tpotSeries, ...requestSeries, ...tokenSeries],
        promql_expr_test: [
          one(q.quantile(0.5, "tpot"), 0.02),
          one(q.quantile(0.95, "tpot"), 0.06),
          // 0.025s per output token on average: 40 tokens per second while decoding.
          one(q.outputTokensPerSecond(), 40),
          one(q.outputTokensPerSecond(q.by("model")), 40, `{gen_ai_request_model="m"}`),
          one(q.cacheHitRatio(), 0.25),
          one(q.rateLimitedRate(), 0.15),
          one(q.otherErrorsRate(), 0.05),
          one(q.rateLimitedRatio(), 0.15),
          one(q.otherErrorRatio(), 0.05),
          { expr: micro(q.requestRate(q.by("operation"))), eval_time: "10m", exp_samples: [{ labels: `{gen_ai_operation_name="chat"}`, value: 900000 }, { labels: `{gen_ai_operation_name="embeddings"}`, value: 100000 }] },
        ],
      },
      {
        // Nothing rate-limited, nothing failed, nothing cached: 0, not No data.
        input_series: [{ series: `${requests}`, values: "0+60x20" }, { series: `${tokens}{gen_ai_token_type="input"}`, values: "0+100x20" }],
        promql_expr_test: [one(q.rateLimitedRate(), 0), one(q.otherErrorsRate(), 0), one(q.rateLimitedRatio(), 0), one(q.otherErrorRatio(), 0), one(q.cacheHitRatio(), 0)],
      },
    ];
    const r = promtoolExprTests(groups);
    expect(r.out).toMatch(/SUCCESS/);
    expect(r.status).toBe(0);
  });

  it("conventions without a signal say so: q.has is false and the helper names it", () => {
    const lab = queries(presets.lab(), []);
    for (const s of ["tpotBucket", "cachedTokens", "rateLimited", "operation", "agent"] as const) expect(lab.has(s), s).toBe(false);
    expect(queries(presets.otelGenAI137(), []).has("tpotBucket")).toBe(true);
    expect(() => lab.quantile(0.5, "tpot")).toThrow(MissingSignal);
    expect(() => lab.rateLimitedRate()).toThrow(/carry no rate-limited requests signal/);
    expect(() => lab.cacheHitRatio()).toThrow(/carry no cached input tokens signal/);
  });
});
