/**
 * The synthetic world the numbers test evaluates every dashboard query on: three hours of the
 * lab preset's series at one sample a minute, every rate steady, so any window up to 3h reads
 * the same rate. Counters are written as their increase per minute; a second is a sixtieth.
 *
 * Traffic (requests per second, job="llm-agent"):
 *   gpt-4o            (openai,    app chatbot):    5.64 success + 0.36 error = 6
 *   claude-3-5-sonnet (anthropic, app chatbot):    2 success
 *   claude-3-5-sonnet (anthropic, app summarizer): 2 success
 * Tokens per request: gpt-4o 500 prompt + 200 completion; claude chatbot 400 + 150; claude
 * summarizer 1000 + 100. Every series also has `type="total"`, their sum, as Lab 1's agent
 * records it: no panel may count it.
 * Spend (USD per second): gpt-4o 0.0009 search + 0.00036 support; claude chatbot 0.00016
 * support; claude summarizer 0.0005 search.
 * Duration (seconds, cumulative observations per minute in each bucket) and time to first token
 * are chosen so every quantile falls inside a bucket, away from its bounds.
 *
 * Besides the raw series, the recordings the rule files would produce (SLO error ratios per
 * window, budgets, burn rates, spend rates) with known values, and ALERTS of the burn-rate
 * alerts that those values would fire or hold pending.
 */

/** Minutes of input; the test evaluates at EVAL_TIME, when every window up to 2.5h is full. */
const MINUTES = 180;
export const EVAL_TIME = "150m";
export const INTERVAL = "1m";

export interface InputSeries {
  series: string;
  values: string;
}

type Labels = Record<string, string>;

