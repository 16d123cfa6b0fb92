/**
 * The query helpers a panel receives: every series comes from the metric conventions and is
 * filtered by the dashboard's variables, so a preset switch rewrites every panel.
 */
import { countedTokens, findMetric, MissingSignal, seriesName, type Conventions, type Matcher, type SeriesRef, type SignalName } from "./conventions.ts";
import type { Selection } from "../promql/types.ts";
import { periodErrorRatio, rec, SERVICE_LABEL, SLO_LABEL } from "./series.ts";
import { div, eq, labelList, rangeFn, selector, sum, sumRate } from "../promql/build.ts";
import { monthEndForecast, monthToDateSpend } from "./spend.ts";

/** Template variables a dashboard can offer; each exists only where the conventions have its label. */
export type VariableName = "service" | "model" | "provider" | "app" | "department";
/** Labels to break a query down by: the variables' and, where the conventions carry them, the operation's and the agent's. */
export type Dimension = VariableName | "operation" | "agent";

/** One query of a panel. */
export interface Target {
  expr: string;
  /** Legend, e.g. `{{model}}`. */
  legend?: string;
  /** Evaluate at the end of the range only (stats, tables, pies). */
  instant?: boolean;
  format?: "time_series" | "table" | "heatmap";
  /** Ask for the exemplars of the histogram queried too: each links to the trace of its request. */
  exemplar?: boolean;
}

/** Where the stack keeps traces; trace panels query its datasource. */
export type TraceStore = "jaeger" | "tempo";

export type QuerySignal =
  | "requests"
  | "errors"
  | "successes"
  | "durationBucket"
  | "durationCount"
  | "durationSum"
  | "ttftBucket"
  | "ttftCount"
  | "ttftSum"
  | "tpotBucket"
  | "tpotCount"
  | "tpotSum"
  | "rateLimited"
  | "cachedTokens"
  | "tokens"
  | "inputTokens"
  | "outputTokens"
  | "cost"
  | "quality"
  | "conversations"
  | "messages";

type Source = QuerySignal | Selection;

/** Grafana picks `$__rate_interval` so a rate always spans at least four scrapes. */
export const RATE_INTERVAL = "$__rate_interval";

