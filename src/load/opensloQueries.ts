/**
 * OpenSLO metric sources → the SLI specs the model compiles. A query is read where it is
 * written (a v1 `metricSource`, or v1alpha's `source`/`queryType`/`query`), its source type
 * checked, and made a `{{.window}}` template by what the metric says it is:
 *
 * - a counter (`counter: true`): ranges as written become `{{.window}}` (`rate(x[5m])`), and a
 *   counter written bare (`sum(x)`, `x{code=~"5.."}`) its rate over each window;
 * - a gauge (`counter: false`): its values averaged over each window;
 * - a precomputed ratio (`raw`): its ranges become `{{.window}}`, or without one it is averaged.
 *
 * The budgeting method then picks the SLI: event counts (Occurrences), the share of good time
 * slices (Timeslices), or the average of the slices' ratios (RatioTimeslices). Every piece of
 * PromQL around the user's queries comes from `promql/build.ts`.
 */
import type { ComparisonOp, RawSLISpec, SLISpec, TimesliceSLISpec } from "../dsl/spec.ts";
import { formatDuration, parseDuration } from "../model/duration.ts";
import { exact } from "../model/numbers.ts";
import { complement, eventsErrorRatio, fillWindow, hasWindow, holds, known, windowAvg, WINDOW } from "../promql/build.ts";
import { queryProblem, windowedQueryProblem } from "../promql/query.ts";
import { counterRates, templateRanges } from "./opensloRanges.ts";
import type { OMetric, ORatioMetric, OV1alphaMetric } from "./schemas/openslo.ts";
import { docError, docName, type PathPart, type YamlDoc } from "./yamlDocs.ts";

export const SPEC_HINT = "see the OpenSLO v1 specification: https://github.com/OpenSLO/OpenSLO#specification";

/** A query as written, and the field that holds it. */
export interface Query {
  d: YamlDoc;
  at: PathPart[];
  text: string;
}

/** The DataSources of the definitions, by name. */
export interface Sources {
  find(name: string): { d: YamlDoc; spec: { type: string } } | undefined;
  /** The error for a name that is not defined, listing those that are. */
  missing(name: string, d: YamlDoc, parts: PathPart[]): Error;
}

const PROMETHEUS_ONLY = "llmops compiles Prometheus queries only";

/**
 * The PromQL of a v1 metric source. Its type is the one written inline, else its DataSource's;
 * a `metricSourceRef` naming no DataSource is fine when the type is written inline, as the
 * specification lets a metric source stand on its own.
 */
export function v1Query(sources: Sources, d: YamlDoc, parts: PathPart[], m: OMetric): Query {
  const src = m.metricSource;
  const at = [...parts, "metricSource"];
  if (src.type !== undefined) {
    if (src.type.toLowerCase() !== "prometheus") throw docError(d, [...at, "type"], `metric source type "${src.type}" is not supported`, `${PROMETHEUS_ONLY} (type: Prometheus)`);
  } else if (src.metricSourceRef !== undefined) {
    const ds = sources.find(src.metricSourceRef);
    if (!ds) throw sources.missing(src.metricSourceRef, d, [...at, "metricSourceRef"]);
    const type = ds.spec.type;
    if (type.toLowerCase() !== "prometheus") {
      throw docError(d, [...at, "metricSourceRef"], `DataSource "${src.metricSourceRef}" is of type "${type}" (${docName(ds.d)} of ${ds.d.file}), which llmops does not read`, `${PROMETHEUS_ONLY}: name a DataSource of type: Prometheus`);
    }
  }
  const field = src.spec.query !== undefined ? "query" : "promql";
  const text = src.spec.query ?? src.spec.promql;
  if (text === undefined) throw docError(d, [...at, "spec", "query"], "missing required field", "give the PromQL as metricSource.spec.query");
  return { d, at: [...at, "spec", field], text };
}

/** The PromQL of a v1alpha metric (`source: prometheus`, `queryType: promql`). */
export function v1alphaQuery(d: YamlDoc, parts: PathPart[], m: OV1alphaMetric): Query {
  // Sloth reads `source: sloth` as its own name for Prometheus.
  if (!/^(prometheus|sloth)$/i.test(m.source)) throw docError(d, [...parts, "source"], `metric source "${m.source}" is not supported`, `${PROMETHEUS_ONLY} (source: prometheus, queryType: promql)`);
  if (!/^(promql|query)$/i.test(m.queryType)) throw docError(d, [...parts, "queryType"], `query type "${m.queryType}" is not supported`, "a Prometheus query is queryType: promql");
  return { d, at: [...parts, "query"], text: m.query };
}