const render = (name: string, labels: Labels) =>
  `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;
const counter = (name: string, labels: Labels, perMinute: number): InputSeries => ({ series: render(name, labels), values: `0+${perMinute}x${MINUTES}` });
const gauge = (name: string, labels: Labels, value: number): InputSeries => ({ series: render(name, labels), values: `${value}+0x${MINUTES}` });

const TARGET = { job: "llm-agent", instance: "agent:8000" };
const GPT = { ...TARGET, model: "gpt-4o", provider: "openai" };
const CLAUDE = { ...TARGET, model: "claude-3-5-sonnet", provider: "anthropic" };

/** One traffic source: a model used by an app. */
interface Source {
  labels: Labels;
  success: number;
  error: number;
  /** Cumulative observations per minute at each duration bucket bound, +Inf last. */
  duration: number[];
  durationSum: number;
  prompt: number;
  completion: number;
  cost: Record<string, number>;
  quality: number;
}

/** Bucket bounds as the Python client writes them (`1.0`, not `1`). */
const DURATION_LE = ["0.1", "0.25", "0.5", "1.0", "2.0", "3.0", "5.0", "10.0", "30.0", "+Inf"];
const TTFT_LE = ["0.05", "0.1", "0.25", "0.5", "1.0", "2.0", "5.0", "+Inf"];

// Per minute. gpt-4o: 360 requests, 720 s of request time (2 s each on average).
const SOURCES: Source[] = [
  {
    labels: { ...GPT, app_id: "chatbot" },
    success: 338.4,
    error: 21.6,
    duration: [0, 0, 0, 120, 240, 324, 348, 360, 360, 360],
    durationSum: 720,
    prompt: 180000,
    completion: 72000,
    cost: { search: 0.054, support: 0.0216 },
    quality: 4.2,
  },
  {
    labels: { ...CLAUDE, app_id: "chatbot" },
    success: 120,
    error: 0,
    duration: [0, 0, 30, 60, 75, 112, 116, 120, 120, 120],
    durationSum: 180,
    prompt: 48000,
    completion: 18000,
    cost: { support: 0.0096 },
    quality: 4.6,
  },
  {
    labels: { ...CLAUDE, app_id: "summarizer" },
    success: 120,
    error: 0,
    duration: [0, 0, 30, 60, 75, 112, 116, 120, 120, 120],
    durationSum: 195,
    prompt: 120000,
    completion: 12000,
    cost: { search: 0.03 },
    quality: 3.8,
  },
];

/** Time to first token per model (it carries no app label): cumulative per minute, +Inf last. */
const TTFT: { labels: Labels; buckets: number[]; sum: number }[] = [
  { labels: GPT, buckets: [0, 36, 144, 288, 320, 360, 360, 360], sum: 180 },
  { labels: CLAUDE, buckets: [24, 60, 96, 152, 220, 240, 240, 240], sum: 120 },
];

function raw(): InputSeries[] {
  const out: InputSeries[] = [];
  for (const s of SOURCES) {
    out.push(counter("llm_requests_total", { ...s.labels, status: "success" }, s.success));
    if (s.error) out.push(counter("llm_requests_total", { ...s.labels, status: "error" }, s.error));
    s.duration.forEach((n, i) => out.push(counter("llm_request_duration_seconds_bucket", { ...s.labels, le: DURATION_LE[i]! }, n)));
    out.push(counter("llm_request_duration_seconds_count", s.labels, s.duration.at(-1)!));
    out.push(counter("llm_request_duration_seconds_sum", s.labels, s.durationSum));
    out.push(counter("llm_tokens_used_total", { ...s.labels, type: "prompt" }, s.prompt));
    out.push(counter("llm_tokens_used_total", { ...s.labels, type: "completion" }, s.completion));
    out.push(counter("llm_tokens_used_total", { ...s.labels, type: "total" }, s.prompt + s.completion));
    for (const [department, usd] of Object.entries(s.cost)) out.push(counter("llm_cost_usd_total", { ...s.labels, department }, usd));
    const { job, instance, model, app_id } = s.labels;
    out.push(gauge("llm_quality_score", { job: job!, instance: instance!, model: model!, app_id: app_id! }, s.quality));
  }
  for (const t of TTFT) {
    t.buckets.forEach((n, i) => out.push(counter("llm_time_to_first_token_seconds_bucket", { ...t.labels, le: TTFT_LE[i]! }, n)));
    out.push(counter("llm_time_to_first_token_seconds_count", t.labels, t.buckets.at(-1)!));
    out.push(counter("llm_time_to_first_token_seconds_sum", t.labels, t.sum));
  }
  out.push(counter("agent_conversations_total", TARGET, 30));
  out.push(counter("agent_messages_total", TARGET, 120));
  out.push(gauge("up", TARGET, 1));
  return out;
}

/** Windows the SLO recordings cover; the period's own window is added per SLO. */
const WINDOWS = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;

export interface RecordedSLO {
  labels: Labels;
  objective: number;
  periodDays: number;
  /** Error ratio over each window of WINDOWS, then over the whole period. */
  ratios: [number, number, number, number, number, number, number, number];
  /** Event SLIs: bad and all events per second over 5m. */
  events?: { errors: number; total: number };
  /** Timeslice SLIs: the last slice's measured value (a good slice, its bad-slice flag 0). */
  measure?: number;
  /** Burn-rate alerts of this SLO that are firing or pending, by tier. */
  alerts: { alertname: string; firing: ("page" | "ticket")[]; pending: ("page" | "ticket")[]; labels?: Labels };
}

const agent = (slo: string): Labels => ({ llmops_service: "llm-agent", llmops_slo: slo });
const providers = (slo: string): Labels => ({ llmops_service: "llm-providers", llmops_slo: slo });

/**
 * The recordings of every SLO of the bundled definitions. The short windows of availability,
 * time to first token and the providers' SLOs are the raw traffic's own (3.6% of requests fail,
 * 10% of first tokens take over 1 s, 6% of OpenAI's requests fail, none of Anthropic's); the
 * other values, and the longer windows, stand for each SLO's history. Each SLO's windows are
 * chosen so its dashboard shows a different state: pairs below their factor, over it, with the
 * alert firing or pending, budget left or spent, burning or not.
 */
export const SLOS: RecordedSLO[] = [
  {
    labels: agent("availability"),
    objective: 0.995,
    periodDays: 30,
    ratios: [0.036, 0.036, 0.036, 0.036, 0.036, 0.012, 0.006, 0.001],
    events: { errors: 0.36, total: 10 },
    alerts: { alertname: "AvailabilityErrorBudgetBurn", firing: ["page"], pending: ["ticket"] },
  },
  {
    labels: agent("latency"),
    objective: 0.95,
    periodDays: 30,
    ratios: [0.1, 0.1, 0.1, 0.1, 0.08, 0.05, 0.04, 0.03],
    events: { errors: 1, total: 10 },
    alerts: { alertname: "LatencyErrorBudgetBurn", firing: [], pending: [] },
  },
  {
    labels: agent("cost-per-request"),
    objective: 0.9,
    periodDays: 30,
    ratios: [0, 0, 0, 0, 0.5, 0.125, 0.15, 0.02],
    measure: 0.000192,
    alerts: { alertname: "CostPerRequestErrorBudgetBurn", firing: ["ticket"], pending: [] },
  },
  {
    labels: agent("tokens-per-request"),
    objective: 0.8,
    periodDays: 30,
    ratios: [0, 0, 0, 0, 0, 0.1, 0.3, 0.25],
    measure: 750,
    alerts: { alertname: "TokensPerRequestErrorBudgetBurn", firing: [], pending: [] },
  },
  {
    labels: agent("time-to-first-token"),
    objective: 0.95,
    periodDays: 30,
    ratios: [0.1, 0.1, 0.1, 0.1, 0.06, 0.04, 0.06, 0.02],
    events: { errors: 1, total: 10 },
    alerts: { alertname: "TimeToFirstTokenErrorBudgetBurn", firing: [], pending: ["ticket"] },
  },
  {
    labels: agent("quality"),
    objective: 0.95,
    periodDays: 30,
    ratios: [0, 0.1, 0.25, 0.5, 0.5, 0.25, 0.1, 0.01],
    measure: 4.2,
    alerts: { alertname: "QualityErrorBudgetBurn", firing: ["ticket"], pending: [] },
  },
  {
    labels: { team: "llm-platform", ...providers("openai-availability") },
    objective: 0.995,
    periodDays: 30,
    ratios: [0.06, 0.06, 0.06, 0.06, 0.04, 0.01, 0.004, 0.002],
    events: { errors: 0.36, total: 6 },
    alerts: { alertname: "OpenAIAvailabilityBurn", firing: ["page"], pending: [], labels: { category: "availability" } },
  },
  {
    labels: providers("anthropic-availability"),
    objective: 0.995,
    periodDays: 28,
    ratios: [0, 0, 0, 0, 0, 0.002, 0.001, 0.0005],
    events: { errors: 0, total: 4 },
    alerts: { alertname: "AnthropicAvailabilityErrorBudgetBurn", firing: [], pending: [] },
  },
];

/** The budget as Prometheus records it: `1 - objective`, exact as the rules write it. */
const budgetOf = (objective: number) => Number((1 - objective).toFixed(10));

function recorded(): InputSeries[] {
  const out: InputSeries[] = [];
  for (const s of SLOS) {
    const budget = budgetOf(s.objective);
    const windows = [...WINDOWS, `${s.periodDays}d`];
    s.ratios.forEach((r, i) => out.push(gauge(`slo:sli_error:ratio_rate${windows[i]}`, s.labels, r)));
    out.push(gauge("slo:objective:ratio", s.labels, s.objective));
    out.push(gauge("slo:error_budget:ratio", s.labels, budget));
    out.push(gauge("slo:time_period:days", s.labels, s.periodDays));
    out.push(gauge("slo:current_burn_rate:ratio", s.labels, s.ratios[0] / budget));
    out.push(gauge("slo:period_burn_rate:ratio", s.labels, s.ratios[7] / budget));
    out.push(gauge("slo:period_error_budget_remaining:ratio", s.labels, 1 - s.ratios[7] / budget));
    if (s.events) {
      out.push(gauge("slo:sli_errors:rate5m", s.labels, s.events.errors));
      out.push(gauge("slo:sli_events:rate5m", s.labels, s.events.total));
    }
    if (s.measure !== undefined) {
      out.push(gauge("slo:sli_measure:value", s.labels, s.measure));
      out.push(gauge("slo:sli_bad_slice:bool", s.labels, 0));
    }
    const severity = { page: "critical", ticket: "warning" } as const;
    for (const state of ["firing", "pending"] as const) {
      for (const tier of s.alerts[state]) {
        const labels = { alertname: s.alerts.alertname, alertstate: state, ...s.labels, ...s.alerts.labels, severity: severity[tier], llmops_tier: tier };
        out.push(gauge("ALERTS", labels, 1));
      }
    }
  }
  // Spend: 0.00192 USD per second, the sum of the cost counters above.
  for (const w of ["5m", "1h"]) out.push(gauge(`service:llm_spend_usd:rate${w}`, { llmops_service: "llm-agent" }, 0.00192));
  return out;
}

/** The world with llmops's rules loaded: raw series, their recordings and the alerts. */
export function inputSeries(): InputSeries[] {
  return [...raw(), ...recorded()];
}

/** The same world before llmops's rules are loaded: the application's series alone. */
export function rawSeries(): InputSeries[] {
  return raw();
}

/** Names of the series only llmops's rules produce. */
export const RECORDED = /\b(slo:[a-z0-9_:]+|service:llm_spend_usd:[a-z0-9]+|ALERTS)\b/;
/** Names of the series the application and the scrape produce. */
export const RAW = /\b(llm_[a-z_]+|agent_[a-z_]+|up)\b/;
