/**
 * Conventions presets: the instruments an LLM application's instrumentation creates, by their
 * semantic names (as the application or its SDK names them), and which LLM signal each carries.
 * A preset is turned into Prometheus names by a translation strategy (translation.ts), so every
 * query, rule, test and dashboard follows the names Prometheus really stores.
 *
 * Pick the preset of the instrumentation that sends the metrics (see the README's preset guide);
 * extend it with the instruments the application records itself, or override it field by field.
 */
import { UserError } from "../errors.ts";
import type { Conventions, Matcher, MetricSpec, MetricType, SeriesRef, Signals } from "./conventions.ts";
import { labelName, metricName, TRANSLATIONS, type Translation } from "./translation.ts";

/** One instrument as the application creates it. */
export interface InstrumentSpec {
  /** Semantic name: `gen_ai.client.operation.duration`, `llm_requests` (no `_total`, no unit word: the translation adds them). */
  name: string;
  instrument: MetricType;
  /** UCUM unit as declared: `s`, `{token}`, `USD`, `1`, or empty. */
  unit: string;
  help: string;
  /** Attribute names as the instrumentation sets them. */
  attributes: string[];
  /** Explicit bucket boundaries of a histogram, ascending, without +Inf. */
  buckets?: number[];
  /** Grafana unit of the values: `s`, `short`, `currencyUSD`. */
  display: string;
}

/** Signals and labels of a preset, named by semantic instrument and attribute names. */
export interface SemanticPreset {
  name: string;
  instruments: InstrumentSpec[];
  signals: Signals;
  labels: Conventions["labels"];
  rateLimited?: Matcher[];
}

export interface PresetOptions {
  /** How the instruments' names reach Prometheus (default UnderscoreEscapingWithSuffixes: the Collector's Prometheus exporter, Prometheus 3's OTLP default, and what prometheus_client exposes). */
  translation?: Translation;
  /** Bucket bounds of the request duration histogram, as the application declares them. */
  durationBuckets?: number[];
  /** Bucket bounds of the time-to-first-token histogram. */
  ttftBuckets?: number[];
  /** Change instruments (by semantic name), labels or signals of the preset, field by field. */
  override?: {
    instruments?: Record<string, Partial<Omit<InstrumentSpec, "name">>>;
    labels?: Partial<Conventions["labels"]>;
    signals?: Partial<Signals>;
    rateLimited?: Matcher[];
  };
  /** Add instruments the application records itself, and the signals they carry. */
  extend?: { instruments?: InstrumentSpec[]; signals?: Partial<Signals> };
}

const where = (preset: string) => ({ file: "conventions", path: `preset "${preset}"` });

/** The preset with its options applied, checked: every name a signal uses is an instrument of it. */
function customize(p: SemanticPreset, o: PresetOptions): SemanticPreset {
  const byName = new Map(p.instruments.map((i) => [i.name, { ...i }]));
  for (const [name, change] of Object.entries(o.override?.instruments ?? {})) {
    const i = byName.get(name);
    if (!i) {
      throw new UserError(where(p.name), `override names instrument "${name}", which the preset does not have`, `its instruments are ${[...byName.keys()].join(", ")}; add a new one with extend.instruments`);
    }
    byName.set(name, { ...i, ...change, name });
  }
  for (const i of o.extend?.instruments ?? []) {
    if (byName.has(i.name)) throw new UserError(where(p.name), `extend adds instrument "${i.name}", which the preset already has`, "change it with override.instruments instead");
    byName.set(i.name, i);
  }
  const signals: Signals = { ...p.signals, ...o.extend?.signals, ...o.override?.signals };
  const known = (metric: string, path: string) => {
    if (!byName.has(metric)) throw new UserError(where(p.name), `${path} names instrument "${metric}", which is not in the preset`, `its instruments are ${[...byName.keys()].join(", ")}; add it with extend.instruments`);
  };
  for (const [key, sig] of Object.entries(signals)) {
    if (!sig) continue;
    const ref = (sig as { series?: SeriesRef; metric?: string }).series?.metric ?? (sig as { metric?: string }).metric;
    if (ref !== undefined) known(ref, `signals.${key}`);
  }
  if (o.translation !== undefined && !TRANSLATIONS.includes(o.translation)) {
    throw new UserError(where(p.name), `translation "${String(o.translation)}" is not a Prometheus translation strategy`, `use one of ${TRANSLATIONS.join(", ")}`);
  }
  return { ...p, instruments: [...byName.values()], signals, labels: { ...p.labels, ...o.override?.labels }, ...(o.override?.rateLimited ? { rateLimited: o.override.rateLimited } : {}) };
}

