/**
 * The preset's metric catalog as prom-client metrics: names, types, label names and buckets all
 * come from the conventions object, so the simulator exposes exactly what the rules query.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Conventions, Matcher, MetricSpec } from "../../src/model/conventions.ts";
import type { SimulatedRequest } from "./traffic.ts";

type Metric = Counter<string> | Gauge<string> | Histogram<string>;
type Labels = Record<string, string>;

export class PresetMetrics {
  readonly registry = new Registry();
  private readonly metrics = new Map<string, { spec: MetricSpec; metric: Metric }>();
  private readonly quality = new Map<string, number>();

  constructor(private readonly c: Conventions) {
    for (const spec of c.metrics) {
      const base = { name: spec.name, help: spec.help, labelNames: spec.labels, registers: [this.registry] };
      const metric =
        spec.type === "counter" ? new Counter(base) : spec.type === "gauge" ? new Gauge(base) : new Histogram({ ...base, buckets: spec.buckets ?? [] });
      this.metrics.set(spec.name, { spec, metric });
    }
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

  /** Counter: add; histogram: observe; gauge: set. Each metric once per call site. */
  private record(name: string, value: number, r: SimulatedRequest, extra: Labels = {}): void {
    const m = this.metrics.get(name);
    if (!m) return;
    const labels = this.labels(m.spec, r, extra);
    if (m.metric instanceof Counter) m.metric.inc(labels, value);
    else if (m.metric instanceof Histogram) m.metric.observe(labels, value);
    else m.metric.set(labels, value);
  }

  observe(r: SimulatedRequest): void {
    const s = this.c.signals;
    const done = new Set<string>();
    const once = (name: string, value: number, extra: Labels = {}) => {
      if (done.has(name)) return;
      done.add(name);
      this.record(name, value, r, extra);
    };
    once(s.duration.metric, r.durationSeconds);
    // A histogram's _count counts requests already; a counter needs its own increment.
    once(s.requests.series.metric, 1);
    if (r.ok) once(s.ttft.metric, r.ttftSeconds);
    const tokens = this.metrics.get(s.tokens.series.metric);
    if (tokens) {
      this.record(tokens.spec.name, r.promptTokens, r, { [s.tokens.typeLabel]: s.tokens.input });
      if (r.completionTokens > 0) this.record(tokens.spec.name, r.completionTokens, r, { [s.tokens.typeLabel]: s.tokens.output });
      // Lab 1's agent also records their sum as type="total": a query that sums every type counts tokens twice.
      if (this.c.name === "lab") this.record(tokens.spec.name, r.promptTokens + r.completionTokens, r, { [s.tokens.typeLabel]: "total" });
    }
    once(s.cost.series.metric, r.costUsd);
    const key = `${r.model}/${r.app}`;
    const q = 0.9 * (this.quality.get(key) ?? r.quality) + 0.1 * r.quality;
    this.quality.set(key, q);
    once(s.quality.metric, q);
    if (r.newConversation) once(s.conversations.series.metric, 1);
    once(s.messages.series.metric, 1);
  }
}

/** The value a request's outcome gives `label`, if the outcome matchers name it. */
function outcomeValue(label: string, matchers: Matcher[], errorType: string): string | undefined {
  const m = matchers.find((x) => x.label === label);
  if (!m) return undefined;
  if (m.op === "=") return m.value;
  // `!=`/`!~` on the outcome: any other value; the error type is the natural one.
  return errorType || "error";
}
