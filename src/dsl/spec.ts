/**
 * What definitions write. These are the input shapes; `model/normalize.ts` checks them and
 * turns them into the model every target compiles.
 */
import type { PriceTable } from "../vocabulary/prices.ts";
import type { StackSpec } from "./stackSpec.ts";
import type { Conventions, MatchOp, SeriesRef, SignalName } from "../vocabulary/conventions.ts";
import type { DashboardSpec } from "./dashboard.ts";

/** Label matchers: `{ status: "error" }` for equality, `{ code: { op: "=~", value: "5.." } }` otherwise. */
export type MatcherMap = Record<string, string | { op: MatchOp; value: string }>;

/** A counter series: a signal of the conventions, or a metric of its catalog. */
export type EventsRef = Extract<SignalName, "requests" | "tokens" | "cost" | "conversations" | "messages"> | SeriesRef;
/** A histogram: a signal of the conventions, or a histogram metric of its catalog. */
export type HistogramRef = Extract<SignalName, "duration" | "ttft" | "tpot"> | { metric: string };

/**
 * How an availability SLI counts rate-limited requests (the conventions' `rateLimited` matchers:
 * HTTP 429, a provider's rate-limit error type):
 * - `count` (default): as errors, like any failed request; what Sloth's and Pyrra's usual
 *   error selectors of every failure do.
 * - `exclude`: neither good nor bad, left out of the errors and of the total, so a provider's
 *   quota does not spend the service's error budget and does not dilute it either.
 * - `only`: the only bad events, over all requests: a quota SLO (share of requests not rate-limited).
 */
export type RateLimitedCount = "count" | "exclude" | "only";

export interface RatioSLISpec {
  kind: "ratio";
  /** The events counted (default `requests`). */
  events?: EventsRef;
  /** Which events are bad; for `requests` defaults to the conventions' error matchers. */
  bad?: MatcherMap;
  /** Which events are good; give `bad` or `good`, not both. */
  good?: MatcherMap;
  /** Extra matchers for all series of this SLI (e.g. one model). */
  filter?: MatcherMap;
  /** Requests with the conventions' error matchers only: how rate-limited requests count (default `count`). */
  rateLimited?: RateLimitedCount;
}

export interface LatencySLISpec {
  kind: "latency";
  histogram?: HistogramRef;
  /** Seconds; must be one of the histogram's bucket bounds. */
  threshold: number;
  filter?: MatcherMap;
}

/** A value computed per time slice; the SLI is the share of slices where it meets the threshold. */
export type MeasureSpec =
  | "costPerRequest"
  | "tokensPerRequest"
  | "quality"
  /** Your own query with `{{.window}}` for the slice; `unit` (a Grafana unit id) is how its SLO dashboard shows it. */
  | { query: string; unit?: string };

export type ComparisonOp = "<" | "<=" | ">" | ">=";

export interface TimesliceSLISpec {
  kind: "timeslice";
  measure: MeasureSpec;
  /** A slice is good when `measure op threshold` holds. */
  op: ComparisonOp;
  threshold: number;
  /** Slice length (default `5m`). */
  slice?: string;
  filter?: MatcherMap;
}

export interface RawSLISpec {
  kind: "raw";
  /** PromQL of the error ratio (0–1); `{{.window}}` stands for the range. Or give `errorQuery` (or `goodQuery`) and `totalQuery`. */
  errorRatio?: string;
  /** PromQL of bad events per second (e.g. `sum(rate(…[{{.window}}]))`); the ratio is errorQuery / totalQuery. */
  errorQuery?: string;
  /** PromQL of good events per second, instead of `errorQuery`; while it returns nothing, every event counts as bad. */
  goodQuery?: string;
  /** PromQL of all events per second, over the same `{{.window}}`. */
  totalQuery?: string;
}

export type SLISpec = RatioSLISpec | LatencySLISpec | TimesliceSLISpec | RawSLISpec;

/** One window pair of a burn-rate tier, given explicitly (e.g. from an OpenSLO AlertCondition). */
export interface BurnWindowSpec {
  /** Lookback window, e.g. `1h`. */
  long: string;
  /** Short window (default: 1/12 of the long one). */
  short?: string;
  /** Burn-rate factor: the error ratio must exceed factor × error budget in both windows. */
  factor: number;
}