/** A semantic preset in the Prometheus names of a translation strategy. */
export function translate(p: SemanticPreset, t: Translation): Conventions {
  const instruments = new Map(p.instruments.map((i) => [i.name, i]));
  const metric = (name: string) => {
    const i = instruments.get(name);
    return i ? metricName(i, t) : name;
  };
  const label = (a: string) => labelName(a, t);
  const ref = (r: SeriesRef): SeriesRef => ({ ...r, metric: metric(r.metric) });
  const ms = (m: Matcher[]) => m.map((x) => ({ ...x, label: label(x.label) }));
  const s = p.signals;
  const signals: Signals = {
    requests: { series: ref(s.requests.series), errors: ms(s.requests.errors), successes: ms(s.requests.successes) },
    duration: { metric: metric(s.duration.metric) },
    tokens: { ...s.tokens, series: ref(s.tokens.series), typeLabel: label(s.tokens.typeLabel) },
    ...(s.ttft ? { ttft: { metric: metric(s.ttft.metric) } } : {}),
    ...(s.tpot ? { tpot: { metric: metric(s.tpot.metric) } } : {}),
    ...(s.cachedTokens ? { cachedTokens: { series: ref(s.cachedTokens.series), matchers: ms(s.cachedTokens.matchers) } } : {}),
    ...(s.cost ? { cost: { series: ref(s.cost.series) } } : {}),
    ...(s.quality ? { quality: { metric: metric(s.quality.metric) } } : {}),
    ...(s.conversations ? { conversations: { series: ref(s.conversations.series) } } : {}),
    ...(s.messages ? { messages: { series: ref(s.messages.series) } } : {}),
  };
  const labels = Object.fromEntries(Object.entries(p.labels).map(([k, v]) => [k, v === undefined ? v : label(v)])) as Conventions["labels"];
  const metrics: MetricSpec[] = p.instruments.map((i) => ({
    name: metricName(i, t),
    type: i.instrument,
    help: i.help,
    labels: i.attributes.map(label),
    unit: i.display,
    ...(i.buckets ? { buckets: i.buckets } : {}),
    semantic: { name: i.name, unit: i.unit, attributes: i.attributes },
  }));
  return { name: p.name, translation: t, metrics, signals, labels, ...(p.rateLimited ? { rateLimited: ms(p.rateLimited) } : {}) };
}

function preset(p: SemanticPreset, o: PresetOptions): Conventions {
  const buckets = (signal: { metric: string } | undefined, b: number[] | undefined) =>
    signal && b ? { [signal.metric]: { buckets: b } } : {};
  const withBuckets: PresetOptions = {
    ...o,
    override: { ...o.override, instruments: { ...buckets(p.signals.duration, o.durationBuckets), ...buckets(p.signals.ttft, o.ttftBuckets), ...o.override?.instruments } },
  };
  return translate(customize(p, withBuckets), o.translation ?? "UnderscoreEscapingWithSuffixes");
}

const eq = (label: string, value: string): Matcher => ({ label, op: "=", value });
const ne = (label: string, value: string): Matcher => ({ label, op: "!=", value });

/**
 * Rate-limited requests by OpenTelemetry's `error.type`: the HTTP status 429, or a provider's
 * rate-limit error (`RateLimitError` of the OpenAI and Anthropic SDKs, `rate_limit_exceeded`).
 */
const RATE_LIMITED_ERROR_TYPE = "429|(?i).*rate.?limit.*";

// ---------------------------------------------------------------------------------------------
// The labs

const LAB_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30];
const LAB_TTFT_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/**
 * The seeds' instrumented agent (Lab 1, queried by Lab 2): `llm_*` and `agent_*` instruments,
 * exposed by prometheus_client (or the Collector's Prometheus exporter) as `llm_requests_total`,
 * `llm_request_duration_seconds`, … and scraped directly (`job` tells services apart).
 * Lab 1 declares its cost counter with unit `USD`, which the Collector's exporter turns into
 * `llm_cost_usd_USD_total`; override its unit to `USD` when that is the path the metrics take.
 */
