/**
 * OpenSLO v1 → service specs. Documents of every file are read together and references
 * (`indicatorRef`, `alertPolicies`, `conditionRef`, `metricSourceRef`) resolved by name. Ratio
 * metrics become error/total query templates, threshold metrics with Timeslices budgeting a
 * timeslice SLI, burn-rate AlertConditions explicit tiers.
 */
import type { ComparisonOp, RawSLISpec, ServiceSpec, SLISpec, SLOSpec, TierSpec, TimesliceSLISpec } from "../dsl/spec.ts";
import { rememberAt } from "../dsl/source.ts";
import { parseDuration, formatDuration } from "../model/duration.ts";
import { exact } from "../model/numbers.ts";
import { paren } from "../promql/build.ts";
import { checkOpensloText } from "./opensloMeta.ts";
import { checkObjectiveDecimals } from "./translated.ts";
import { templateRanges, WINDOW } from "./opensloRanges.ts";
import { calendarWindow, type OCalendar } from "./opensloCalendar.ts";
import { NOMINAL_SECONDS } from "../model/calendar.ts";
import type { OConditionSpec, OMetric, OPolicyItem, OPolicySpec, OSLISpec, OSLOSpec } from "./schemas/openslo.ts";
import { docError, docSource, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** The SLO period the model takes when timeWindow is left out. */
const DEFAULT_WINDOW = "30d";

const SPEC_HINT = "see the OpenSLO v1 specification: https://github.com/OpenSLO/OpenSLO#specification";

interface Named<S> {
  d: YamlDoc;
  name: string;
  spec: S;
}

type Kind = "SLO" | "SLI" | "Service" | "AlertPolicy" | "AlertCondition" | "DataSource";

function index(docs: YamlDoc[]): Map<string, Map<string, Named<unknown>>> {
  const byKind = new Map<string, Map<string, Named<unknown>>>();
  for (const d of docs) {
    const { kind, metadata, spec } = d.data as { kind: Kind; metadata: { name: string }; spec: unknown };
    const m = byKind.get(kind) ?? new Map<string, Named<unknown>>();
    byKind.set(kind, m);
    const before = m.get(metadata.name);
    if (before) throw docError(d, ["metadata", "name"], `${kind} "${metadata.name}" is defined twice`, `rename one; the other is document ${before.d.index} of ${before.d.file}`);
    m.set(metadata.name, { d, name: metadata.name, spec });
  }
  return byKind;
}

class Resolver {
  constructor(private readonly byKind: Map<string, Map<string, Named<unknown>>>) {}

  get<S>(kind: Kind, name: string, d: YamlDoc, parts: PathPart[]): Named<S> {
    const found = this.byKind.get(kind)?.get(name);
    if (!found) {
      const known = [...(this.byKind.get(kind)?.keys() ?? [])];
      throw docError(d, parts, `${kind} "${name}" is not defined`, known.length ? `defined ${kind}s: ${known.join(", ")}` : `add a document with kind: ${kind} and metadata.name: ${name} (in any file read with it)`);
    }
    return found as Named<S>;
  }

  all<S>(kind: Kind): Named<S>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as Named<S>[];
  }
}

/**
 * OpenSLO judges each time slice by the share of its data points that meet the objective
 * (timeSliceTarget). Each point is the user's query as written, taken at every rule
 * evaluation inside the slice (a subquery at the default resolution); the slice is good when
 * the average of `query op bool value` reaches the target.
 */
function goodShare(query: string, op: ComparisonOp, value: number): string {
  return `avg_over_time((${paren(query)} ${op} bool ${exact(value)})[${WINDOW}:])`;
}

/** The PromQL of a metric source, with its range made `{{.window}}` (or, with `template` false, as written). */
function metricQuery(r: Resolver, d: YamlDoc, parts: PathPart[], m: OMetric, template = true): string {
  const src = m.metricSource;
  let type = src.type;
  if (src.metricSourceRef !== undefined) {
    const ds = r.get<{ type: string }>("DataSource", src.metricSourceRef, d, [...parts, "metricSource", "metricSourceRef"]);
    type ??= ds.spec.type;
  }
  if (type !== undefined && type.toLowerCase() !== "prometheus") {
    throw docError(d, [...parts, "metricSource", "type"], `metric source type "${type}" is not supported`, "llmops compiles Prometheus queries only (type: Prometheus)");
  }
  const query = src.spec.query ?? src.spec.promql;
  if (query === undefined) throw docError(d, [...parts, "metricSource", "spec", "query"], "missing required field", "give the PromQL as metricSource.spec.query");
  const t = templateRanges(query);
  if (!t.ok) throw docError(d, [...parts, "metricSource", "spec", src.spec.query !== undefined ? "query" : "promql"], t.problem, "write the query with one range, e.g. sum(rate(http_requests_total{code=~\"5..\"}[5m]))");
  return template ? t.template : query;
}

