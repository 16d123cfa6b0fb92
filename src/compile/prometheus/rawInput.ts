/**
 * Input series for an SLI given as the user's own PromQL (Sloth, OpenSLO, Pyrra, `sli.raw`):
 * raw series for the selectors of the query, never the recordings it produces, so a test
 * proves the user's query and llmops's rules over it together.
 *
 * The series are found, not guessed: for each selector, a series it selects (and, beside a
 * selector of the same metric with more matchers, one the other does not select; under
 * `histogram_quantile`, buckets at the bounds the query names, twice them and `+Inf`); then
 * levels for one or two of them (a counter's growth, a gauge's value) such that the SLO's own
 * long-window recording, evaluated over steady series (src/promql/steady.ts), reads the wanted
 * error ratio. Series a solution does not use are left out, as they are in Prometheus before
 * their first event: a full outage has no good series and a healthy service no error series;
 * only where the query needs it (a histogram's bucket, a gauge at 0) is a series present at
 * rest, and buckets are made cumulative as a histogram's are. A query grouped `by (…)` gets two
 * groups, one at the wanted ratio and one healthy, and the labels the failing group's
 * recordings carry are the ones the evaluator finds the query returns.
 *
 * rawDrive is undefined when the query is beyond the evaluator or no such series exist; a
 * drive is undefined for a ratio steady series cannot give (a fraction of slices over a
 * threshold, which is 0 or 1 while every series holds still): the caller then drives the
 * recorded ratios for that case instead.
 */
import type { Matcher } from "../../vocabulary/conventions.ts";
import type { SLO } from "../../model/types.ts";
import { memo } from "../../memo.ts";
import { parser } from "@prometheus-io/lezer-promql";
import { groupingLabels, selectorsOf, seriesKinds, steadyQuery, Unsteady, type SelectorRef, type SteadySeries } from "../../promql/steady.ts";
import { rec } from "./names.ts";
import { sliRecordingRules } from "./sliRules.ts";
import { constant, counter, labelsFor, labelsOutside, seriesText, SynthError } from "./synth.ts";

export interface RawCase {
  input: { series: string; values: string }[];
  /** The labels of the failing group's recordings, before llmops's own. */
  labels: Record<string, string>;
  /** The error ratio the series give: the one asked for, or (series counted over a threshold) the nearest k of N within 2%. */
  ratio: number;
}
export type RawDrive = (ratio: number, steps: number, eventsPerStep: number) => RawCase | undefined;

interface Candidate {
  series: string;
  labels: Record<string, string>;
  gauge: boolean;
}

const same = (a: Matcher, b: Matcher) => a.label === b.label && a.op === b.op && a.value === b.value;
const holds = (labels: Record<string, string>, group: Record<string, string>) => Object.entries(group).every(([k, v]) => labels[k] === v);

/** The positive numbers the query names, and twice each: bucket bounds around its thresholds. */
function bounds(query: string): string[] {
  const out = new Set<string>();
  parser.parse(query).iterate({
    enter: (r) => {
      if (r.name !== "NumberDurationLiteral" && r.name !== "NumberLiteral") return;
      const v = Number(query.slice(r.from, r.to));
      if (Number.isFinite(v) && v > 0) for (const b of [v, v * 2]) out.add(String(b));
    },
  });
  return [...out, "+Inf"];
}