export function labPreset(opts: PresetOptions = {}): Conventions {
  return preset(
    {
      name: "lab",
      instruments: [
        { name: "llm_requests", instrument: "counter", unit: "", help: "LLM requests by outcome.", attributes: ["model", "provider", "status", "app_id"], display: "short" },
        { name: "llm_request_duration", instrument: "histogram", unit: "s", help: "LLM request duration.", attributes: ["model", "provider", "app_id"], buckets: LAB_DURATION_BUCKETS, display: "s" },
        { name: "llm_time_to_first_token", instrument: "histogram", unit: "s", help: "Time until the first streamed token.", attributes: ["model", "provider"], buckets: LAB_TTFT_BUCKETS, display: "s" },
        { name: "llm_tokens_used", instrument: "counter", unit: "", help: "Tokens used, by type (prompt or completion).", attributes: ["model", "provider", "type", "app_id"], display: "short" },
        { name: "llm_cost_usd", instrument: "counter", unit: "", help: "Spend in US dollars.", attributes: ["model", "provider", "app_id", "department"], display: "currencyUSD" },
        { name: "llm_quality_score", instrument: "gauge", unit: "", help: "Rolling response quality score (0–5).", attributes: ["model", "app_id"], display: "short" },
        { name: "agent_conversations", instrument: "counter", unit: "", help: "Agent conversations started.", attributes: [], display: "short" },
        { name: "agent_messages", instrument: "counter", unit: "", help: "Agent messages processed.", attributes: [], display: "short" },
      ],
      signals: {
        requests: { series: { metric: "llm_requests" }, errors: [eq("status", "error")], successes: [eq("status", "success")] },
        duration: { metric: "llm_request_duration" },
        ttft: { metric: "llm_time_to_first_token" },
        tokens: { series: { metric: "llm_tokens_used" }, typeLabel: "type", input: "prompt", output: "completion" },
        cost: { series: { metric: "llm_cost_usd" } },
        quality: { metric: "llm_quality_score" },
        conversations: { series: { metric: "agent_conversations" } },
        messages: { series: { metric: "agent_messages" } },
      },
      labels: { model: "model", provider: "provider", app: "app_id", department: "department", service: "job" },
    },
    opts,
  );
}

/**
 * The "LLM Observability Dashboard" lab's application (observability/metrics.py, prometheus_client):
 * `llm_requests_total{model,status,app_id}`, `llm_latency_seconds{model}`,
 * `llm_tokens_total{model,direction,app_id}`, `llm_cost_dollars_total{model,department}`,
 * `llm_errors_total{model,error_type}` and `llm_quality_score{app_id}`. prometheus_client names
 * the cost counter `llm_cost_dollars_total`: the lab's own queries of `llm_cost_dollars` find
 * nothing. It records no time to first token and no provider.
 */
export function labDashboardPreset(opts: PresetOptions = {}): Conventions {
  return preset(
    {
      name: "lab-dashboard",
      instruments: [
        { name: "llm_requests", instrument: "counter", unit: "", help: "LLM requests by outcome.", attributes: ["model", "status", "app_id"], display: "short" },
        { name: "llm_latency", instrument: "histogram", unit: "s", help: "LLM request latency.", attributes: ["model"], buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30], display: "s" },
        { name: "llm_tokens", instrument: "counter", unit: "", help: "Tokens, by direction (input or output).", attributes: ["model", "direction", "app_id"], display: "short" },
        { name: "llm_cost_dollars", instrument: "counter", unit: "", help: "Spend in US dollars.", attributes: ["model", "department"], display: "currencyUSD" },
        { name: "llm_errors", instrument: "counter", unit: "", help: "LLM errors by type.", attributes: ["model", "error_type"], display: "short" },
        { name: "llm_quality_score", instrument: "gauge", unit: "", help: "Response quality score (0–5).", attributes: ["app_id"], display: "short" },
      ],
      signals: {
        requests: { series: { metric: "llm_requests" }, errors: [eq("status", "error")], successes: [eq("status", "success")] },
        duration: { metric: "llm_latency" },
        tokens: { series: { metric: "llm_tokens" }, typeLabel: "direction", input: "input", output: "output" },
        cost: { series: { metric: "llm_cost_dollars" } },
        quality: { metric: "llm_quality_score" },
      },
      labels: { model: "model", app: "app_id", department: "department", service: "job" },
    },
    opts,
  );
}