export interface Queries {
  conventions: Conventions;
  /** The stack's trace store (Jaeger without a stack). */
  traceStore: TraceStore;
  /** The conventions' label for a dimension, or undefined where the metrics have none. */
  label(name: Dimension): string | undefined;
  /** Labels of `names` the conventions have, for `by (…)`. */
  by(...names: Dimension[]): string[];
  /**
   * Whether the conventions carry a signal or a label: a panel built with `when: (q) => q.has("tpotBucket")`
   * appears only where its query has series to read, never as No data.
   */
  has(what: QuerySignal | "operation" | "agent" | "errorType"): boolean;
  /** A signal's series, filtered by the dashboard's variables. */
  series(signal: QuerySignal, extra?: Matcher[]): Selection;
  /** Our own recorded series, as the rules name them (no variable filters). */
  recorded(series: string, matchers?: Matcher[]): Selection;
  selector(source: Source): string;
  /** `sum by (…) (rate(x[$__rate_interval]))`. */
  rate(source: Source, by?: string[]): string;
  /** `sum by (…) (increase(x[range]))`. */
  increase(source: Source, range: string, by?: string[]): string;
  /** `a / b` with operands parenthesized as needed; both must take the same variable filters (generate refuses one-sided ones). */
  div(a: string, b: string): string;
  /**
   * `sum by (…) (rate(a)) / sum by (…) (rate(b))`, both filtered by the variables both series
   * carry: a variable only one side could take is left out of both, and the panel's
   * description says so (cost per request for one department over every request is no ratio).
   */
  ratio(a: Source, b: Source, by?: string[]): string;
  /** The variables the ratios built since the last call left out, with why; the panel builder takes them once per panel. */
  takeIgnored(): Map<VariableName, string>;
  /** A quantile of the duration, time-to-first-token or time-per-output-token histogram. */
  quantile(q: number, histogram: "duration" | "ttft" | "tpot", by?: string[]): string;
  /**
   * Output tokens per second while decoding: 1 / the mean time per output token (the tpot
   * histogram's count over its sum), the speed after the first token. Not output tokens over the
   * whole request time, which counts the wait for the first token and any tool calls too.
   */
  outputTokensPerSecond(by?: string[]): string;
  /** Share of input tokens served from the provider's prompt cache, 0–1; 0 while none are. */
  cacheHitRatio(by?: string[]): string;
  /** Rate-limited requests per second (429s, a provider's rate-limit error type); 0 while none are. */
  rateLimitedRate(by?: string[]): string;
  /** Rate-limited share of requests, 0–1; 0 while none are. */
  rateLimitedRatio(by?: string[]): string;
  /** Failed requests per second other than rate-limited ones (errors minus rate-limited); 0 while none fail. */
  otherErrorsRate(by?: string[]): string;
  /** Share of requests that failed for a reason other than a rate limit, 0–1. */
  otherErrorRatio(by?: string[]): string;
  requestRate(by?: string[]): string;
  /** The conventions' error-type label, or undefined where the metrics carry none. */
  errorTypeLabel(): string | undefined;
  /** Failed requests per second, by error type where the conventions have an error-type label; a 0 line while nothing fails. */
  errorsByType(by?: string[]): string;
  /** Failed share of requests, 0–1; 0 rather than absent when nothing failed. */
  errorRatio(by?: string[]): string;
  successRatio(by?: string[]): string;
  avgDuration(by?: string[]): string;
  tokenRate(by?: string[]): string;
  tokensPerRequest(type: "input" | "output", by?: string[]): string;
  costPerHour(by?: string[]): string;
  costPerRequest(by?: string[]): string;
  costPer1kTokens(by?: string[]): string;
  /** Average of the quality gauge. */
  quality(by?: string[]): string;
  /** US dollars spent so far this calendar month (needs the service's `spendBudget`). */
  spendThisMonth(service: string): string;
  /** An SLO's SLI (share of good events) over a window, from the recorded error ratio (default: 30d); a calendar SLO's so far this period: `{ calendar: "month" }`. */
  sli(service: string, slo: string, window?: string | { calendar: "week" | "month" | "quarter" }): string;
  /** Share of an SLO's error budget left this period. */
  budgetRemaining(service: string, slo: string): string;
  /** Month-end spend projected from the spend rate over `window` (default `6h`). */
  spendForecast(service: string, window?: string): string;
  /** Scrape targets of `job` up now (Prometheus's own `up`, not filtered by variables). */
  targetsUp(job: string): string;
  /** Scrape targets of `job` down now: 0 while every one is up, No data while Prometheus knows none. */
  targetsDown(job: string): string;
  /**
   * The service's alerts (threshold and burn-rate) in `state` now: 0 while none is, No data while
   * Prometheus does not have the service's SLO rules, never a green 0 for rules it lacks.
   */
  alertCount(service: string, state: "firing" | "pending"): string;
  /** The lowest share of error budget left among the service's SLOs this period. */
  lowestBudgetRemaining(service: string): string;
}

const VARIABLE_LABEL: Record<Dimension, (c: Conventions) => string | undefined> = {
  service: (c) => c.labels.service,
  model: (c) => c.labels.model,
  provider: (c) => c.labels.provider,
  app: (c) => c.labels.app,
  department: (c) => c.labels.department,
  operation: (c) => c.labels.operation,
  agent: (c) => c.labels.agent,
};

export function variableLabel(c: Conventions, name: Dimension): string | undefined {
  return VARIABLE_LABEL[name](c);
}

/** The conventions signal each query signal reads. */
const SIGNAL_OF: Record<QuerySignal, SignalName | "rateLimited"> = {
  requests: "requests",
  errors: "requests",
  successes: "requests",
  rateLimited: "rateLimited",
  durationBucket: "duration",
  durationCount: "duration",
  durationSum: "duration",
  ttftBucket: "ttft",
  ttftCount: "ttft",
  ttftSum: "ttft",
  tpotBucket: "tpot",
  tpotCount: "tpot",
  tpotSum: "tpot",
  tokens: "tokens",
  inputTokens: "tokens",
  outputTokens: "tokens",
  cachedTokens: "cachedTokens",
  cost: "cost",
  quality: "quality",
  conversations: "conversations",
  messages: "messages",
};