const OPS: Record<string, ComparisonOp> = { lt: "<", lte: "<=", gt: ">", gte: ">=" };

/** The longest duration a field takes: Prometheus keeps durations in int64 milliseconds; a year is more than any SLO needs. */
const MAX_SECONDS = 366 * 86400;

/** An OpenSLO duration (or minutes, where the field allows a number); only `alertAfter` may be 0. */
function durationText(d: YamlDoc, parts: PathPart[], v: string | number | undefined, fallback: string, zero = false): string {
  if (v === undefined) return fallback;
  const seconds = typeof v === "number" ? v * 60 : parseDuration(v);
  if (seconds === undefined || !Number.isInteger(seconds) || (seconds === 0 && !zero) || seconds < 0) throw docError(d, parts, `${JSON.stringify(v)} is not a duration`, "write a number and one unit: 5m, 1h");
  if (seconds > MAX_SECONDS) throw docError(d, parts, `${JSON.stringify(v)} is longer than a year`, "durations here are minutes, hours or days: 5m, 1h, 1d");
  return seconds === 0 ? "0s" : formatDuration(seconds);
}

function sliOf(r: Resolver, slo: Named<OSLOSpec>): SLISpec {
  const { d, spec } = slo;
  let sli: OSLISpec;
  let sd: YamlDoc = d;
  let base: PathPart[];
  if (spec.indicator && spec.indicatorRef !== undefined) throw docError(d, ["spec", "indicatorRef"], "give indicator or indicatorRef, not both", SPEC_HINT);
  if (spec.indicator) {
    sli = spec.indicator.spec;
    base = ["spec", "indicator", "spec"];
  } else if (spec.indicatorRef !== undefined) {
    const found = r.get<OSLISpec>("SLI", spec.indicatorRef, d, ["spec", "indicatorRef"]);
    sli = found.spec;
    sd = found.d;
    base = ["spec"];
  } else {
    throw docError(d, ["spec", "indicatorRef"], "missing required field", "name an SLI with indicatorRef, or write it inline as indicator");
  }
  const method = spec.budgetingMethod ?? "Occurrences";
  const objective = spec.objectives[0]!;
  if (method === "RatioTimeslices") throw docError(d, ["spec", "budgetingMethod"], "budgetingMethod RatioTimeslices is not supported", "use Occurrences with a ratioMetric, or Timeslices with a thresholdMetric");
  if (sli.ratioMetric) {
    const rm = sli.ratioMetric;
    const at = [...base, "ratioMetric"];
    if (method !== "Occurrences") throw docError(d, ["spec", "budgetingMethod"], `a ratioMetric with budgetingMethod ${method} is not supported`, "use budgetingMethod: Occurrences");
    if (rm.counter === false) throw docError(sd, [...at, "counter"], "ratio metrics that are not counters are not supported", "query counters (counter: true) and take their rate over the range");
    if (rm.raw) throw docError(sd, [...at, "raw"], "raw ratio metrics are not supported", "give good or bad events and total events");
    if (!rm.total) throw docError(sd, [...at, "total"], "missing required field", "a ratio metric needs total events and good or bad events");
    if (!!rm.good === !!rm.bad) throw docError(sd, at, "give good or bad events, not both or neither", SPEC_HINT);
    const total = metricQuery(r, sd, [...at, "total"], rm.total);
    const raw: RawSLISpec = rm.bad
      ? { kind: "raw", errorQuery: metricQuery(r, sd, [...at, "bad"], rm.bad), totalQuery: total }
      : { kind: "raw", goodQuery: metricQuery(r, sd, [...at, "good"], rm.good!), totalQuery: total };
    return raw;
  }
  if (sli.thresholdMetric) {
    if (method !== "Timeslices") throw docError(d, ["spec", "budgetingMethod"], "a thresholdMetric needs budgetingMethod: Timeslices", "each time slice is good or bad by the threshold; the objective is the share of good slices");
    const at: PathPart[] = ["spec", "objectives", 0];
    if (objective.op === undefined || objective.value === undefined) {
      throw docError(d, [...at, objective.op === undefined ? "op" : "value"], "missing required field", "a threshold objective says which values are good: op (lt, lte, gt, gte) and value");
    }
    if (objective.value < 0) throw docError(d, [...at, "value"], `value ${objective.value} is negative`, "the value is the threshold of the measure (a latency, a cost, a count), 0 or more");
    const share = objective.timeSliceTarget;
    if (share === undefined) throw docError(d, [...at, "timeSliceTarget"], "missing required field", "with budgetingMethod: Timeslices, timeSliceTarget is the share of a slice that must be good for the slice to be good, e.g. 0.95");
    if (!(share > 0 && share <= 1)) throw docError(d, [...at, "timeSliceTarget"], `timeSliceTarget ${share} is out of range`, "timeSliceTarget is a ratio above 0 and at most 1, e.g. 0.95 (not a percent)");
    const slice = durationText(d, [...at, "timeSliceWindow"], objective.timeSliceWindow, "5m");
    const ts: TimesliceSLISpec = {
      kind: "timeslice",
      measure: { query: goodShare(metricQuery(r, sd, [...base, "thresholdMetric"], sli.thresholdMetric, false), OPS[objective.op]!, objective.value) },
      op: ">=",
      threshold: exact(share),
      slice,
    };
    return ts;
  }
  throw docError(sd, base, "the SLI has neither ratioMetric nor thresholdMetric", SPEC_HINT);
}