// ---------------------------------------------------------------------------------------------
// OpenTelemetry GenAI semantic conventions

/** Bucket advice of `gen_ai.client.operation.duration` (and the other duration metrics). */
export const GENAI_DURATION_BUCKETS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** Bucket advice of `gen_ai.server.time_to_first_token`. */
export const GENAI_TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Bucket advice of `gen_ai.server.time_per_output_token`. */
export const GENAI_TPOT_BUCKETS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5];
/** Bucket advice of `gen_ai.client.token.usage`. */
export const GENAI_TOKEN_BUCKETS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

/** The attributes every GenAI metric carries (`metric_attributes.gen_ai`), with the provider attribute of its generation. */
const common = (provider: string) => ["gen_ai.operation.name", provider, "gen_ai.request.model", "gen_ai.response.model", "server.address", "server.port"];

/** The five metrics of semantic conventions v1.27.0–v1.41, with the provider attribute of a generation. */
function genAIMetrics(provider: string): InstrumentSpec[] {
  const c = common(provider);
  return [
    { name: "gen_ai.client.operation.duration", instrument: "histogram", unit: "s", help: "GenAI operation duration.", attributes: [...c, "error.type"], buckets: GENAI_DURATION_BUCKETS, display: "s" },
    { name: "gen_ai.client.token.usage", instrument: "histogram", unit: "{token}", help: "Number of input and output tokens used.", attributes: [...c, "gen_ai.token.type"], buckets: GENAI_TOKEN_BUCKETS, display: "short" },
    { name: "gen_ai.server.request.duration", instrument: "histogram", unit: "s", help: "Generative AI server request duration such as time-to-last byte or last output token.", attributes: [...c, "error.type"], buckets: GENAI_DURATION_BUCKETS, display: "s" },
    { name: "gen_ai.server.time_per_output_token", instrument: "histogram", unit: "s", help: "Time per output token generated after the first token for successful responses.", attributes: c, buckets: GENAI_TPOT_BUCKETS, display: "s" },
    { name: "gen_ai.server.time_to_first_token", instrument: "histogram", unit: "s", help: "Time to generate first token for successful responses.", attributes: c, buckets: GENAI_TTFT_BUCKETS, display: "s" },
  ];
}

/** The v1.41.0 client streaming metrics (`gen_ai.client.operation.time_to_first_chunk`, `…time_per_output_chunk`). */
function streamingMetrics(provider: string): InstrumentSpec[] {
  const c = common(provider);
  return [
    { name: "gen_ai.client.operation.time_to_first_chunk", instrument: "histogram", unit: "s", help: "Time to receive the first chunk of a streamed response.", attributes: c, buckets: GENAI_DURATION_BUCKETS, display: "s" },
    { name: "gen_ai.client.operation.time_per_output_chunk", instrument: "histogram", unit: "s", help: "Time per output chunk after the first of a streamed response.", attributes: c, buckets: GENAI_DURATION_BUCKETS, display: "s" },
  ];
}

const genAISignals = (ttft: string, tpot: string): Signals => ({
  requests: { series: { metric: "gen_ai.client.operation.duration", part: "count" }, errors: [ne("error.type", "")], successes: [eq("error.type", "")] },
  duration: { metric: "gen_ai.client.operation.duration" },
  ttft: { metric: ttft },
  tpot: { metric: tpot },
  tokens: { series: { metric: "gen_ai.client.token.usage", part: "sum" }, typeLabel: "gen_ai.token.type", input: "input", output: "output" },
});

const genAILabels = (provider: string): Conventions["labels"] => ({
  model: "gen_ai.request.model",
  provider,
  operation: "gen_ai.operation.name",
  service: "job",
  errorType: "error.type",
});

/**
 * OpenTelemetry semantic conventions v1.27.0–v1.36.0 (docs/gen-ai/gen-ai-metrics.md): the provider
 * is `gen_ai.system`; `gen_ai.client.token.usage` and `gen_ai.client.operation.duration` on the
 * client, `gen_ai.server.request.duration`, `…time_per_output_token` and `…time_to_first_token`
 * on the model server. What the OTel SDK instrumentations emit by default (without
 * `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`). The conventions record no spend:
 * give the project a price table.
 */
