/**
 * OpenSLO `openslo/v1alpha` SLOs, the form Sloth reads: the SLI is `indicator.thresholdMetric`
 * (with each objective's `op` and `value`) or each objective's own `ratioMetrics` (good and
 * total), metric sources are `source`/`queryType`/`query`, and the window is a `count` of a
 * `unit`. Each objective compiles through the same builders as v1's.
 */
import type { SLISpec } from "../dsl/spec.ts";
import { exact } from "../model/numbers.ts";
import { eventsTemplate, ratioSLI, SPEC_HINT, thresholdQuery, thresholdSLI, v1alphaQuery, type Method } from "./opensloQueries.ts";
import type { OV1alphaSLOSpec } from "./schemas/openslo.ts";
import { checkObjectiveDecimals } from "./translated.ts";
import { docError, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** One objective of an SLO as the model takes it, before it is named. */
export interface ObjectiveSpec {
  /** Where the objective is written. */
  at: PathPart[];
  displayName?: string;
  objective: number;
  sli: SLISpec;
}

const DAY = 86400;
/** Days of the units a rolling window is counted in; months, quarters and years as 30, 90 and 365 days. */
const UNIT_DAYS: Record<string, number> = { Day: 1, Week: 7, Month: 30, Quarter: 90, Year: 365 };
const UNIT_SECONDS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600 };

/** A rolling `count` of `unit` as days (or weeks); a calendar-aligned window is refused. */
export function v1alphaWindow(d: YamlDoc, spec: OV1alphaSLOSpec): string | undefined {
  const w = spec.timeWindows?.[0];
  if (!w) return undefined;
  const at: PathPart[] = ["spec", "timeWindows", 0];
  const zoneOnly = w.calendar !== undefined && w.calendar.startTime === undefined;
  if ((w.calendar && !(w.isRolling === true && zoneOnly)) || w.isRolling === false) {
    throw docError(d, [...at, w.calendar ? "calendar" : "isRolling"], "calendar-aligned time windows of openslo/v1alpha are not supported", "use a rolling window (count: 30, unit: Day, isRolling: true), or write the SLO as openslo/v1");
  }
  if (w.unit === "Week") return `${w.count}w`;
  const days = UNIT_DAYS[w.unit];
  if (days !== undefined) return `${w.count * days}d`;
  const seconds = w.count * UNIT_SECONDS[w.unit]!;
  if (seconds % DAY) throw docError(d, [...at, "count"], `a rolling window of ${w.count} ${w.unit.toLowerCase()}s is not whole days`, "SLO windows are whole days: count: 30, unit: Day");
  return `${seconds / DAY}d`;
}

function percentOf(d: YamlDoc, at: PathPart[], target: number | undefined): number {
  if (target === undefined) throw docError(d, [...at, "target"], "missing required field", "give the objective as target, a ratio such as 0.999");
  if (!(target > 0 && target < 1)) throw docError(d, [...at, "target"], `target ${target} is out of range`, "target is a ratio between 0 and 1, e.g. 0.999");
  checkObjectiveDecimals(d, [...at, "target"], target, "ratio");
  return exact(target * 100);
}

/** The objectives of a v1alpha SLO, each with its SLI. */
export function v1alphaObjectives(d: YamlDoc, spec: OV1alphaSLOSpec): ObjectiveSpec[] {
  const method: Method = spec.budgetingMethod ?? "Occurrences";
  const threshold = spec.indicator && thresholdQuery(v1alphaQuery(d, ["spec", "indicator", "thresholdMetric"], spec.indicator.thresholdMetric));
  return spec.objectives.map((o, i) => {
    const at: PathPart[] = ["spec", "objectives", i];
    const rm = o.ratioMetrics;
    let sli: SLISpec;
    if (rm) {
      if (threshold !== undefined) throw docError(d, [...at, "ratioMetrics"], "give indicator.thresholdMetric or each objective's ratioMetrics, not both", SPEC_HINT);
      const counter = rm.incremental ?? rm.counter;
      const mAt = [...at, "ratioMetrics"];
      const good = eventsTemplate(v1alphaQuery(d, [...mAt, "good"], rm.good), counter);
      const total = eventsTemplate(v1alphaQuery(d, [...mAt, "total"], rm.total), counter);
      sli = ratioSLI({ events: { good, total } }, method, { d, at, o });
    } else if (threshold !== undefined) {
      sli = thresholdSLI(threshold, method, { d, at, o });
    } else {
      throw docError(d, [...at, "ratioMetrics"], "missing required field", "give each objective its ratioMetrics (good and total), or the SLO an indicator.thresholdMetric");
    }
    return { at, ...(o.displayName !== undefined ? { displayName: o.displayName } : {}), objective: percentOf(d, at, o.target), sli };
  });
}
