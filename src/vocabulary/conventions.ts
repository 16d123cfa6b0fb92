/**
 * Metric conventions: which concrete metric and label names carry each LLM signal. Every query
 * any target builds goes through these, so switching presets rewrites all of them at once.
 */
import { regexLiteral } from "../promql/regex.ts";

export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricSpec {
  /** Exposed name; a histogram's base name (series are `<name>_bucket|_count|_sum`). */
  name: string;
  type: MetricType;
  help: string;
  /** Label names the metric carries (besides `job`/`instance` added by the scrape). */
  labels: string[];
  /** Grafana unit of the values, e.g. `s`, `currencyUSD`, `short`. */
  unit: string;
  /** Histogram bucket upper bounds, ascending, without +Inf. */
  buckets?: number[];
}

/** One series of a metric: a counter, a gauge, or one part of a histogram. */
export interface SeriesRef {
  metric: string;
  /** For histograms: which series. A histogram's `_count` and `_sum` are counters. */
  part?: "bucket" | "count" | "sum";
}

export type { MatchOp, Matcher } from "../promql/types.ts";
import type { Matcher } from "../promql/types.ts";

export interface Signals {
  /** Requests, with which of them are errors. */
  requests: { series: SeriesRef; errors: Matcher[]; successes: Matcher[] };
  /** Request duration histogram (seconds). */
  duration: { metric: string };
  /** Time to first token histogram (seconds). */
  ttft: { metric: string };
  /**
   * Tokens used, split by a type label. Only the input and output types add up to the tokens
   * used: a metric may also carry their sum (Lab 1's agent records `type="total"` beside
   * `prompt` and `completion`) or a share of one of them (cached input), and summing every type
   * would count tokens twice. Every query, SLI and alert of tokens selects the two through
   * `countedTokens`.
   */
  tokens: { series: SeriesRef; typeLabel: string; input: string; output: string };
  /** Spend in USD (a counter, or a histogram's sum). */
  cost: { series: SeriesRef };
  /** Response quality score gauge (0–5). */
  quality: { metric: string };
  conversations: { series: SeriesRef };
  messages: { series: SeriesRef };
}

export interface Conventions {
  /** Preset name, shown in docs and reports. */
  name: string;
  /** Every metric queries may name; validate rejects anything else. */
  metrics: MetricSpec[];
  signals: Signals;
  /** Label names of the usual dimensions, where the metrics carry them. */
  labels: {
    model: string;
    provider?: string;
    app?: string;
    department?: string;
    /** Label naming why a request failed (OpenTelemetry's `error.type`), where the metrics carry one. */
    errorType?: string;
    /** Label that tells services apart; set by the scrape job or the Collector's exporter. */
    service: string;
  };
}

export type SignalName = keyof Signals;
export const SIGNAL_NAMES: SignalName[] = [
  "requests",
  "duration",
  "ttft",
  "tokens",
  "cost",
  "quality",
  "conversations",
  "messages",
];

export function findMetric(c: Conventions, name: string): MetricSpec | undefined {
  return c.metrics.find((m) => m.name === name);
}

/** The matcher that keeps the token types that add up, input and output, and no other. */
export function countedTokens(c: Conventions): Matcher {
  const t = c.signals.tokens;
  return { label: t.typeLabel, op: "=~", value: `${regexLiteral(t.input)}|${regexLiteral(t.output)}` };
}

/** Matchers that keep a signal's series to the events it counts (tokens: input and output only). */
export function signalMatchers(c: Conventions, signal: SignalName): Matcher[] {
  return signal === "tokens" ? [countedTokens(c)] : [];
}

/** The exposed series name of a reference. */
export function seriesName(ref: SeriesRef): string {
  return ref.part ? `${ref.metric}_${ref.part}` : ref.metric;
}

/** Every series name the catalog exposes, with whether it is a counter (rate/increase allowed). */
export function catalogSeries(c: Conventions): Map<string, { metric: MetricSpec; counter: boolean }> {
  const out = new Map<string, { metric: MetricSpec; counter: boolean }>();
  for (const m of c.metrics) {
    if (m.type === "histogram") {
      for (const part of ["bucket", "count", "sum"] as const) {
        out.set(`${m.name}_${part}`, { metric: m, counter: true });
      }
    } else {
      out.set(m.name, { metric: m, counter: m.type === "counter" });
    }
  }
  // Scrape health is always there.
  out.set("up", {
    metric: { name: "up", type: "gauge", help: "Scrape target health.", labels: ["job", "instance"], unit: "short" },
    counter: false,
  });
  return out;
}
