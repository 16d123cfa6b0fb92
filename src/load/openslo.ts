/**
 * OpenSLO v1 (and v1alpha) → service specs. Documents of every file, and the objects of a
 * document that is a list of them, are read together and references (`indicatorRef`,
 * `alertPolicies`, `conditionRef`, `metricSourceRef`) resolved by name. Every objective of an
 * SLO becomes an llmops SLO; its ratio or threshold metric an SLI by the budgeting method
 * (opensloQueries.ts), burn-rate AlertConditions explicit tiers. Objects no SLO refers to are
 * checked all the same.
 */
import type { ServiceSpec, SLISpec, SLOSpec, TierSpec } from "../dsl/spec.ts";
import { rememberAt } from "../dsl/source.ts";
import { parseDuration, formatDuration } from "../model/duration.ts";
import { exact } from "../model/numbers.ts";
import { checkOpensloText } from "./opensloMeta.ts";
import { checkObjectiveDecimals } from "./translated.ts";
import { durationText, ratioSLI, SPEC_HINT, thresholdQuery, thresholdSLI, v1Query, v1Ratio, type Method, type Sources } from "./opensloQueries.ts";
import { calendarWindow, type OCalendar } from "./opensloCalendar.ts";
import { NOMINAL_SECONDS } from "../model/calendar.ts";
import type { OConditionSpec, OObjective, OPolicyItem, OPolicySpec, OSLISpec, OSLOSpec, OV1alphaSLOSpec } from "./schemas/openslo.ts";
import { docError, docName, docSource, fieldPath, type PathPart, type YamlDoc } from "./yamlDocs.ts";
import { v1alphaObjectives, v1alphaWindow, type ObjectiveSpec } from "./opensloV1alpha.ts";

/** The SLO period the model takes when timeWindow is left out. */
const DEFAULT_WINDOW = "30d";

interface Named<S> {
  d: YamlDoc;
  name: string;
  /** `openslo/v1` or `openslo/v1alpha`. */
  version: string;
  spec: S;
}

type Kind = "SLO" | "SLI" | "Service" | "AlertPolicy" | "AlertCondition" | "DataSource" | "AlertNotificationTarget";

function index(docs: YamlDoc[]): Map<string, Map<string, Named<unknown>>> {
  const byKind = new Map<string, Map<string, Named<unknown>>>();
  for (const d of docs) {
    const { apiVersion, kind, metadata, spec } = d.data as { apiVersion: string; kind: Kind; metadata: { name: string }; spec: unknown };
    const m = byKind.get(kind) ?? new Map<string, Named<unknown>>();
    byKind.set(kind, m);
    const before = m.get(metadata.name);
    if (before) throw docError(d, ["metadata", "name"], `${kind} "${metadata.name}" is defined twice`, `rename one; the other is ${docName(before.d)} of ${before.d.file}`);
    m.set(metadata.name, { d, name: metadata.name, version: apiVersion, spec });
  }
  return byKind;
}

class Resolver implements Sources {
  constructor(private readonly byKind: Map<string, Map<string, Named<unknown>>>) {}

  get<S>(kind: Kind, name: string, d: YamlDoc, parts: PathPart[]): Named<S> {
    const found = this.byKind.get(kind)?.get(name);
    if (!found) throw this.undefinedError(kind, name, d, parts);
    return found as Named<S>;
  }

  find(name: string): Named<{ type: string }> | undefined {
    return this.byKind.get("DataSource")?.get(name) as Named<{ type: string }> | undefined;
  }

  missing(name: string, d: YamlDoc, parts: PathPart[]): Error {
    return this.undefinedError("DataSource", name, d, parts, "; or give the metric source its type inline: type: Prometheus");
  }

  private undefinedError(kind: Kind, name: string, d: YamlDoc, parts: PathPart[], or = ""): Error {
    const known = [...(this.byKind.get(kind)?.keys() ?? [])];
    return docError(d, parts, `${kind} "${name}" is not defined`, known.length ? `defined ${kind}s: ${known.join(", ")}${or}` : `add a document with kind: ${kind} and metadata.name: ${name}, in any file read with it${or}`);
  }

  all<S>(kind: Kind): Named<S>[] {
    return [...(this.byKind.get(kind)?.values() ?? [])] as Named<S>[];
  }
}

/** An SLI as written and where: a document of its own, or inline in an SLO. */
interface SLIAt {
  d: YamlDoc;
  base: PathPart[];
  sli: OSLISpec;
}