export function otelGenAI136Preset(opts: PresetOptions = {}): Conventions {
  return preset(
    {
      name: "otel-genai-1.36",
      instruments: genAIMetrics("gen_ai.system"),
      signals: genAISignals("gen_ai.server.time_to_first_token", "gen_ai.server.time_per_output_token"),
      labels: genAILabels("gen_ai.system"),
      rateLimited: [{ label: "error.type", op: "=~", value: RATE_LIMITED_ERROR_TYPE }],
    },
    opts,
  );
}

/**
 * OpenTelemetry semantic conventions v1.37.0–v1.41 (docs/gen-ai/gen-ai-metrics.md): the provider
 * is `gen_ai.provider.name` (renamed from `gen_ai.system` in v1.37.0, with `xai` → `x_ai`), and
 * v1.41.0 adds the client streaming metrics `gen_ai.client.operation.time_to_first_chunk` and
 * `…time_per_output_chunk`, which carry time to first token and decode speed here. What the OTel
 * SDK instrumentations emit with `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`.
 */
export function otelGenAI137Preset(opts: PresetOptions = {}): Conventions {
  const provider = "gen_ai.provider.name";
  return preset(
    {
      name: "otel-genai-1.37",
      instruments: [...genAIMetrics(provider), ...streamingMetrics(provider)],
      signals: genAISignals("gen_ai.client.operation.time_to_first_chunk", "gen_ai.client.operation.time_per_output_chunk"),
      labels: genAILabels(provider),
      rateLimited: [{ label: "error.type", op: "=~", value: RATE_LIMITED_ERROR_TYPE }],
    },
    opts,
  );
}

/** Bucket advice of `gen_ai.workflow.duration`. */
const GENAI_WORKFLOW_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200];
/** Bucket advice of `gen_ai.invoke_agent.duration`. */
const GENAI_AGENT_BUCKETS = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 25.6, 51.2, 102.4, 204.8, 409.6];

/**
 * The GenAI conventions in their own repository, open-telemetry/semantic-conventions-genai, at
 * commit 004902b (docs/gen-ai/gen-ai-metrics.md; schema URL gen-ai-dev/1.42.0-dev; the repository
 * has no tagged release yet): the v1.41 client and server metrics with `gen_ai.provider.name`,
 * plus the workflow, agent and tool metrics `gen_ai.workflow.duration`,
 * `gen_ai.invoke_agent.duration` and `gen_ai.execute_tool.duration`. The per-modality usage
 * counters (`gen_ai.client.inference.usage.*`) are an open proposal there (PR #374) whose names
 * are still changing; override the tokens signal when an instrumentation already sends them.
 */
export function otelGenAIDevPreset(opts: PresetOptions = {}): Conventions {
  const provider = "gen_ai.provider.name";
  return preset(
    {
      name: "otel-genai-dev",
      instruments: [
        ...genAIMetrics(provider),
        ...streamingMetrics(provider),
        { name: "gen_ai.workflow.duration", instrument: "histogram", unit: "s", help: "Duration of a GenAI workflow.", attributes: ["gen_ai.workflow.name", "error.type"], buckets: GENAI_WORKFLOW_BUCKETS, display: "s" },
        { name: "gen_ai.invoke_agent.duration", instrument: "histogram", unit: "s", help: "Duration of an agent invocation.", attributes: ["gen_ai.agent.name", "gen_ai.request.model", "error.type"], buckets: GENAI_AGENT_BUCKETS, display: "s" },
        { name: "gen_ai.execute_tool.duration", instrument: "histogram", unit: "s", help: "Duration of a tool execution.", attributes: ["gen_ai.tool.name", "gen_ai.tool.type", "gen_ai.agent.name", "error.type"], buckets: GENAI_DURATION_BUCKETS, display: "s" },
      ],
      signals: genAISignals("gen_ai.client.operation.time_to_first_chunk", "gen_ai.client.operation.time_per_output_chunk"),
      labels: genAILabels(provider),
      rateLimited: [{ label: "error.type", op: "=~", value: RATE_LIMITED_ERROR_TYPE }],
    },
    opts,
  );
}

/** The OpenTelemetry SDK's default explicit bucket boundaries, which OpenLIT's cost histogram keeps. */
const OTEL_SDK_DEFAULT_BUCKETS = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

