/**
 * The preset's metric catalog as prom-client metrics: names, types, label names and buckets all
 * come from the conventions object, so the simulator exposes exactly what the rules query.
 * Histogram observations carry the request's trace id as an exemplar, which only the
 * OpenMetrics format can carry: Prometheus asks for it first, other scrapers get the text format.
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

  constructor(private readonly c: Conventions) {
    this.openMetricsKeepsNames = c.metrics.every((m) => m.type !== "counter" || m.name.endsWith("_total"));
    for (const spec of c.metrics) {
      const base = { name: spec.name, help: spec.help, labelNames: spec.labels };
      const text = { ...base, registers: [this.registry] };
      const om = { ...base, registers: [this.openMetrics] };
      if (spec.type === "counter") {
        this.metrics.set(spec.name, { spec, metric: new Counter(text), om: new Counter({ ...om, name: spec.name.replace(/_total$/, "") }) });
      } else if (spec.type === "histogram") {
        const buckets = spec.buckets ?? [];
        this.metrics.set(spec.name, { spec, metric: new Histogram({ ...text, buckets }), om: new Histogram({ ...om, buckets, enableExemplars: true }) });
      } else {
        this.metrics.set(spec.name, { spec, metric: new Gauge({ ...base, registers: [this.registry, this.openMetrics] }) });
      }
    }
  }

  /** The exposition for a request's Accept header, and its content type. */
  async exposition(accept: string | undefined): Promise<{ body: string; contentType: string }> {
    const r = this.openMetricsKeepsNames && prefersOpenMetrics(accept) ? this.openMetrics : this.registry;
    return { body: await r.metrics(), contentType: r.contentType };
  }

  /** Value of a label the request carries, by what the conventions say the label means. */
  private labelValue(label: string, r: SimulatedRequest): string {
    const l = this.c.labels;
    if (label === l.model) return r.model;
    if (label === l.provider) return r.provider;
    if (label === l.app) return r.app;
    if (label === l.department) return r.department;
    const outcome = outcomeValue(label, r.ok ? this.c.signals.requests.successes : this.c.signals.requests.errors, r.errorType);
    if (outcome !== undefined) return outcome;
    if (label.includes("operation")) return "chat";
    return "unknown";
  }

  private labels(spec: MetricSpec, r: SimulatedRequest, extra: Labels = {}): Labels {
    const out: Labels = {};
    for (const l of spec.labels) out[l] = extra[l] ?? this.labelValue(l, r);
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