/** The SLI of a v1 SLO. */
function indicatorOf(r: Resolver, slo: Named<OSLOSpec>): SLIAt {
  const { d, spec } = slo;
  if (spec.indicator && spec.indicatorRef !== undefined) throw docError(d, ["spec", "indicatorRef"], "give indicator or indicatorRef, not both", SPEC_HINT);
  if (spec.indicator) return { d, base: ["spec", "indicator", "spec"], sli: spec.indicator.spec };
  if (spec.indicatorRef !== undefined) {
    const found = r.get<OSLISpec>("SLI", spec.indicatorRef, d, ["spec", "indicatorRef"]);
    return { d: found.d, base: ["spec"], sli: found.spec };
  }
  throw docError(d, ["spec", "indicatorRef"], "missing required field", "name an SLI with indicatorRef, or write it inline as indicator");
}

/** What an SLI measures, checked whether or not an SLO uses it: a ratio, or a threshold metric's query. */
function measureOf(r: Resolver, { d, base, sli }: SLIAt): { ratio: ReturnType<typeof v1Ratio> } | { threshold: string } {
  if (sli.ratioMetric && sli.thresholdMetric) throw docError(d, [...base, "thresholdMetric"], "give ratioMetric or thresholdMetric, not both", SPEC_HINT);
  if (sli.ratioMetric) return { ratio: v1Ratio(r, d, [...base, "ratioMetric"], sli.ratioMetric) };
  if (sli.thresholdMetric) return { threshold: thresholdQuery(v1Query(r, d, [...base, "thresholdMetric"], sli.thresholdMetric)) };
  throw docError(d, base, "the SLI has neither ratioMetric nor thresholdMetric", SPEC_HINT);
}