/** Options of the OpenLIT preset: the SDK release the application runs, when it is older than py-1.37.1. */
export interface OpenlitOptions extends PresetOptions {
  /** OpenLIT Python SDK release, e.g. `"1.36.2"` (default: 1.37.1 or later). */
  release?: string;
}

/** Whether release `a` (`1.36.2`, `py-1.36.2`) is older than `b`. */
function olderThan(a: string, b: string): boolean {
  const parse = (v: string) => v.replace(/^py-/, "").split(".").map((x) => Number.parseInt(x, 10));
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/**
 * OpenLIT's Python SDK as it emits (sdk/python/src/openlit/otel/metrics.py, __helpers.py
 * create_metrics_attributes): the v1.41 GenAI metrics, its own spend histogram
 * `gen_ai.usage.cost` in `USD` (Prometheus: `gen_ai_usage_cost_USD`), and `service.name`,
 * `deployment.environment` and `telemetry.sdk.name` on every point. Requests are the duration
 * histogram's count. By `release`: before py-1.36.9 the provider attribute is `gen_ai.system`;
 * before py-1.37.1 it also has the counters `gen_ai.total.requests` (`gen_ai_requests_total`,
 * which Lab 3 queries) and `gen_ai.usage.input_tokens`, `…output_tokens`, `…reasoning_tokens`.
 */
export function openlitPreset(opts: OpenlitOptions = {}): Conventions {
  const release = opts.release;
  if (release !== undefined && !/^(py-)?\d+(\.\d+)*$/.test(release)) {
    throw new UserError(where("openlit"), `release "${release}" is not an OpenLIT SDK version`, 'give the Python SDK release, e.g. release: "1.36.2"');
  }
  const provider = release !== undefined && olderThan(release, "1.36.9") ? "gen_ai.system" : "gen_ai.provider.name";
  const counters = release !== undefined && olderThan(release, "1.37.1");
  const point = ["telemetry.sdk.name", "service.name", "deployment.environment"];
  const withPoint = (m: InstrumentSpec[]) => m.map((i) => ({ ...i, attributes: [...point, ...i.attributes] }));
  const counter = (name: string, help: string): InstrumentSpec => ({ name, instrument: "counter", unit: "1", help, attributes: common(provider), display: "short" });
  return preset(
    {
      name: "openlit",
      instruments: withPoint([
        ...genAIMetrics(provider),
        ...streamingMetrics(provider),
        { name: "gen_ai.usage.cost", instrument: "histogram", unit: "USD", help: "The distribution of GenAI request costs.", attributes: common(provider), buckets: OTEL_SDK_DEFAULT_BUCKETS, display: "currencyUSD" },
        ...(counters
          ? [
              counter("gen_ai.total.requests", "Number of requests."),
              counter("gen_ai.usage.input_tokens", "Number of prompt tokens processed."),
              counter("gen_ai.usage.output_tokens", "Number of completion tokens processed."),
              counter("gen_ai.usage.reasoning_tokens", "Number of reasoning tokens processed."),
            ]
          : []),
      ]),
      signals: {
        ...genAISignals("gen_ai.client.operation.time_to_first_chunk", "gen_ai.client.operation.time_per_output_chunk"),
        cost: { series: { metric: "gen_ai.usage.cost", part: "sum" } },
      },
      labels: genAILabels(provider),
      rateLimited: [{ label: "error.type", op: "=~", value: RATE_LIMITED_ERROR_TYPE }],
    },
    opts,
  );
}

/** @deprecated the v1.37–v1.41 conventions: use `presets.otelGenAI137()`. */
export const otelGenAIPreset = otelGenAI137Preset;

export const PRESETS = {
  lab: labPreset,
  "lab-dashboard": labDashboardPreset,
  "otel-genai-1.36": otelGenAI136Preset,
  "otel-genai-1.37": otelGenAI137Preset,
  "otel-genai-dev": otelGenAIDevPreset,
  openlit: openlitPreset,
} as const;
export type PresetName = keyof typeof PRESETS;

export const presets = {
  lab: labPreset,
  labDashboard: labDashboardPreset,
  otelGenAI136: otelGenAI136Preset,
  otelGenAI137: otelGenAI137Preset,
  otelGenAI: otelGenAI137Preset,
  otelGenAIDev: otelGenAIDevPreset,
  openlit: openlitPreset,
};