export interface TierSpec {
  /** Turn this tier off. */
  disabled?: boolean;
  /** Window pairs replacing the SRE-workbook ones of this tier. */
  windows?: BurnWindowSpec[];
  /** Value of the `severity` label (default `page` or `ticket`). */
  severity?: string;
  /** How long the condition must hold (default page `2m`, ticket `15m`). */
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * The low-traffic guard of an event-based SLO's burn-rate alerts: a window pair fires only
 * when its long window holds at least `ceil(errors / (factor × (1 − objective)))` events, the
 * count below which `errors` failed events alone would be enough to cross its threshold.
 */
export interface LowTrafficSpec {
  /** How many errors alone must never fire a pair (default 1: a single error never pages). A whole number, at least 1. */
  errors?: number;
  /** The minimum event count of the pairs with this long window, replacing the computed one: `{ "1h": 100 }`. */
  minEvents?: Record<string, number>;
}

export interface SLOAlertingSpec {
  /** Alert name (default `<Slo>ErrorBudgetBurn`). */
  name?: string;
  /** The low-traffic guard (on by default for event-based SLIs); `false` turns it off. */
  lowTraffic?: false | LowTrafficSpec;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  page?: TierSpec;
  ticket?: TierSpec;
}

/**
 * A calendar-aligned SLO period: the error ratio, budget and period burn rate count from the
 * start of the current week (Monday 00:00), month or quarter, and start afresh at its end.
 * Burn-rate factors count a week as 7d, a month as 30d and a quarter as 90d.
 */
export interface CalendarWindowSpec {
  calendar: "week" | "month" | "quarter";
  /** Only `UTC` (the default): Prometheus's date functions know no other time zone. */
  timeZone?: string;
}

export interface SLOSpec {
  name: string;
  /** Target in percent, between 0 and 100 exclusive: `99.5`. */
  objective: number;
  /** Rolling period in days or weeks (default `30d`), or a calendar one: `{ calendar: "month" }`. */
  window?: string | CalendarWindowSpec;
  description?: string;
  /** On every series the SLO's rules record, and so on its burn-rate alerts. Not templates. */
  labels?: Record<string, string>;
  /** An absolute http(s) URL: the `runbook_url` annotation of its alerts. */
  runbookUrl?: string;
  sli: SLISpec;
  alerting?: SLOAlertingSpec;
}

interface AlertBase {
  name: string;
  /** Default depends on the alert; `0s` fires on the first evaluation. */
  for?: string;
  severity?: string;
  /** Labels to keep apart, e.g. `["model"]`: one alert per value. */
  by?: string[];
  labels?: Record<string, string>;
  /** `summary`/`description` replace the defaults; Go templates (`{{ $value }}`) stay as written. */
  annotations?: Record<string, string>;
  runbookUrl?: string;
  filter?: MatcherMap;
}

export interface LatencyQuantileAlertSpec extends AlertBase {
  kind: "latencyQuantile";
  histogram?: HistogramRef;
  /** 0.95 for p95. */
  quantile: number;
  /** Seconds. */
  above: number;
  /** Rate window (default `5m`). */
  window?: string;
}

export interface ErrorRateAlertSpec extends AlertBase {
  kind: "errorRate";
  /** Error share in percent: `5`. */
  abovePercent: number;
  window?: string;
}

export interface TokenRateAlertSpec extends AlertBase {
  kind: "tokenRate";
  /** Tokens per second. */
  above: number;
  window?: string;
}

export interface CostRateAlertSpec extends AlertBase {
  kind: "costRate";
  /** US dollars per hour. */
  perHourAbove: number;
  window?: string;
}

export interface ServiceDownAlertSpec extends AlertBase {
  kind: "serviceDown";
}

export type AlertSpec =
  | LatencyQuantileAlertSpec
  | ErrorRateAlertSpec
  | TokenRateAlertSpec
  | CostRateAlertSpec
  | ServiceDownAlertSpec;

export interface SpendBudgetSpec {
  /** Budget for a calendar month, in US dollars. */
  monthlyUsd: number;
  /** Warn when spend so far this month passes this share of the budget, in percent (default 80). */
  warnAtPercent?: number;
  /** Window of the spend rate projected to month end (default `6h`). */
  forecastWindow?: string;
  severity?: string;
  for?: string;
  runbookUrl?: string;
}

export interface ServiceSpec {
  name: string;
  /** Value of the conventions' service label (default: the name). */
  job?: string;
  /** On every series the service's rules record and every alert it raises; an SLO's or alert's own labels win. */
  labels?: Record<string, string>;
  slos?: SLOSpec[];
  alerts?: AlertSpec[];
  spendBudget?: SpendBudgetSpec;
}

/** prometheus-operator `PrometheusRule` resources, one per service (`kubernetes/prometheusrule-<service>.yaml`). */
export interface PrometheusOperatorOutputSpec {
  /** `metadata.namespace` (omitted by default: the namespace applied to). */
  namespace?: string;
  /** `metadata.labels`, e.g. what the Prometheus `ruleSelector` matches: `{ release: "prometheus" }`. */
  labels?: Record<string, string>;
}

/** Mimir / Cortex ruler files, one rule namespace per service (`mimir/<service>.yaml`). */
export interface MimirOutputSpec {
  /** Prefix of each service's ruler namespace (default none: the namespace is the service name). */
  namespacePrefix?: string;
}

/**
 * Rule outputs besides the plain Prometheus rule files (`prometheus/rules/<service>.yaml`), which
 * are always written: the promtool tests run against them, and every other output carries the
 * same groups. Several at once are allowed.
 */
export interface OutputsSpec {
  prometheusOperator?: boolean | PrometheusOperatorOutputSpec;
  mimir?: boolean | MimirOutputSpec;
}

export interface ProjectSpec {
  name: string;
  conventions: Conventions;
  services: ServiceSpec[];
  /** Grafana dashboards: rows of panels built on the Grafana Foundation SDK. */
  dashboards?: DashboardSpec[];
  outputs?: OutputsSpec;
  /** The compose stack (Prometheus, Alertmanager, Grafana, Collector, trace store); defaults when left out. */
  stack?: StackSpec;
  /**
   * The period of every SLO that gives no `window` (Sloth specs never do): `28d`, or
   * `{ calendar: "month" }`. Default `30d`; `--default-window` overrides it.
   */
  defaultWindow?: SLOSpec["window"];
  /**
   * A dated price table (US dollars per million tokens, per model): where the conventions record
   * no spend, spend is computed from token counts with it, so cost alerts, the cost SLO, the spend
   * budget and the cost panels work on any preset. Unused where the conventions have a cost signal.
   */
  prices?: PriceTable;
}
