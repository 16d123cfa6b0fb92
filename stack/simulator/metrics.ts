/**
 * The preset's metric catalog as prom-client metrics: names, types, label names and buckets all
 * come from the conventions object, so the simulator exposes exactly what the rules query.
 * Histogram observations carry the request's trace id as an exemplar, which only the
 * OpenMetrics format can carry: Prometheus asks for it first, other scrapers get the text format.
 * UTF-8 names (the NoUTF8EscapingWithSuffixes and NoTranslation strategies), which prom-client
 * refuses, are kept under placeholder names and written in the text format 1.0.0 with quoted
 * names, as Prometheus 3 asks for (`escaping=allow-utf-8`); see utf8Exposition.
 */
import { Counter, Gauge, Histogram, Registry, type PrometheusContentType, type OpenMetricsContentType } from "prom-client";
import type { Conventions, Matcher, MetricSpec } from "../../src/vocabulary/conventions.ts";
import type { SimulatedRequest } from "./traffic.ts";

type Metric = Counter<string> | Gauge<string> | Histogram<string>;
type Labels = Record<string, string>;

/** The span a request was traced as: its ids label the request's exemplars. */
export interface TraceIds {
  traceId: string;
  spanId: string;
}

export class PresetMetrics {
  readonly registry = new Registry<PrometheusContentType>();
  readonly openMetrics = openMetricsRegistry();
  /**
   * Counters and histograms have an OpenMetrics twin: that format appends `_total` to a counter's
   * name itself, and prom-client keeps exemplars on OpenMetrics registries only. Gauges are shared.
   */
  private readonly metrics = new Map<string, { spec: MetricSpec; metric: Metric; om?: Counter<string> | Histogram<string> }>();
  private readonly quality = new Map<string, number>();
  /**
   * OpenMetrics names a counter `<name>_total`: a conventions counter without that suffix would
   * change its name there, so such conventions are served in the text format only (no exemplars).
   */
  readonly openMetricsKeepsNames: boolean;

  /** Whether some name is UTF-8 only: then prom-client holds the values under placeholder names. */
  readonly utf8: boolean;
  /** The service's name, for attributes that carry it (`service.name`). */
  private readonly service: string;

  constructor(
    private readonly c: Conventions,
    opts: { service?: string } = {},
  ) {
    this.service = opts.service ?? "llm-agent";
    this.utf8 = c.metrics.some((m) => !LEGACY_NAME.test(m.name) || m.labels.some((l) => !LEGACY_LABEL.test(l)));
    this.openMetricsKeepsNames = !this.utf8 && c.metrics.every((m) => m.type !== "counter" || m.name.endsWith("_total"));
    c.metrics.forEach((spec, i) => {
      const base = this.utf8
        ? { name: `m${i}`, help: spec.help, labelNames: spec.labels.map((_, j) => `l${j}`) }
        : { name: spec.name, help: spec.help, labelNames: spec.labels };
      const text = { ...base, registers: [this.registry] };
      const om = { ...base, registers: [this.openMetrics] };
      if (spec.type === "counter") {
        this.metrics.set(spec.name, { spec, metric: new Counter(text), om: new Counter({ ...om, name: base.name.replace(/_total$/, "") }) });
      } else if (spec.type === "histogram") {
        const buckets = spec.buckets ?? [];
        this.metrics.set(spec.name, { spec, metric: new Histogram({ ...text, buckets }), om: new Histogram({ ...om, buckets, enableExemplars: true }) });
      } else {
        this.metrics.set(spec.name, { spec, metric: new Gauge({ ...base, registers: [this.registry, this.openMetrics] }) });
      }
    });
  }

  /** The exposition for a request's Accept header, and its content type. */
  async exposition(accept: string | undefined): Promise<{ body: string; contentType: string }> {
    if (this.utf8) return utf8Exposition(this.c, await this.registry.getMetricsAsJSON(), offersUtf8(accept));
    const r = this.openMetricsKeepsNames && prefersOpenMetrics(accept) ? this.openMetrics : this.registry;
    return { body: await r.metrics(), contentType: r.contentType };
  }

  /** Value of a label the request carries, by what the conventions say the label means, else by its attribute. */
  private labelValue(label: string, attribute: string, r: SimulatedRequest): string {
    const l = this.c.labels;
    if (label === l.model) return r.model;
    if (label === l.provider) return r.provider;
    if (label === l.app) return r.app;
    if (label === l.department) return r.department;
    const outcome = outcomeValue(label, r.ok ? this.c.signals.requests.successes : this.c.signals.requests.errors, r.errorType);
    if (outcome !== undefined) return outcome;
    const fixed = attributeValue(attribute, r, this.service);
    if (fixed !== undefined) return fixed;
    if (label.includes("operation")) return "chat";
    return "unknown";
  }

  private labels(spec: MetricSpec, r: SimulatedRequest, extra: Labels = {}): Labels {
    const out: Labels = {};
    spec.labels.forEach((l, j) => {
      const v = extra[l] ?? this.labelValue(l, spec.semantic?.attributes[j] ?? l, r);
      out[this.utf8 ? `l${j}` : l] = v;
    });
    return out;
  }