const RANGE_HINT = "write the query with one range, e.g. sum(rate(http_requests_total{code=~\"5..\"}[5m])), or a bare counter with counter: true";

/** The template, once it reads as a query a rule can record; errors at the query's field. */
function checked(q: Query, template: string): string {
  const p = windowedQueryProblem(template);
  if (p) throw docError(q.d, q.at, p.what, p.hint);
  return template;
}

function ranged(q: Query, t: ReturnType<typeof templateRanges>): string {
  if (!t.ok) throw docError(q.d, q.at, t.problem, RANGE_HINT);
  return checked(q, t.template);
}

/**
 * Events per second over `{{.window}}`. A query with `{{.window}}` is a template already; a
 * gauge (`counter: false`) is averaged over the window; a counter's ranges follow the window,
 * and a counter without a range is taken as its rate.
 */
export function eventsTemplate(q: Query, counter: boolean | undefined): string {
  if (hasWindow(q.text)) return checked(q, q.text);
  if (counter === false) {
    const p = queryProblem(q.text);
    if (p) throw docError(q.d, q.at, p.what, p.hint);
    return checked(q, windowAvg(q.text, WINDOW));
  }
  const t = templateRanges(q.text);
  if (!t.ok && t.noRange) {
    if (counter === true) return ranged(q, counterRates(q.text));
    throw docError(q.d, q.at, "the query has no range selector ([5m]), and the ratio metric does not say whether it counts", "say counter: true for counters (llmops takes their rate over every window) or counter: false for a gauge of events per second (averaged over it)");
  }
  return ranged(q, t);
}

/** A precomputed ratio over `{{.window}}`: its ranges follow the window, or it is averaged over it. */
export function ratioTemplate(q: Query): string {
  if (hasWindow(q.text)) return checked(q, q.text);
  const t = templateRanges(q.text);
  if (!t.ok && t.noRange) {
    const p = queryProblem(q.text);
    if (p) throw docError(q.d, q.at, p.what, p.hint);
    return checked(q, windowAvg(q.text, WINDOW));
  }
  return ranged(q, t);
}

/** A threshold metric's query as written: each of its values is a data point. */
export function thresholdQuery(q: Query): string {
  return checked(q, q.text);
}

/** A ratio metric as templates over `{{.window}}`: event counts, or the ratio itself. */
export type Ratio = { events: { bad: string; total: string } | { good: string; total: string } } | { error: string; success: string };

/** The events of a v1 ratio metric, or its raw ratio with its rawType. */
export function v1Ratio(sources: Sources, d: YamlDoc, at: PathPart[], rm: ORatioMetric): Ratio {
  if (rm.raw) {
    for (const f of ["good", "bad", "total"] as const) if (rm[f]) throw docError(d, [...at, f], "give raw, or good or bad events with total, not both", SPEC_HINT);
    if (rm.rawType === undefined) throw docError(d, [...at, "rawType"], "missing required field", "say what the raw ratio is: rawType: success (good / total) or failure (bad / total)");
    const t = ratioTemplate(v1Query(sources, d, [...at, "raw"], rm.raw));
    return rm.rawType === "failure" ? { error: t, success: complement(t) } : { error: complement(t), success: t };
  }
  if (rm.rawType !== undefined) throw docError(d, [...at, "rawType"], "rawType goes with raw", "give the ratio as raw with its rawType, or good or bad events with total");
  if (!rm.total) throw docError(d, [...at, "total"], "missing required field", "a ratio metric needs total events and good or bad events, or a raw ratio");
  if (!!rm.good === !!rm.bad) throw docError(d, at, "give good or bad events, not both or neither", SPEC_HINT);
  // The events first, as the specification writes them: the first error is the first field.
  const side = rm.bad ? "bad" : "good";
  const events = eventsTemplate(v1Query(sources, d, [...at, side], rm[side]!), rm.counter);
  const total = eventsTemplate(v1Query(sources, d, [...at, "total"], rm.total), rm.counter);
  return { events: side === "bad" ? { bad: events, total } : { good: events, total } };
}

/** The error ratio over `{{.window}}`. */
function errorOf(r: Ratio): string {
  return "events" in r ? eventsErrorRatio(r.events) : r.error;
}

/** The success ratio over `{{.window}}`. */
function successOf(r: Ratio): string {
  return "events" in r ? complement(eventsErrorRatio(r.events)) : r.success;
}

/** The longest duration a field takes: Prometheus keeps durations in int64 milliseconds; a year is more than any SLO needs. */
const MAX_SECONDS = 366 * 86400;

