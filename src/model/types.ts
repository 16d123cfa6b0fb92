/** The normalized model: checked, resolved against the conventions, ready for every target. */
import type { Stack } from "../dsl/stackModel.ts";
import type { Conventions, Matcher } from "../vocabulary/conventions.ts";
import type { ComparisonOp } from "../dsl/spec.ts";
import type { Dashboard } from "./dashboards.ts";
import type { CalendarUnit } from "./calendar.ts";

export type { Selection } from "../promql/types.ts";
import type { Selection } from "../promql/types.ts";
import type { PriceTable } from "../vocabulary/prices.ts";

export type Measure =
  | { kind: "perRequest"; name: "costPerRequest" | "tokensPerRequest"; numerator: Selection; requests: Selection }
  | { kind: "gaugeAvg"; name: "quality"; gauge: Selection }
  | { kind: "query"; template: string };

export type SLI =
  /** Error ratio = bad / total, or (total - good) / total. */
  | { kind: "events"; bad?: Selection; good?: Selection; total: Selection; latency?: { histogram: string; threshold: number } }
  | { kind: "timeslice"; measure: Measure; op: ComparisonOp; threshold: number; slice: string; unit: string }
  /**
   * `template` is the error ratio; with `events` (bad events as `error`, or `good`), it is built
   * from the events and the period is event-weighted.
   */
  | { kind: "raw"; template: string; events?: { error: string; good?: undefined; total: string } | { error?: undefined; good: string; total: string } };

export interface BurnWindow {
  /** Share of the error budget this pair guards, in percent (2, 5, 10). */
  budgetPercent: number;
  long: string;
  short: string;
  /** Burn-rate factor: budget share × period ÷ long window. */
  factor: number;
  /** factor × error budget: the error ratio above which the pair is true. */
  threshold: number;
  /**
   * Low-traffic guard: the fewest events over the long window at which the pair may fire, so
   * that a lone error among few requests does not page. Absent where the SLI counts no events
   * (timeslice SLIs, raw error-ratio queries) or the guard is turned off.
   */
  minEvents?: number;
}

export interface Tier {
  tier: "page" | "ticket";
  severity: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  windows: BurnWindow[];
}

export interface SLO {
  service: string;
  name: string;
  objectivePercent: number;
  /** 0.995 */
  objective: number;
  /** 0.005 */
  budget: number;
  /**
   * A rolling period's duration (`30d`); for a calendar one, the nominal length its burn-rate
   * factors use (week `7d`, month `30d`, quarter `90d`), never a range of its own.
   */
  period: string;
  periodSeconds: number;
  /**
   * Where the period came from: the SLO's own window, `--default-window`, the project's
   * `defaultWindow`, or llmops's built-in 30d.
   */
  periodFrom: "slo" | "flag" | "project" | "builtin";
  /** A calendar-aligned period in UTC (weeks from Monday): its ratio restarts at each boundary. Absent: rolling. */
  calendar?: CalendarUnit;
  description: string;
  labels: Record<string, string>;
  runbookUrl?: string;
  sli: SLI;
  alertName: string;
  /** Dashboard panels that show the SLO's signal (they list its alertName): its dashboard links to them. */
  sources?: { uid: string; panelId: number; title: string }[];
  tiers: Tier[];
  /** Every window the recording rules must produce, shortest first (without the period). */
  windows: string[];
  source: string;
}

export interface ThresholdAlert {
  kind: "latencyQuantile" | "errorRate" | "tokenRate" | "costRate" | "serviceDown" | "spendForecast" | "spendShare";
  name: string;
  service: string;
  for: string;
  severity: string;
  /** Labels kept apart in the expression's output (besides the service label). */
  by: string[];
  /** User labels and annotations; targets add their defaults. */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  runbookUrl?: string;
  signal: AlertSignal;
  /** The dashboard panel that shows this alert, set when one claims it. */
  dashboard?: { uid: string; panelId: number };
  source: string;
}

/** What a threshold alert measures: enough to build its query and to drive it in tests. */
export type AlertSignal =
  | { kind: "quantile"; bucket: Selection; buckets: number[]; quantile: number; threshold: number; window: string }
  | { kind: "ratio"; bad: Selection; total: Selection; threshold: number; window: string }
  | { kind: "rate"; counter: Selection; threshold: number; scale: number; window: string }
  | { kind: "up"; up: Selection }
  | { kind: "spend"; counter: Selection; threshold: number; mode: "forecast" | "share"; forecastWindow: string };

export interface Service {
  name: string;
  job: string;
  /** Matchers selecting this service's series. */
  selector: Matcher[];
  labels: Record<string, string>;
  slos: SLO[];
  alerts: ThresholdAlert[];
  source: string;
}

/** Rule outputs besides the plain Prometheus files (always written). */
export interface Outputs {
  prometheusOperator?: { namespace?: string; labels: Record<string, string> };
  mimir?: { namespacePrefix: string };
}

export interface Model {
  name: string;
  conventions: Conventions;
  services: Service[];
  /** Absent: plain Prometheus rule files only. */
  outputs?: Outputs;
  /** The compose stack; absent when turned off. */
  stack?: Stack;
  /** Dashboards written in the definitions (SLO dashboards are derived by the Grafana target). */
  dashboards?: Dashboard[];
  /** Things generate should tell the user but that are not errors. */
  warnings: string[];
  /** The price table spend is computed from; absent where the conventions record spend themselves (or no table is given). */
  prices?: PriceTable;
}