  /** Counter: add; histogram: observe, with the trace ids as exemplar; gauge: set. Each metric once per call site. */
  private record(name: string, value: number, r: SimulatedRequest, extra: Labels = {}, trace?: TraceIds): void {
    const m = this.metrics.get(name);
    if (!m) return;
    const labels = this.labels(m.spec, r, extra);
    if (m.metric instanceof Counter) {
      m.metric.inc(labels, value);
      if (m.om instanceof Counter) m.om.inc(labels, value);
    } else if (m.metric instanceof Histogram) {
      m.metric.observe(labels, value);
      if (m.om instanceof Histogram) m.om.observe({ labels, value, exemplarLabels: trace ? { trace_id: trace.traceId, span_id: trace.spanId } : {} });
    } else m.metric.set(labels, value);
  }

  observe(r: SimulatedRequest, trace?: TraceIds): void {
    const s = this.c.signals;
    const done = new Set<string>();
    const once = (name: string, value: number, extra: Labels = {}) => {
      if (done.has(name)) return;
      done.add(name);
      this.record(name, value, r, extra, trace);
    };
    once(s.duration.metric, r.durationSeconds);
    // A histogram's _count counts requests already; a counter needs its own increment.
    once(s.requests.series.metric, 1);
    if (r.ok && s.ttft) once(s.ttft.metric, r.ttftSeconds);
    const tokens = this.metrics.get(s.tokens.series.metric);
    if (tokens) {
      this.record(tokens.spec.name, r.promptTokens, r, { [s.tokens.typeLabel]: s.tokens.input });
      if (r.completionTokens > 0) this.record(tokens.spec.name, r.completionTokens, r, { [s.tokens.typeLabel]: s.tokens.output });
      // Lab 1's agent also records their sum as type="total": a query that sums every type counts tokens twice.
      if (this.c.name === "lab") this.record(tokens.spec.name, r.promptTokens + r.completionTokens, r, { [s.tokens.typeLabel]: "total" });
    }
    if (s.cost) once(s.cost.series.metric, r.costUsd);
    const key = `${r.model}/${r.app}`;
    const q = 0.9 * (this.quality.get(key) ?? r.quality) + 0.1 * r.quality;
    this.quality.set(key, q);
    if (s.quality) once(s.quality.metric, q);
    if (r.newConversation && s.conversations) once(s.conversations.series.metric, 1);
    if (s.messages) once(s.messages.series.metric, 1);
    // The preset's other instruments, by what they measure.
    const tpot = r.completionTokens > 1 ? Math.max(0.001, (r.durationSeconds - r.ttftSeconds) / (r.completionTokens - 1)) : undefined;
    if (r.ok && tpot !== undefined && s.tpot) once(s.tpot.metric, tpot);
    for (const m of this.c.metrics) {
      if (done.has(m.name)) continue;
      const what = m.semantic?.name ?? m.name;
      if (/time_to_first_(token|chunk)/.test(what)) {
        if (r.ok) once(m.name, r.ttftSeconds);
      } else if (/time_per_output_(token|chunk)/.test(what)) {
        if (r.ok && tpot !== undefined) once(m.name, tpot);
      } else if (/request\.duration|invoke_agent\.duration|workflow\.duration/.test(what)) once(m.name, r.durationSeconds);
      else if (/execute_tool\.duration/.test(what)) once(m.name, r.durationSeconds / 4);
      else if (/(^|[._])errors?([._]|$)/.test(what)) {
        if (!r.ok) once(m.name, 1, Object.fromEntries(m.labels.filter((l) => /error/.test(l)).map((l) => [l, r.errorType])));
      } else if (/total\.requests/.test(what)) once(m.name, 1);
      else if (/input_tokens/.test(what)) once(m.name, r.promptTokens);
      else if (/output_tokens/.test(what)) once(m.name, r.completionTokens);
      else if (/reasoning_tokens/.test(what)) once(m.name, Math.round(r.completionTokens / 4));
    }
  }
}

function openMetricsRegistry(): Registry<OpenMetricsContentType> {
  const r = new Registry<OpenMetricsContentType>();
  r.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  return r;
}

/**
 * Whether an Accept header ranks OpenMetrics at least as high as the text format (Prometheus 2.x
 * and 3.x ask for OpenMetrics first); no header, or one naming neither, gets the text format.
 */
export function prefersOpenMetrics(accept: string | undefined): boolean {
  let om = 0;
  let text = 0;
  for (const part of (accept ?? "").split(",")) {
    const [type = "", ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    const qp = params.find((p) => p.startsWith("q="));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type === "application/openmetrics-text") om = Math.max(om, q);
    else if (type === "text/plain") text = Math.max(text, q);
  }
  return om > 0 && om >= text;
}

/** The value a request's outcome gives `label`, if the outcome matchers name it. */
function outcomeValue(label: string, matchers: Matcher[], errorType: string): string | undefined {
  const m = matchers.find((x) => x.label === label);
  if (!m) return undefined;
  if (m.op === "=") return m.value;
  // `!=`/`!~` on the outcome: any other value; the error type is the natural one.
  return errorType || "error";
}