/** An OpenSLO duration (or minutes, where the field allows a number); only `alertAfter` may be 0. */
export function durationText(d: YamlDoc, parts: PathPart[], v: string | number | undefined, fallback: string, zero = false): string {
  if (v === undefined) return fallback;
  const seconds = typeof v === "number" ? v * 60 : parseDuration(v);
  if (seconds === undefined || !Number.isInteger(seconds) || (seconds === 0 && !zero) || seconds < 0) throw docError(d, parts, `${JSON.stringify(v)} is not a duration`, "write a number and one unit: 5m, 1h");
  if (seconds > MAX_SECONDS) throw docError(d, parts, `${JSON.stringify(v)} is longer than a year`, "durations here are minutes, hours or days: 5m, 1h, 1d");
  return seconds === 0 ? "0s" : formatDuration(seconds);
}

export type Method = "Occurrences" | "Timeslices" | "RatioTimeslices";

/** One objective of an SLO, where it is written. */
export interface Objective {
  d: YamlDoc;
  at: PathPart[];
  o: { op?: "lte" | "gte" | "lt" | "gt"; value?: number; timeSliceTarget?: number; timeSliceWindow?: number | string };
}

function sliceOf(obj: Objective): string {
  return durationText(obj.d, [...obj.at, "timeSliceWindow"], obj.o.timeSliceWindow, "5m");
}

function sliceTarget(obj: Objective): number {
  const share = obj.o.timeSliceTarget;
  if (share === undefined) throw docError(obj.d, [...obj.at, "timeSliceTarget"], "missing required field", "with budgetingMethod: Timeslices, timeSliceTarget is the share of a slice that must be good for the slice to be good, e.g. 0.95");
  if (!(share > 0 && share <= 1)) throw docError(obj.d, [...obj.at, "timeSliceTarget"], `timeSliceTarget ${share} is out of range`, "timeSliceTarget is a ratio above 0 and at most 1, e.g. 0.95 (not a percent)");
  return exact(share);
}

/**
 * A ratio metric under each budgeting method. Occurrences counts events (or averages the raw
 * ratio); Timeslices judges each slice by its success ratio against timeSliceTarget, the
 * objective being the share of good slices; RatioTimeslices averages the slices' error ratios
 * (slices without events left out), the objective being that average's complement.
 */
export function ratioSLI(r: Ratio, method: Method, obj: Objective): SLISpec {
  switch (method) {
    case "Occurrences": {
      if (!("events" in r)) return { kind: "raw", errorRatio: r.error } satisfies RawSLISpec;
      const e = r.events;
      return ("bad" in e ? { kind: "raw", errorQuery: e.bad, totalQuery: e.total } : { kind: "raw", goodQuery: e.good, totalQuery: e.total }) satisfies RawSLISpec;
    }
    case "Timeslices":
      return { kind: "timeslice", measure: { query: successOf(r) }, op: ">=", threshold: sliceTarget(obj), slice: sliceOf(obj) } satisfies TimesliceSLISpec;
    case "RatioTimeslices":
      return { kind: "raw", errorRatio: windowAvg(known(fillWindow(errorOf(r), sliceOf(obj))), WINDOW) } satisfies RawSLISpec;
  }
}

const OPS: Record<string, ComparisonOp> = { lt: "<", lte: "<=", gt: ">", gte: ">=" };

/**
 * A threshold metric: each of its data points (the query at every rule evaluation) is good
 * when it meets `op value`. Timeslices judges each slice by the share of its good points
 * against timeSliceTarget; Occurrences and RatioTimeslices (slices of as many points each)
 * count the share of bad points.
 */
export function thresholdSLI(query: string, method: Method, obj: Objective): SLISpec {
  const { op, value } = obj.o;
  if (op === undefined || value === undefined) {
    throw docError(obj.d, [...obj.at, op === undefined ? "op" : "value"], "missing required field", "a threshold objective says which values are good: op (lt, lte, gt, gte) and value");
  }
  if (value < 0) throw docError(obj.d, [...obj.at, "value"], `value ${value} is negative`, "the value is the threshold of the measure (a latency, a cost, a count), 0 or more");
  const goodShare = windowAvg(holds(query, OPS[op]!, exact(value)), WINDOW);
  if (method === "Timeslices") {
    const threshold = sliceTarget(obj);
    return { kind: "timeslice", measure: { query: goodShare }, op: ">=", threshold, slice: sliceOf(obj) } satisfies TimesliceSLISpec;
  }
  return { kind: "raw", errorRatio: complement(goodShare) } satisfies RawSLISpec;
}
