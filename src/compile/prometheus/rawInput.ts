/**
 * Input series for an SLI given as the user's own PromQL (Sloth, OpenSLO, Pyrra, `sli.raw`):
 * raw counters for the selectors of the query, never the recordings it produces, so a test
 * proves the user's query and llmops's rules over it together.
 *
 * The series are found, not guessed: for each selector, a series it selects (and, beside a
 * selector of the same metric with more matchers, one the other does not select); then rates
 * for one or two of them such that the SLO's own long-window recording, evaluated over steady
 * counters (src/promql/steady.ts), reads the wanted error ratio. Series a solution does not use
 * are left out, as they are in Prometheus before their first event: a full outage has no good
 * series and a healthy service no error series; only where the query needs it (a histogram's
 * bucket) is a series present at rest. A query grouped `by (…)` gets two groups, one
 * at the wanted ratio and one healthy, and the labels the failing group's recordings carry are
 * the ones the evaluator finds the query returns.
 *
 * Undefined when the query is beyond the evaluator (instant gauges, subqueries, comparisons…)
 * or no such series exist: the caller then drives the recorded ratios instead.
 */
import type { Matcher } from "../../model/conventions.ts";
import type { SLO } from "../../model/types.ts";
import { memo } from "../../memo.ts";
import { groupingLabels, selectorsOf, steadyQuery, Unsteady, type SelectorRef, type SteadySeries } from "../../promql/steady.ts";
import { rec } from "./names.ts";
import { sliRecordingRules } from "./sliRules.ts";
import { counter, labelsFor, labelsOutside, seriesText, SynthError } from "./synth.ts";

export interface RawCase {
  input: { series: string; values: string }[];
  /** The labels of the failing group's recordings, before llmops's own. */
  labels: Record<string, string>;
}
export type RawDrive = (ratio: number, steps: number, eventsPerStep: number) => RawCase | undefined;

interface Candidate {
  series: string;
  labels: Record<string, string>;
}

const same = (a: Matcher, b: Matcher) => a.label === b.label && a.op === b.op && a.value === b.value;
const holds = (labels: Record<string, string>, group: Record<string, string>) => Object.entries(group).every(([k, v]) => labels[k] === v);

/** Series the selectors of the query select, each carrying the group's labels. */
function candidates(selectors: SelectorRef[], group: Record<string, string>): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (series: string, labels: Record<string, string>) => {
    if (!holds(labels, group)) return;
    const key = seriesText(series, labels);
    if (!out.has(key)) out.set(key, { series, labels });
  };
  const groupEq: Matcher[] = Object.entries(group).map(([label, value]) => ({ label, op: "=", value }));
  const attempt = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof SynthError)) throw e;
    }
  };
  for (const s of selectors) attempt(() => add(s.series, labelsFor({ series: s.series, matchers: s.matchers }, group)));
  for (const s of selectors) {
    for (const t of selectors) {
      if (s === t || s.series !== t.series) continue;
      const extra = s.matchers.filter((m) => !t.matchers.some((x) => same(x, m)));
      if (!extra.length) continue;
      attempt(() => add(t.series, labelsOutside({ series: t.series, matchers: [...t.matchers, ...groupEq] }, extra)));
    }
  }
  return [...out.values()];
}

/** The one sample the query returns over these rates, or undefined. */
type Probe = (rates: Map<Candidate, number>) => { value: number; labels: Record<string, string> } | undefined;