function conditionsOf(r: Resolver, item: OPolicyItem, d: YamlDoc, parts: PathPart[]): { d: YamlDoc; parts: PathPart[]; spec: OConditionSpec }[] {
  let policy: OPolicySpec;
  let pd = d;
  let base: PathPart[];
  if (typeof item === "string" || "alertPolicyRef" in item) {
    const name = typeof item === "string" ? item : item.alertPolicyRef;
    const found = r.get<OPolicySpec>("AlertPolicy", name, d, typeof item === "string" ? parts : [...parts, "alertPolicyRef"]);
    policy = found.spec;
    pd = found.d;
    base = ["spec"];
  } else {
    policy = item.spec;
    base = [...parts, "spec"];
  }
  return policy.conditions.map((c, i) => {
    const at = [...base, "conditions", i];
    if ("conditionRef" in c) {
      const found = r.get<OConditionSpec>("AlertCondition", c.conditionRef, pd, [...at, "conditionRef"]);
      return { d: found.d, parts: ["spec"], spec: found.spec };
    }
    if (!("spec" in c)) throw docError(pd, at, "a condition needs conditionRef or an inline AlertCondition", SPEC_HINT);
    return { d: pd, parts: [...at, "spec"], spec: c.spec };
  });
}

const PAGE_SEVERITY = /^(page|critical|high|p[01])$/i;

/** Burn-rate conditions → tiers: page for page/critical severities (or factors ≥ 6 without one), ticket otherwise. */
function tiersOf(r: Resolver, slo: Named<OSLOSpec>, period: number): { page: TierSpec; ticket: TierSpec } | undefined {
  const items = slo.spec.alertPolicies;
  if (!items?.length) return undefined;
  const tiers = { page: { windows: [] } as TierSpec, ticket: { windows: [] } as TierSpec };
  items.forEach((item, i) => {
    for (const c of conditionsOf(r, item, slo.d, ["spec", "alertPolicies", i])) {
      const cond = c.spec.condition;
      if (cond.op !== "gt" && cond.op !== "gte") throw docError(c.d, [...c.parts, "condition", "op"], `burn-rate op "${cond.op}" is not supported`, "alert when the burn rate is above the threshold: op: gt");
      const long = parseDuration(cond.lookbackWindow);
      if (!long) throw docError(c.d, [...c.parts, "condition", "lookbackWindow"], `"${cond.lookbackWindow}" is not a duration`, "write a number and one unit: 1h, 6h, 1d");
      // The short window is 1/12 of the lookback; both must fit in the SLO's period.
      if (Math.round(long / 12) < 1 || long >= period) throw docError(c.d, [...c.parts, "condition", "lookbackWindow"], `lookback window "${cond.lookbackWindow}" does not fit`, `the lookback is shorter than the SLO's time window (${formatDuration(period)}), and long enough for its short window, 1/12 of it, to last a second`);
      if (!(cond.threshold > 0)) throw docError(c.d, [...c.parts, "condition", "threshold"], `burn-rate threshold ${cond.threshold} must be above 0`, "the threshold is a burn rate, e.g. 14.4: the budget of 30 days burnt in about 2 days");
      const sev = c.spec.severity;
      const name = sev !== undefined ? (PAGE_SEVERITY.test(sev) ? "page" : "ticket") : cond.threshold >= 6 ? "page" : "ticket";
      const t = tiers[name];
      t.windows!.push({ long: formatDuration(long), factor: exact(cond.threshold) });
      if (sev !== undefined && t.severity === undefined) t.severity = sev;
      if (cond.alertAfter !== undefined && t.for === undefined) t.for = durationText(c.d, [...c.parts, "condition", "alertAfter"], cond.alertAfter, "0s", true);
    }
  });
  const out = (t: TierSpec): TierSpec => (t.windows!.length ? t : { disabled: true });
  return { page: out(tiers.page), ticket: out(tiers.ticket) };
}