/** Names and label names Prometheus 2 and the classic text format accept unquoted. */
const LEGACY_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LEGACY_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The model version a provider answers with (`gen_ai.response.model`). */
const RESPONSE_MODELS: Record<string, string> = {
  "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
  "gpt-4o": "gpt-4o-2024-08-06",
  "claude-3-5-sonnet": "claude-3-5-sonnet-20241022",
};
const SERVERS: Record<string, string> = { openai: "api.openai.com", anthropic: "api.anthropic.com" };

/** A plausible value of a semantic attribute the conventions give no meaning to, or undefined. */
export function attributeValue(attribute: string, r: SimulatedRequest, service: string): string | undefined {
  switch (attribute) {
    case "gen_ai.operation.name":
      return "chat";
    case "gen_ai.response.model":
      return RESPONSE_MODELS[r.model] ?? r.model;
    case "gen_ai.system":
    case "gen_ai.provider.name":
      return r.provider;
    case "server.address":
      return SERVERS[r.provider] ?? `api.${r.provider}.com`;
    case "server.port":
      return "443";
    case "telemetry.sdk.name":
      return "openlit";
    case "service.name":
      return service;
    case "deployment.environment":
      return "production";
    case "gen_ai.agent.name":
      return r.app;
    case "gen_ai.workflow.name":
      return `${r.app}-workflow`;
    case "gen_ai.tool.name":
      return "search_docs";
    case "gen_ai.tool.type":
      return "function";
    case "error.type":
    case "error_type":
      return r.errorType;
    default:
      return undefined;
  }
}

/**
 * Whether an Accept header lets the response keep UTF-8 names: Prometheus 3 offers
 * `text/plain;version=1.0.0;escaping=allow-utf-8` (and the OpenMetrics 1.0.0 equivalent).
 */
export function offersUtf8(accept: string | undefined): boolean {
  return (accept ?? "").split(",").some((part) => {
    const [type = "", ...params] = part.split(";").map((x) => x.trim().toLowerCase());
    return (type === "text/plain" || type === "application/openmetrics-text") && params.includes("escaping=allow-utf-8") && !params.includes("q=0");
  });
}

type MetricJson = Awaited<ReturnType<Registry["getMetricsAsJSON"]>>[number];

const quoted = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`;
/** Underscore escaping, for a scraper that did not offer UTF-8 (what client_golang does then). */
const escaped = (s: string, legacy: RegExp) => (legacy.test(s) ? s : s.replace(/[^a-zA-Z0-9_:]/g, "_").replace(/^([0-9])/, "_$1"));

/**
 * The text exposition of the conventions' metrics from prom-client's values under placeholder
 * names: `m<i>` is the i-th metric, `l<j>` its j-th label. With UTF-8 allowed it is the text
 * format 1.0.0 with quoted names where they need it (`{"gen_ai.client.operation.duration_seconds_count","error.type"="timeout"} 3`),
 * which Prometheus 3 parses; otherwise names are escaped to underscores. Empty label values are
 * left out (Prometheus reads them as absent).
 */
export function utf8Exposition(c: Conventions, values: MetricJson[], utf8: boolean): { body: string; contentType: string } {
  const lines: string[] = [];
  const name = (n: string) => (utf8 ? (LEGACY_NAME.test(n) ? n : quoted(n)) : escaped(n, LEGACY_NAME));
  const label = (l: string) => (utf8 ? (LEGACY_LABEL.test(l) ? l : quoted(l)) : escaped(l, LEGACY_LABEL));
  const value = (v: string | number) => quoted(String(v)).slice(1, -1);
  for (const m of values) {
    const i = Number(m.name.slice(1));
    const spec = c.metrics[i];
    if (!spec) continue;
    lines.push(`# HELP ${name(spec.name)} ${spec.help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n")}`);
    lines.push(`# TYPE ${name(spec.name)} ${spec.type}`);
    for (const v of m.values as { value: number; labels: Record<string, string | number>; metricName?: string }[]) {
      const series = v.metricName ? `${spec.name}${v.metricName.slice(m.name.length)}` : spec.name;
      const pairs = Object.entries(v.labels)
        .filter(([, x]) => x !== "" && x !== undefined)
        .map(([k, x]) => {
          const j = /^l(\d+)$/.exec(k);
          return `${label(j ? spec.labels[Number(j[1])]! : k)}="${value(x)}"`;
        });
      const n = name(series);
      const head = n.startsWith('"') ? `{${[n, ...pairs].join(",")}}` : pairs.length ? `${n}{${pairs.join(",")}}` : n;
      lines.push(`${head} ${Number.isFinite(v.value) ? v.value : v.value > 0 ? "+Inf" : "-Inf"}`);
    }
  }
  const contentType = utf8 ? "text/plain; version=1.0.0; charset=utf-8; escaping=allow-utf-8" : "text/plain; version=0.0.4; charset=utf-8; escaping=underscores";
  return { body: lines.join("\n") + "\n", contentType };
}
