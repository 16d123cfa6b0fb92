import type {
  AlertSpec,
  CostRateAlertSpec,
  ErrorRateAlertSpec,
  LatencyQuantileAlertSpec,
  LatencySLISpec,
  ProjectSpec,
  RatioSLISpec,
  RawSLISpec,
  ServiceDownAlertSpec,
  ServiceSpec,
  SLOSpec,
  TimesliceSLISpec,
  TokenRateAlertSpec,
} from "./spec.ts";
import { remember } from "./source.ts";

/** The project: default-export it from `definitions/index.ts`. */
export function defineProject(spec: ProjectSpec): ProjectSpec {
  return remember(spec);
}

export function service(spec: ServiceSpec): ServiceSpec {
  return remember(spec);
}

export function slo(spec: SLOSpec): SLOSpec {
  return remember(spec);
}

type Without<T, K extends keyof T> = Omit<T, K>;

/** Service level indicators. */
export const sli = {
  /**
   * Share of requests that did not fail, from the conventions' request counter. `rateLimited`
   * says how rate-limited requests count: as errors (`count`, the default), not at all
   * (`exclude`), or as the only errors (`only`, a quota SLO).
   */
  availability: (opts: Without<RatioSLISpec, "kind" | "events" | "bad" | "good"> = {}): RatioSLISpec => ({
    kind: "ratio",
    events: "requests",
    ...opts,
  }),
  /** Bad (or good) events over all events, from counters. */
  ratio: (opts: Without<RatioSLISpec, "kind">): RatioSLISpec => ({ kind: "ratio", ...opts }),
  /** Share of requests faster than `threshold` seconds, from a histogram's buckets. */
  latency: (opts: Without<LatencySLISpec, "kind">): LatencySLISpec => ({ kind: "latency", ...opts }),
  /**
   * Share of first tokens sooner than `threshold` seconds, from the conventions' ttft histogram:
   * the server's time to first token, or a streaming client's time to first chunk
   * (`gen_ai.client.operation.time_to_first_chunk` in the GenAI conventions from v1.41).
   */
  timeToFirstToken: (opts: Without<LatencySLISpec, "kind" | "histogram">): LatencySLISpec => ({
    kind: "latency",
    histogram: "ttft",
    ...opts,
  }),
  /**
   * Share of requests whose time per output token (or chunk) after the first is within
   * `threshold` seconds, from the conventions' tpot histogram: decode speed of at least
   * 1 / threshold tokens per second. `threshold` must be one of its bucket bounds.
   */
  timePerOutputToken: (opts: Without<LatencySLISpec, "kind" | "histogram">): LatencySLISpec => ({
    kind: "latency",
    histogram: "tpot",
    ...opts,
  }),
  /** Share of time slices in which a measured value meets a threshold (OpenSLO Timeslices). */
  timeslice: (opts: Without<TimesliceSLISpec, "kind">): TimesliceSLISpec => ({ kind: "timeslice", ...opts }),
  /** Escape hatch: an error-ratio query with `{{.window}}` for the range. */
  raw: (opts: Without<RawSLISpec, "kind">): RawSLISpec => ({ kind: "raw", ...opts }),
};

const make =
  <A extends AlertSpec>(kind: A["kind"]) =>
  (opts: Without<A, "kind">): A =>
    remember({ kind, ...opts } as A);

/** Threshold alerts on LLM signals. */
export const alert = {
  /** A latency quantile (e.g. p95) above a number of seconds. */
  latencyQuantile: make<LatencyQuantileAlertSpec>("latencyQuantile"),
  /** Share of failed requests above a percentage. */
  errorRate: make<ErrorRateAlertSpec>("errorRate"),
  /** Tokens per second above a rate. */
  tokenRate: make<TokenRateAlertSpec>("tokenRate"),
  /** Spend per hour above a number of US dollars. */
  costRate: make<CostRateAlertSpec>("costRate"),
  /** The service's scrape target is down (`up == 0`). */
  serviceDown: make<ServiceDownAlertSpec>("serviceDown"),
};

export type * from "./spec.ts";