/** Query helpers for one dashboard: `variables` are the ones it defines. */
export function queries(c: Conventions, variables: VariableName[], traceStore: TraceStore = "jaeger"): Queries {
  const s = c.signals;
  const hist = (h: { metric: string } | undefined, part: "bucket" | "count" | "sum") => (h ? { metric: h.metric, part } : undefined);
  const refs: Record<QuerySignal, SeriesRef | undefined> = {
    requests: s.requests.series,
    errors: s.requests.series,
    successes: s.requests.series,
    rateLimited: c.rateLimited ? s.requests.series : undefined,
    durationBucket: { metric: s.duration.metric, part: "bucket" },
    durationCount: { metric: s.duration.metric, part: "count" },
    durationSum: { metric: s.duration.metric, part: "sum" },
    ttftBucket: hist(s.ttft, "bucket"),
    ttftCount: hist(s.ttft, "count"),
    ttftSum: hist(s.ttft, "sum"),
    tpotBucket: hist(s.tpot, "bucket"),
    tpotCount: hist(s.tpot, "count"),
    tpotSum: hist(s.tpot, "sum"),
    tokens: s.tokens.series,
    inputTokens: s.tokens.series,
    outputTokens: s.tokens.series,
    cachedTokens: s.cachedTokens?.series,
    cost: s.cost?.series,
    quality: s.quality ? { metric: s.quality.metric } : undefined,
    conversations: s.conversations?.series,
    messages: s.messages?.series,
  };
  const fixed: Partial<Record<QuerySignal, Matcher[]>> = {
    errors: s.requests.errors,
    successes: s.requests.successes,
    rateLimited: c.rateLimited ?? [],
    tokens: [countedTokens(c)],
    inputTokens: [{ label: s.tokens.typeLabel, op: "=", value: s.tokens.input }],
    outputTokens: [{ label: s.tokens.typeLabel, op: "=", value: s.tokens.output }],
    cachedTokens: s.cachedTokens?.matchers ?? [],
  };
  /** A signal's series; a clear error where the conventions do not carry it. */
  const refOf = (signal: QuerySignal): SeriesRef => {
    const r = refs[signal];
    if (!r) throw new MissingSignal(c, SIGNAL_OF[signal]);
    return r;
  };
  /** The dashboard's variables a signal's metric carries the label of. */
  const takes = (signal: QuerySignal): VariableName[] => {
    const ref = refOf(signal);
    const has = new Set(findMetric(c, ref.metric)?.labels ?? []);
    has.add(c.labels.service);
    return variables.filter((v) => {
      const l = variableLabel(c, v);
      return l !== undefined && has.has(l);
    });
  };
  const series = (signal: QuerySignal, extra: Matcher[] = [], only?: VariableName[]): Selection => {
    const vars: Matcher[] = takes(signal)
      .filter((v) => !only || only.includes(v))
      .map((v) => ({ label: variableLabel(c, v)!, op: "=~", value: `$${v}` }));
    return { series: seriesName(refOf(signal)), matchers: [...vars, ...(fixed[signal] ?? []), ...extra] };
  };
  const sel = (src: Source, only?: VariableName[]): Selection => (typeof src === "string" ? series(src, [], only) : src);
  const rate = (src: Source, by: string[] = [], only?: VariableName[]) => sumRate(sel(src, only), RATE_INTERVAL, by);
  const ignored = new Map<VariableName, string>();
  const name = (src: Source) => (typeof src === "string" ? seriesName(refOf(src)) : src.series);
  /** Both sides of a ratio, filtered by the variables both take; the rest noted as ignored. */
  const ratio = (a: Source, b: Source, by: string[] = [], zero = false): string => {
    const ta = typeof a === "string" ? takes(a) : [];
    const tb = typeof b === "string" ? takes(b) : [];
    const both = ta.filter((v) => tb.includes(v));
    for (const v of [...ta, ...tb]) {
      if (both.includes(v)) continue;
      const lacking = ta.includes(v) ? b : a;
      ignored.set(v, `${name(lacking)} has no ${variableLabel(c, v)} label`);
    }
    // `zero`: a numerator without series yet (no cache hit so far) reads 0, not No data.
    return zero ? div(`(${rate(a, by, both)} or 0 * ${rate(b, by, both)})`, rate(b, by, both)) : div(rate(a, by, both), rate(b, by, both));
  };
  const HISTOGRAM_BUCKETS = { duration: "durationBucket", ttft: "ttftBucket", tpot: "tpotBucket" } as const;
  /** `x or 0 * requests`: a line at 0 while nothing of x happened. */
  const orZero = (x: string, by: string[]) => `${x} or 0 * ${rate("requests", by)}`;
  const rateLimited = (by: string[]) => `(${rate("rateLimited", by)} or 0 * ${rate("requests", by)})`;
  const otherErrors = (by: string[]) => orZero(`${rate("errors", by)} - ${rateLimited(by)}`, by);
  const q: Queries = {
    conventions: c,
    traceStore,
    label: (name) => variableLabel(c, name),
    by: (...names) => names.map((n) => variableLabel(c, n)).filter((l): l is string => l !== undefined),
    has: (what) => (what === "operation" || what === "agent" || what === "errorType" ? c.labels[what] !== undefined : refs[what] !== undefined),
    series,
    recorded: (name, matchers = []) => ({ series: name, matchers }),
    selector: (src) => selector(sel(src)),
    rate,
    increase: (src, range, by = []) => sum(rangeFn("increase", selector(sel(src)), range), by),
    div,
    ratio,
    takeIgnored: () => {
      const out = new Map(ignored);
      ignored.clear();
      return out;
    },
    quantile: (qq, h, by = []) => `histogram_quantile(${qq}, ${rate(HISTOGRAM_BUCKETS[h], ["le", ...by])})`,
    outputTokensPerSecond: (by) => ratio("tpotCount", "tpotSum", by),
    cacheHitRatio: (by) => ratio("cachedTokens", "inputTokens", by, true),
    rateLimitedRate: (by = []) => orZero(rate("rateLimited", by), by),
    rateLimitedRatio: (by = []) => div(rateLimited(by), rate("requests", by)),
    otherErrorsRate: (by = []) => otherErrors(by),
    otherErrorRatio: (by = []) => div(`(${otherErrors(by)})`, rate("requests", by)),
    requestRate: (by) => rate("requests", by),
    errorTypeLabel: () => c.labels.errorType,
    errorsByType: (by = []) => `${rate("errors", [...(c.labels.errorType ? [c.labels.errorType] : []), ...by])} or 0 * ${rate("requests", by)}`,
    errorRatio: (by = []) => div(`(${rate("errors", by)} or 0 * ${rate("requests", by)})`, rate("requests", by)),
    successRatio: (by = []) => `1 - ${q.errorRatio(by)}`,
    avgDuration: (by) => ratio("durationSum", "durationCount", by),
    tokenRate: (by) => rate("tokens", by),
    tokensPerRequest: (type, by) => ratio(type === "input" ? "inputTokens" : "outputTokens", "requests", by),
    costPerHour: (by) => `${rate("cost", by)} * 3600`,
    costPerRequest: (by) => ratio("cost", "requests", by),
    costPer1kTokens: (by) => `${ratio("cost", "tokens", by)} * 1000`,
    quality: (by = []) => (by.length ? `avg by (${labelList(by)}) (${selector(series("quality"))})` : `avg(${selector(series("quality"))})`),
    sli: (service, slo, window = "30d") => {
      const series = typeof window === "string" ? rec.errorRatio(window) : periodErrorRatio({ period: "", calendar: window.calendar });
      return `1 - ${selector({ series, matchers: [eq(SERVICE_LABEL, service), eq(SLO_LABEL, slo)] })}`;
    },
    budgetRemaining: (service, slo) => selector({ series: rec.budgetRemaining, matchers: [eq(SERVICE_LABEL, service), eq(SLO_LABEL, slo)] }),
    spendThisMonth: (service) => monthToDateSpend(service),
    spendForecast: (service, window = "6h") => monthEndForecast(service, window),
    targetsUp: (job) => `sum(${selector({ series: "up", matchers: [eq("job", job)] })})`,
    targetsDown: (job) => `sum(1 - ${selector({ series: "up", matchers: [eq("job", job)] })})`,
    alertCount: (service, state) => {
      const alerts = selector({ series: "ALERTS", matchers: [eq("alertstate", state), eq(SERVICE_LABEL, service)] });
      return `count(${alerts}) or sum(0 * ${selector({ series: rec.objective, matchers: [eq(SERVICE_LABEL, service)] })})`;
    },
    lowestBudgetRemaining: (service) => `min(${selector({ series: rec.budgetRemaining, matchers: [eq(SERVICE_LABEL, service)] })})`,
  };
  return q;
}