/** Series the selectors of the query select, each carrying the group's labels. */
function candidates(query: string, selectors: SelectorRef[], group: Record<string, string>, kinds: Map<string, "counter" | "gauge">): Candidate[] {
  const out = new Map<string, Candidate>();
  const add = (series: string, labels: Record<string, string>) => {
    if (!holds(labels, group)) return;
    const key = seriesText(series, labels);
    if (!out.has(key)) out.set(key, { series, labels, gauge: kinds.get(series) === "gauge" });
  };
  const groupEq: Matcher[] = Object.entries(group).map(([label, value]) => ({ label, op: "=", value }));
  const attempt = (f: () => void) => {
    try {
      f();
    } catch (e) {
      if (!(e instanceof SynthError)) throw e;
    }
  };
  const quantile = query.includes("histogram_quantile");
  for (const s of selectors) {
    // A bucket selector under histogram_quantile that leaves `le` free: one bucket per bound.
    if (quantile && s.series.endsWith("_bucket") && !s.matchers.some((m) => m.label === "le")) {
      for (const le of bounds(query)) attempt(() => add(s.series, labelsFor({ series: s.series, matchers: s.matchers }, { ...group, le })));
    } else attempt(() => add(s.series, labelsFor({ series: s.series, matchers: s.matchers }, group)));
  }
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

/** Seconds between samples of the generated tests' input series (their `interval`). */
const STEP_SECONDS = 60;

function probeOf(query: (s: SteadySeries[]) => ReturnType<ReturnType<typeof steadyQuery>>): Probe {
  return (rates) => {
    // A counter's level is its growth per sample: per second, that over the interval.
    const series: SteadySeries[] = [...rates].map(([c, level]) =>
      c.gauge ? { labels: { ...c.labels, __name__: c.series }, value: level } : { labels: { ...c.labels, __name__: c.series }, rate: level / STEP_SECONDS },
    );
    const out = query(series);
    if (out.length !== 1 || !Number.isFinite(out[0]!.value)) return undefined;
    return out[0]!;
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** Where f (monotonic between lo and hi) reads `ratio`, or undefined. */
function bisect(f: (a: number) => number | undefined, lo: number, hi: number, ratio: number): number | undefined {
  const flo = f(lo);
  const fhi = f(hi);
  if (flo === undefined || fhi === undefined || (flo - ratio) * (fhi - ratio) > 0) return undefined;
  const rising = fhi > flo;
  const span = hi - lo;
  for (let n = 0; n < 80; n++) {
    const mid = (lo + hi) / 2;
    const v = f(mid);
    if (v === undefined) return undefined;
    if (v < ratio === rising) lo = mid;
    else hi = mid;
  }
  // Rounded to a number promtool's notation writes exactly.
  const a = Number(((lo + hi) / 2).toPrecision(12));
  const got = f(a);
  return got !== undefined && close(got, ratio) && span > 0 ? a : undefined;
}

/** Levels (a counter's events per step, a gauge's value) for one or two candidates that make the probe read `ratio`. */
function solve(cands: Candidate[], probe: Probe, ratio: number, events: number): Map<Candidate, number> | undefined {
  // One series alone, at `events` or (a gauge) at 0; then one beside the others at rest
  // (present, not growing), as a histogram's buckets are there before their first observation.
  for (const rest of [false, true]) {
    for (const c of cands) {
      for (const level of c.gauge ? [events, 0] : [events]) {
        const rates = new Map(cands.filter((x) => rest || x === c).map((x) => [x, x === c ? level : 0]));
        const got = probe(rates);
        if (got && close(got.value, ratio)) return rates;
      }
    }
  }
  // One series alone at the level that gives the value: a gauge's success ratio of 0.99, or a
  // measure that is an absolute rate (tokens per second).
  for (const c of cands) {
    const at = (v: number) => new Map([[c, v]]);
    for (const hi of [1, events, events * 1e3, events * 1e6]) {
      const v = bisect((x) => probe(at(x))?.value, 0, hi, ratio);
      if (v !== undefined) return at(v);
    }
  }
  const EPS = 1e-6;
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const at = (a: number) => new Map([
        [cands[i]!, a * events],
        [cands[j]!, (1 - a) * events],
      ]);
      const a = bisect((x) => probe(at(x))?.value, EPS, 1 - EPS, ratio);
      if (a !== undefined) return at(a);
    }
  }
  return undefined;
}

/** The most replicas of a gauge a case may have. */
const MAX_REPLICAS = 400;

/**
 * For a query that counts gauges over a threshold (`count(lag > 30) / count(lag)`), where one
 * series gives only 0 or 1: N replicas of a gauge told apart by a label the query does not
 * name, k of them at a failing value and the rest at a passing one, k/N within 2% of `ratio`.
 */
function replicate(query: string, cands: Candidate[], probe: Probe, ratio: number, events: number): { rates: Map<Candidate, number>; ratio: number } | undefined {
  const label = ["instance", "replica", "shard"].find((l) => !query.includes(l));
  if (!label || ratio <= 0 || ratio >= 1) return undefined;
  for (const c of cands.filter((x) => x.gauge)) {
    const reads = (v: number) => probe(new Map([[c, v]]))?.value;
    const bad = [events, 0].find((v) => reads(v) === 1);
    const good = [events, 0].find((v) => reads(v) === 0);
    if (bad === undefined || good === undefined) continue;
    for (let k = 1; k <= 20; k++) {
      const n = Math.round(k / ratio);
      const got = k / n;
      if (n > MAX_REPLICAS || Math.abs(got - ratio) > 0.02 * ratio) continue;
      const rates = new Map<Candidate, number>();
      for (let i = 0; i < n; i++) rates.set({ ...c, labels: { ...c.labels, [label]: `${label}-${i + 1}` } }, i < k ? bad : good);
      const read = probe(rates);
      if (read && close(read.value, got)) return { rates, ratio: got };
    }
  }
  return undefined;
}

/**
 * A histogram's buckets as Prometheus has them: every bucket present once any is, each at
 * least the count of the buckets below it. (histogram_quantile reads them so anyway.)
 */
function cumulative(rates: Map<Candidate, number>, cands: Candidate[]): Map<Candidate, number> {
  const out = new Map(rates);
  const family = (c: Candidate) => seriesText(c.series, Object.fromEntries(Object.entries(c.labels).filter(([k]) => k !== "le")));
  const le = (c: Candidate) => (c.labels.le === "+Inf" ? Infinity : Number(c.labels.le));
  const buckets = cands.filter((c) => c.series.endsWith("_bucket") && c.labels.le !== undefined);
  for (const c of buckets) {
    if (![...rates.keys()].some((r) => buckets.includes(r) && family(r) === family(c))) continue;
    let level = 0;
    for (const [r, v] of rates) if (buckets.includes(r) && family(r) === family(c) && le(r) <= le(c)) level = Math.max(level, v);
    out.set(c, level);
  }
  return out;
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
  // Under histogram_quantile, `le` tells buckets apart, not groups.
  for (const g of groupingLabels(query).filter((l) => l !== "le" || !query.includes("histogram_quantile"))) {
    const ms = selectors.flatMap((s) => s.matchers.filter((m) => m.label === g));
    const eq = ms.find((m) => m.op === "=");
    if (eq) fixed[g] = eq.value;
    else if (!ms.length) free.push(g);
    // Other matchers on the label: labelsFor picks a value they accept, one group.
  }
  if (!free.length) return [fixed];
  return ["a", "b"].map((v) => ({ ...fixed, ...Object.fromEntries(free.map((g) => [g, `${g}-${v}`])) }));
}

/**
 * A drive of `expr` from raw series: the series that make it read a wanted value, or null when
 * the query is beyond the evaluator or no series reach both `probes`.
 */
function driverOf(expr: string, probes: number[]): RawDrive | null {
  try {
    const selectors = selectorsOf(expr);
    // A query over llmops's own recordings has no raw series to drive.
    if (!selectors.length || selectors.some((s) => s.series.startsWith("slo:"))) return null;
    const kinds = seriesKinds(expr);
    const probe = probeOf(steadyQuery(expr));
    const groups = groupsOf(expr, selectors).map((g) => candidates(expr, selectors, g, kinds));
    if (groups.some((c) => !c.length)) return null;
    const drive: RawDrive = (ratio, steps, events) => {
      const exact = solve(groups[0]!, probe, ratio, events);
      const failing = exact ? { rates: exact, ratio } : replicate(expr, groups[0]!, probe, ratio, events);
      const healthy = groups.slice(1).map((c) => solve(c, probe, 0, events));
      if (!failing || healthy.some((h) => !h)) return undefined;
      const labels = probe(failing.rates)!.labels;
      const input = [failing.rates, ...(healthy as Map<Candidate, number>[])].flatMap((rates, i) =>
        [...cumulative(rates, groups[i]!)].map(([c, r]) => ({ series: seriesText(c.series, c.labels), values: c.gauge ? constant(r, steps) : counter(r, steps) })),
      );
      return { input, labels, ratio: failing.ratio };
    };
    return probes.every((p) => drive(p, 1, 1000)) ? drive : null;
  } catch (e) {
    if (e instanceof Unsteady || e instanceof SynthError) return null;
    throw e;
  }
}

const drives = new WeakMap<SLO, RawDrive | null>();

/** The drive of a raw SLI's error ratio: at least a full outage (1) and a healthy service (0) reached. */
export function rawDrive(slo: SLO): RawDrive | undefined {
  return (
    memo(drives, slo, (): RawDrive | null => {
      if (slo.sli.kind !== "raw") return null;
      const expr = ratioQuery(slo);
      return expr ? driverOf(expr, [1, 0]) : null;
    }) ?? undefined
  );
}

const measures = new WeakMap<SLO, RawDrive | null>();

/**
 * The drive of a timeslice SLI's measure when it is the user's own query (a ratio, a quantile
 * under a threshold, a gauge): the value of a slice, from raw series of that query.
 */
export function rawMeasure(slo: SLO): RawDrive | undefined {
  return (
    memo(measures, slo, (): RawDrive | null => {
      if (slo.sli.kind !== "timeslice" || slo.sli.measure.kind !== "query") return null;
      const expr = sliRecordingRules(slo).find((r) => r.record === rec.measure)?.expr;
      return expr ? driverOf(expr, []) : null;
    }) ?? undefined
  );
}