function objectivePercent(slo: Named<OSLOSpec>): number {
  const { d, spec } = slo;
  if (spec.objectives.length > 1) throw docError(d, ["spec", "objectives", 1], "more than one objective is not supported", "write one SLO per objective");
  const o = spec.objectives[0]!;
  for (const f of ["indicator", "indicatorRef"] as const) {
    if (o[f] !== undefined) throw docError(d, ["spec", "objectives", 0, f], "composite SLOs (an indicator per objective) are not supported", "give the SLI once, as spec.indicator or spec.indicatorRef");
  }
  if (o.target !== undefined && o.targetPercent !== undefined) throw docError(d, ["spec", "objectives", 0, "targetPercent"], "give target or targetPercent, not both", SPEC_HINT);
  if (o.target !== undefined) {
    if (!(o.target > 0 && o.target < 1)) throw docError(d, ["spec", "objectives", 0, "target"], `target ${o.target} is out of range`, "target is a ratio between 0 and 1, e.g. 0.999; or write targetPercent: 99.9");
    checkObjectiveDecimals(d, ["spec", "objectives", 0, "target"], o.target, "ratio");
    return exact(o.target * 100);
  }
  if (o.targetPercent !== undefined) {
    if (!(o.targetPercent > 0 && o.targetPercent < 100)) throw docError(d, ["spec", "objectives", 0, "targetPercent"], `targetPercent ${o.targetPercent} is out of range`, "targetPercent is a percentage above 0 and below 100, e.g. 99.9; or write target: 0.999");
    checkObjectiveDecimals(d, ["spec", "objectives", 0, "targetPercent"], o.targetPercent, "percent");
    return o.targetPercent;
  }
  throw docError(d, ["spec", "objectives", 0, "target"], "missing required field", "give the objective as target (0.999) or targetPercent (99.9)");
}

/** A rolling window, or (`calendar` given, `isRolling` then false unless said otherwise) a calendar-aligned one. */
function windowOf(slo: Named<OSLOSpec>): SLOSpec["window"] {
  const w = slo.spec.timeWindow?.[0];
  if (!w) return undefined;
  const at: PathPart[] = ["spec", "timeWindow", 0];
  if (w.calendar) {
    if (w.isRolling === true) throw docError(slo.d, [...at, "isRolling"], "a rolling time window takes no calendar", "for a calendar-aligned window write isRolling: false (or leave it out); for a rolling one drop calendar");
    return calendarWindow(slo.d, at, w.duration, w.calendar as OCalendar);
  }
  if (w.isRolling === false) throw docError(slo.d, [...at, "calendar"], "a calendar-aligned time window (isRolling: false) needs calendar", "give calendar: { startTime: 2024-01-01 00:00:00, timeZone: UTC } with duration 1w, 1M or 1Q, or make the window rolling: isRolling: true");
  if (!/^[1-9][0-9]*[dw]$/.test(w.duration)) throw docError(slo.d, [...at, "duration"], `time window "${w.duration}" is not supported`, "rolling windows are whole days or weeks: 7d, 28d, 30d, 4w");
  return w.duration;
}

/** The length the SLO's burn-rate factors use: a calendar period's nominal one. */
const periodSecondsOf = (window: SLOSpec["window"]): number => (typeof window === "object" ? NOMINAL_SECONDS[window.calendar] : parseDuration(window ?? DEFAULT_WINDOW)!);

export function opensloServices(docs: YamlDoc[]): ServiceSpec[] {
  for (const d of docs) checkOpensloText(d);
  const r = new Resolver(index(docs));
  const services = new Map<string, { spec: ServiceSpec; slos: SLOSpec[] }>();
  for (const slo of r.all<OSLOSpec>("SLO")) {
    const window = windowOf(slo);
    const tiers = tiersOf(r, slo, periodSecondsOf(window));
    const spec: SLOSpec = {
      name: slo.name,
      objective: objectivePercent(slo),
      ...(window ? { window } : {}),
      ...(slo.spec.description !== undefined ? { description: slo.spec.description } : {}),
      sli: sliOf(r, slo),
      ...(tiers ? { alerting: tiers } : {}),
    };
    const name = slo.spec.service;
    let s = services.get(name);
    if (!s) {
      const svc = r.all<unknown>("Service").find((x) => x.name === name);
      const slos: SLOSpec[] = [];
      s = { spec: rememberAt({ name, slos }, docSource(svc?.d ?? slo.d, svc ? ["metadata", "name"] : ["spec", "service"])), slos };
      services.set(name, s);
    }
    s.slos.push(rememberAt(spec, docSource(slo.d, ["metadata", "name"])));
  }
  return [...services.values()].map((s) => s.spec);
}
