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
  /** The instrument as the application creates it, before translation; absent for hand-written catalogs. */
  semantic?: { name: string; unit: string; attributes: string[] };
}

/** One series of a metric: a counter, a gauge, or one part of a histogram. */
export interface SeriesRef {
  metric: string;
  /** For histograms: which series. A histogram's `_count` and `_sum` are counters. */
  part?: "bucket" | "count" | "sum";
}

export type { MatchOp, Matcher } from "../promql/types.ts";
import type { Matcher } from "../promql/types.ts";
import type { Translation } from "./translation.ts";

export interface Signals {
  /** Requests, with which of them are errors. */
  requests: { series: SeriesRef; errors: Matcher[]; successes: Matcher[] };
  /** Request duration histogram (seconds). */
  duration: { metric: string };
  /** Time to first token (or, in streaming client conventions, first chunk) histogram, seconds. */
  ttft?: { metric: string };
  /**
   * Time per output token (or chunk) after the first, histogram in seconds: decode speed. Output
   * tokens per second is its reciprocal, not output tokens over the whole request time.
   */
  tpot?: { metric: string };
  /**
   * Tokens used, split by a type label. Only the input and output types add up to the tokens
   * used: a metric may also carry their sum (Lab 1's agent records `type="total"` beside
   * `prompt` and `completion`) or a share of one of them (cached input), and summing every type
   * would count tokens twice. Every query, SLI and alert of tokens selects the two through
   * `countedTokens`.
   */
  tokens: { series: SeriesRef; typeLabel: string; input: string; output: string };
  /**
   * Input tokens served from the provider's prompt cache, a share of the input tokens: a series
   * of its own (`cache_read.input_tokens`) or the token series with matchers.
   */
  cachedTokens?: { series: SeriesRef; matchers: Matcher[] };
  /** Spend in USD (a counter, or a histogram's sum), where the instrumentation records it. */
  cost?: { series: SeriesRef };
  /** Response quality score gauge (0–5). */
  quality?: { metric: string };
  conversations?: { series: SeriesRef };
  messages?: { series: SeriesRef };
}

export interface Conventions {
  /** Preset name, shown in docs and reports. */
  name: string;
  /** How the instruments' names became these Prometheus names (see translation.ts). */
  translation: Translation;
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
    /** The operation (`chat`, `embeddings`, `invoke_agent`, …), where the metrics carry one. */
    operation?: string;
    /** The agent's name, where the metrics carry one. */
    agent?: string;
  };
  /**
   * Matchers on the request series that select rate-limited requests (HTTP 429, a provider's
   * rate-limit error type), apart from other errors; absent where the conventions cannot tell.
   */
  rateLimited?: Matcher[];
}

export type SignalName = keyof Signals;
export const SIGNAL_NAMES: SignalName[] = [
  "requests",
  "duration",
  "ttft",
  "tpot",
  "tokens",
  "cachedTokens",
  "cost",
  "quality",
  "conversations",
  "messages",
];

const SIGNAL_WORDS: Record<SignalName | "rateLimited", string> = {
  requests: "requests",
  duration: "request duration",
  ttft: "time to first token",
  tpot: "time per output token",
  tokens: "tokens",
  cachedTokens: "cached input tokens",
  cost: "spend",
  quality: "quality score",
  conversations: "conversations",
  messages: "messages",
  rateLimited: "rate-limited requests",
};

/** A query or SLI needs a signal the conventions do not carry. */
export class MissingSignal extends Error {
  readonly hint: string;
  constructor(c: Conventions, signal: SignalName | "rateLimited") {
    super(`the "${c.name}" conventions carry no ${SIGNAL_WORDS[signal]} signal`);
    this.name = "MissingSignal";
    this.hint =
      signal === "rateLimited"
        ? "give the preset override.rateLimited: the matchers on the request series that select rate-limited requests"
        : `extend the preset with the instrument your application records: extend: { instruments: [...], signals: { ${signal}: ... } }` +
          (signal === "cost" ? ", or give the project a price table (prices) to compute spend from tokens" : "");
  }
}

/** A signal of the conventions, or a MissingSignal error naming it. */
export function signalOf<K extends SignalName>(c: Conventions, signal: K): NonNullable<Signals[K]> {
  const s = c.signals[signal];
  if (!s) throw new MissingSignal(c, signal);
  return s as NonNullable<Signals[K]>;
}

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