function probeOf(query: (s: SteadySeries[]) => ReturnType<ReturnType<typeof steadyQuery>>): Probe {
  return (rates) => {
    const series: SteadySeries[] = [...rates].map(([c, rate]) => ({ labels: { ...c.labels, __name__: c.series }, rate }));
    const out = query(series);
    if (out.length !== 1 || !Number.isFinite(out[0]!.value)) return undefined;
    return out[0]!;
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Rates (events per step) for one or two candidates that make the probe read `ratio`. */
function solve(cands: Candidate[], probe: Probe, ratio: number, events: number): Map<Candidate, number> | undefined {
  // One series alone; then one beside the others at rest (present, not growing), as a
  // histogram's buckets are there before their first observation.
  for (const rest of [false, true]) {
    for (const c of cands) {
      const rates = new Map(cands.filter((x) => rest || x === c).map((x) => [x, x === c ? events : 0]));
      const got = probe(rates);
      if (got && close(got.value, ratio)) return rates;
    }
  }
  const EPS = 1e-6;
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const at = (a: number) => new Map([
        [cands[i]!, a * events],
        [cands[j]!, (1 - a) * events],
      ]);
      const f = (a: number) => probe(at(a))?.value;
      let lo = EPS;
      let hi = 1 - EPS;
      const flo = f(lo);
      const fhi = f(hi);
      if (flo === undefined || fhi === undefined || (flo - ratio) * (fhi - ratio) > 0) continue;
      const rising = fhi > flo;
      for (let n = 0; n < 80; n++) {
        const mid = (lo + hi) / 2;
        const v = f(mid);
        if (v === undefined) break;
        if (v < ratio === rising) lo = mid;
        else hi = mid;
      }
      const a = Number(((lo + hi) / 2).toPrecision(12));
      const got = f(a);
      if (got !== undefined && close(got, ratio)) return at(a);
    }
  }
  return undefined;
}

/** The query whose value is the SLO's error ratio over a long window, read from raw series only. */
function ratioQuery(slo: SLO): string | undefined {
  const w = slo.windows.find((x) => x !== "5m");
  if (!w) return undefined;
  return sliRecordingRules(slo).find((r) => r.record === rec.errorRatio(w))?.expr;
}

/** Values for the labels the query groups by: fixed by an equality matcher, else free (two groups). */
function groupsOf(query: string, selectors: SelectorRef[]): Record<string, string>[] {
  const fixed: Record<string, string> = {};
  const free: string[] = [];
  for (const g of groupingLabels(query)) {
    const ms = selectors.flatMap((s) => s.matchers.filter((m) => m.label === g));
    const eq = ms.find((m) => m.op === "=");
    if (eq) fixed[g] = eq.value;
    else if (!ms.length) free.push(g);
    // Other matchers on the label: labelsFor picks a value they accept, one group.
  }
  if (!free.length) return [fixed];
  return ["a", "b"].map((v) => ({ ...fixed, ...Object.fromEntries(free.map((g) => [g, `${g}-${v}`])) }));
}

const drives = new WeakMap<SLO, RawDrive | null>();

export function rawDrive(slo: SLO): RawDrive | undefined {
  return (
    memo(drives, slo, (): RawDrive | null => {
      if (slo.sli.kind !== "raw") return null;
      const expr = ratioQuery(slo);
      if (!expr) return null;
      try {
        const selectors = selectorsOf(expr);
        // A query over llmops's own recordings has no raw series to drive.
        if (!selectors.length || selectors.some((s) => s.series.startsWith("slo:"))) return null;
        const probe = probeOf(steadyQuery(expr));
        const groups = groupsOf(expr, selectors).map((g) => candidates(selectors, g));
        if (groups.some((c) => !c.length)) return null;
        const drive: RawDrive = (ratio, steps, events) => {
          const failing = solve(groups[0]!, probe, ratio, events);
          const healthy = groups.slice(1).map((c) => solve(c, probe, 0, events));
          if (!failing || healthy.some((h) => !h)) return undefined;
          const labels = probe(failing)!.labels;
          const input = [failing, ...(healthy as Map<Candidate, number>[])].flatMap((rates) =>
            [...rates].map(([c, r]) => ({ series: seriesText(c.series, c.labels), values: counter(r, steps) })),
          );
          return { input, labels };
        };
        // Every case of the SLO must be drivable, or none is: probe the ratios they use.
        return drive(1, 1, 1000) && drive(0.5, 1, 1000) && drive(0.01, 1, 1000) ? drive : null;
      } catch (e) {
        if (e instanceof Unsteady || e instanceof SynthError) return null;
        throw e;
      }
    }) ?? undefined
  );
}