/** The objectives of a v1 SLO, each with its SLI by the budgeting method. */
function objectivesOf(r: Resolver, slo: Named<OSLOSpec>): ObjectiveSpec[] {
  const { d, spec } = slo;
  const measure = measureOf(r, indicatorOf(r, slo));
  const method: Method = spec.budgetingMethod ?? "Occurrences";
  return spec.objectives.map((o, i) => {
    const at: PathPart[] = ["spec", "objectives", i];
    for (const f of ["indicator", "indicatorRef"] as const) {
      if (o[f] !== undefined) throw docError(d, [...at, f], "composite SLOs (an indicator per objective) are not supported", "give the SLI once, as spec.indicator or spec.indicatorRef");
    }
    const objective = objectivePercent(d, at, o);
    const sli: SLISpec = "ratio" in measure ? ratioSLI(measure.ratio, method, { d, at, o }) : thresholdSLI(measure.threshold, method, { d, at, o });
    return { at, ...(o.displayName !== undefined ? { displayName: o.displayName } : {}), objective, sli };
  });
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

/** A burn-rate condition's own fields, whichever SLO uses it: the lookback in seconds. */
function checkCondition(c: { d: YamlDoc; parts: PathPart[]; spec: OConditionSpec }): number {
  const cond = c.spec.condition;
  if (cond.op !== "gt" && cond.op !== "gte") throw docError(c.d, [...c.parts, "condition", "op"], `burn-rate op "${cond.op}" is not supported`, "alert when the burn rate is above the threshold: op: gt");
  const long = parseDuration(cond.lookbackWindow);
  if (!long) throw docError(c.d, [...c.parts, "condition", "lookbackWindow"], `"${cond.lookbackWindow}" is not a duration`, "write a number and one unit: 1h, 6h, 1d");
  if (!(cond.threshold > 0)) throw docError(c.d, [...c.parts, "condition", "threshold"], `burn-rate threshold ${cond.threshold} must be above 0`, "the threshold is a burn rate, e.g. 14.4: the budget of 30 days burnt in about 2 days");
  durationText(c.d, [...c.parts, "condition", "alertAfter"], cond.alertAfter, "0s", true);
  return long;
}

/**
 * Burn-rate conditions → tiers: page for page/critical severities (or factors ≥ 6 without one),
 * ticket otherwise. A tier waits for its first condition's alertAfter, by default the
 * specification's 0m.
 */
function tiersOf(r: Resolver, slo: Named<OSLOSpec>, period: number): { page: TierSpec; ticket: TierSpec } | undefined {
  const items = slo.spec.alertPolicies;
  if (!items?.length) return undefined;
  const tiers = { page: { windows: [] } as TierSpec, ticket: { windows: [] } as TierSpec };
  items.forEach((item, i) => {
    for (const c of conditionsOf(r, item, slo.d, ["spec", "alertPolicies", i])) {
      const cond = c.spec.condition;
      const long = checkCondition(c);
      // The short window is 1/12 of the lookback; both must fit in the SLO's period.
      if (Math.round(long / 12) < 1 || long >= period) throw docError(c.d, [...c.parts, "condition", "lookbackWindow"], `lookback window "${cond.lookbackWindow}" does not fit`, `the lookback is shorter than the SLO's time window (${formatDuration(period)}), and long enough for its short window, 1/12 of it, to last a second`);
      const sev = c.spec.severity;
      const name = sev !== undefined ? (PAGE_SEVERITY.test(sev) ? "page" : "ticket") : cond.threshold >= 6 ? "page" : "ticket";
      const t = tiers[name];
      t.windows!.push({ long: formatDuration(long), factor: exact(cond.threshold) });
      if (sev !== undefined && t.severity === undefined) t.severity = sev;
      if (t.for === undefined) t.for = durationText(c.d, [...c.parts, "condition", "alertAfter"], cond.alertAfter, "0s", true);
    }
  });
  const out = (t: TierSpec): TierSpec => (t.windows!.length ? t : { disabled: true });
  return { page: out(tiers.page), ticket: out(tiers.ticket) };
}

const DAY = 86400;
/** Days of the duration units longer than a week: a month is 30 days, a quarter 90, a year 365. */
const LONG_UNIT_DAYS: Record<string, number> = { M: 30, Q: 90, Y: 365 };

/**
 * A rolling window as the model takes it, in days or weeks: months, quarters and years of the
 * duration shorthand count 30, 90 and 365 days, minutes and hours must make whole days. A time
 * zone beside it changes nothing: a rolling window is the last N days wherever it is read.
 */
function rollingWindow(d: YamlDoc, at: PathPart[], duration: string, timeZone?: string): string {
  if (timeZone !== undefined && !isTimeZone(timeZone)) throw docError(d, [...at, "calendar", "timeZone"], `${JSON.stringify(timeZone)} is not a time zone`, "name a zone of the IANA Time Zone Database, e.g. UTC or America/New_York");
  const m = /^([1-9][0-9]*)([mhdwMQY])$/.exec(duration);
  if (!m) throw docError(d, [...at, "duration"], `time window "${duration}" is not supported`, "rolling windows are a number and one unit: 7d, 28d, 30d, 4w, 1M (30 days)");
  const n = Number(m[1]);
  const unit = m[2]!;
  if (unit === "d" || unit === "w") return duration;
  const long = LONG_UNIT_DAYS[unit];
  if (long !== undefined) return `${n * long}d`;
  const seconds = n * (unit === "h" ? 3600 : 60);
  if (seconds % DAY) throw docError(d, [...at, "duration"], `time window "${duration}" is not whole days`, "rolling windows are whole days or weeks: 7d, 28d, 30d, 4w");
  return `${seconds / DAY}d`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An objective's target in percent. */
function objectivePercent(d: YamlDoc, at: PathPart[], o: OObjective): number {
  if (o.target !== undefined && o.targetPercent !== undefined) throw docError(d, [...at, "targetPercent"], "give target or targetPercent, not both", SPEC_HINT);
  if (o.target !== undefined) {
    if (!(o.target > 0 && o.target < 1)) throw docError(d, [...at, "target"], `target ${o.target} is out of range`, "target is a ratio between 0 and 1, e.g. 0.999; or write targetPercent: 99.9");
    checkObjectiveDecimals(d, [...at, "target"], o.target, "ratio");
    return exact(o.target * 100);
  }
  if (o.targetPercent !== undefined) {
    if (!(o.targetPercent > 0 && o.targetPercent < 100)) throw docError(d, [...at, "targetPercent"], `targetPercent ${o.targetPercent} is out of range`, "targetPercent is a percentage above 0 and below 100, e.g. 99.9; or write target: 0.999");
    checkObjectiveDecimals(d, [...at, "targetPercent"], o.targetPercent, "percent");
    return o.targetPercent;
  }
  throw docError(d, [...at, "target"], "missing required field", "give the objective as target (0.999) or targetPercent (99.9)");
}

/** A rolling window, or (`calendar` given, `isRolling` then false unless said otherwise) a calendar-aligned one. */
function windowOf(slo: Named<OSLOSpec>): SLOSpec["window"] {
  const w = slo.spec.timeWindow?.[0];
  if (!w) return undefined;
  const at: PathPart[] = ["spec", "timeWindow", 0];
  if (w.isRolling === true && w.calendar && w.calendar.startTime === undefined) return rollingWindow(slo.d, at, w.duration, w.calendar.timeZone);
  if (w.calendar) {
    if (w.isRolling === true) throw docError(slo.d, [...at, "isRolling"], "a rolling time window takes no calendar", "for a calendar-aligned window write isRolling: false (or leave it out); for a rolling one drop calendar");
    return calendarWindow(slo.d, at, w.duration, w.calendar as OCalendar);
  }
  if (w.isRolling === false) throw docError(slo.d, [...at, "calendar"], "a calendar-aligned time window (isRolling: false) needs calendar", "give calendar: { startTime: 2024-01-01 00:00:00, timeZone: UTC } with duration 1w, 1M or 1Q, or make the window rolling: isRolling: true");
  return rollingWindow(slo.d, at, w.duration);
}

/** The length the SLO's burn-rate factors use: a calendar period's nominal one. */
const periodSecondsOf = (window: SLOSpec["window"]): number => (typeof window === "object" ? NOMINAL_SECONDS[window.calendar] : parseDuration(window ?? DEFAULT_WINDOW)!);

/**
 * The llmops name of an objective: the SLO's own for its only objective, else the SLO's
 * followed by the objective's displayName in lowercase letters, digits and dashes (or, without
 * one, its index): `checkout-availability-fast-requests`, `checkout-availability-1`.
 */
function objectiveName(slo: string, o: ObjectiveSpec, i: number, count: number): string {
  if (count === 1) return slo;
  const words = (o.displayName ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${slo}-${words || i}`;
}

/** Every SLI, alert policy and condition, used by an SLO or not, is checked as the SLOs' are. */
function checkAll(r: Resolver): void {
  for (const sli of r.all<OSLISpec>("SLI")) measureOf(r, { d: sli.d, base: ["spec"], sli: sli.spec });
  for (const p of r.all<OPolicySpec>("AlertPolicy")) for (const c of conditionsOf(r, p.name, p.d, ["metadata", "name"])) checkCondition(c);
  for (const c of r.all<OConditionSpec>("AlertCondition")) checkCondition({ d: c.d, parts: ["spec"], spec: c.spec });
}

export function opensloServices(docs: YamlDoc[]): ServiceSpec[] {
  for (const d of docs) checkOpensloText(d);
  const r = new Resolver(index(docs));
  checkAll(r);
  const services = new Map<string, { spec: ServiceSpec; slos: SLOSpec[]; names: Map<string, { d: YamlDoc; at: PathPart[] }> }>();
  const add = (slo: Named<unknown>, service: string, window: SLOSpec["window"], description: string | undefined, tiers: ReturnType<typeof tiersOf>, objectives: ObjectiveSpec[]) => {
    let s = services.get(service);
    if (!s) {
      const svc = r.all<unknown>("Service").find((x) => x.name === service);
      const slos: SLOSpec[] = [];
      s = { spec: rememberAt({ name: service, slos }, docSource(svc?.d ?? slo.d, svc ? ["metadata", "name"] : ["spec", "service"])), slos, names: new Map() };
      services.set(service, s);
    }
    objectives.forEach((o, i) => {
      const name = objectiveName(slo.name, o, i, objectives.length);
      const at: PathPart[] = objectives.length === 1 ? ["metadata", "name"] : o.displayName !== undefined ? [...o.at, "displayName"] : o.at;
      const taken = s.names.get(name);
      if (taken) {
        throw docError(slo.d, at, `SLO "${name}" is defined twice in service "${service}"`, `the other is ${docName(taken.d)} of ${taken.d.file}${taken.at[0] === "spec" ? ` (${fieldPath(taken.at)})` : ""}; an SLO of several objectives names each after its displayName: give them names that differ in letters or digits`);
      }
      s.names.set(name, { d: slo.d, at });
      const spec: SLOSpec = {
        name,
        objective: o.objective,
        ...(window ? { window } : {}),
        ...(description !== undefined ? { description } : {}),
        sli: o.sli,
        ...(tiers ? { alerting: tiers } : {}),
      };
      s.slos.push(rememberAt(spec, docSource(slo.d, at)));
    });
  };
  for (const slo of r.all<OSLOSpec>("SLO")) {
    if (slo.version === "openslo/v1alpha") {
      const spec = slo.spec as unknown as OV1alphaSLOSpec;
      add(slo, spec.service, v1alphaWindow(slo.d, spec), spec.description, undefined, v1alphaObjectives(slo.d, spec));
      continue;
    }
    const window = windowOf(slo);
    const tiers = tiersOf(r, slo, periodSecondsOf(window));
    add(slo, slo.spec.service, window, slo.spec.description, tiers, objectivesOf(r, slo));
  }
  return [...services.values()].map((s) => s.spec);
}
