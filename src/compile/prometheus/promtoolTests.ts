/**
 * promtool unit tests for every alert we generate: a case where synthetic input makes it fire,
 * with the exact labels and annotations expected, and a case just short of its threshold where
 * it stays silent. Burn-rate alerts get a burn above each window pair's factor and one below
 * the lowest factor.
 */
import type { AlertSignal, Model, Service, SLO, ThresholdAlert } from "../../model/types.ts";
import type { ComparisonOp } from "../../dsl/spec.ts";
import { mustParseDuration, formatDuration } from "../../model/duration.ts";
import { num } from "../../model/numbers.ts";
import { UserError } from "../../errors.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { burnRateAnnotations, burnRateLabels } from "./burnRate.ts";
import { rec, ruleFilePath, sloLabels, testFilePath } from "./names.ts";
import { renderAlertTemplate, TemplateUnsupported } from "../../model/goTemplate.ts";
import { constant, counter, labelsFor, labelsOutside, n, seriesText, SynthError } from "./synth.ts";
import { rawDrive, rawMeasure } from "./rawInput.ts";
import { thresholdAlertRule } from "./thresholdAlerts.ts";
import { memo } from "../../memo.ts";
import { serviceRuleGroups } from "./ruleFiles.ts";
import { guardedWindows } from "./sliRules.ts";
import { priceTests } from "./priceTests.ts";

/** Input series are sampled every minute. */
const STEP = 60;
/**
 * Rules are evaluated every 5 minutes in tests: promtool re-evaluates every rule of the file at
 * each step, so this is what keeps a file of many SLOs fast. 5m windows still hold 5 samples.
 */
const EVAL = 300;
/** Events per step for ratio inputs; large enough that shares are whole numbers. */
const EVENTS = 1000;

interface InputSeries {
  series: string;
  values: string;
}
interface ExpAlert {
  exp_labels: Record<string, string>;
  exp_annotations: Record<string, string>;
}
interface TestCase {
  name: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test: { eval_time: string; alertname: string; exp_alerts: ExpAlert[] }[];
  promql_expr_test?: { expr: string; eval_time: string; exp_samples: { labels: string; value: number }[] }[];
}

/** Numbers in test names: four significant digits are enough to read. */
const short = (x: number) => String(Number(x.toPrecision(4)));
const steps = (evalSeconds: number) => Math.ceil(evalSeconds / STEP) + 1;
/**
 * Evaluate once the condition has held for `for` with a margin, away from any window edge.
 * Inputs are steady from the first sample, so every window (even 3d, on less data) shows the
 * same ratio: the tests prove thresholds and factors without simulating days, which promtool
 * would take minutes to evaluate.
 */
const evalAfter = (...durations: string[]) => {
  const t = durations.reduce((s, d) => s + mustParseDuration(d), 0) + 2 * EVAL + 3 * 60;
  return Math.ceil(t / EVAL) * EVAL + 2 * 60;
};

/**
 * Input sampled finely enough for a rule's shortest range: Prometheus 3's range selectors are
 * left-open, so `rate(x[1m])` over samples a minute apart holds one sample and gives nothing
 * (2.x's closed range held two). The series keep their rates and levels, sampled every
 * STEP / f seconds, f the least that puts two samples in `rangeSeconds`.
 */
function sampledFor(rangeSeconds: number, input: InputSeries[]): { interval: string; input_series: InputSeries[] } {
  let f = 1;
  while (STEP / f > rangeSeconds / 2 && STEP / f > 1) f++;
  while (STEP % f) f++;
  if (f === 1) return { interval: formatDuration(STEP), input_series: input };
  const finer = (values: string) => {
    const m = /^(.+?)\+(.+)x(\d+)$/.exec(values);
    if (!m || Number.isNaN(Number(m[1])) || Number.isNaN(Number(m[2]))) throw new Error(`unexpected input notation ${values}`);
    return `${n(Number(m[1]))}+${n(Number(m[2]) / f)}x${Number(m[3]) * f}`;
  };
  return { interval: formatDuration(STEP / f), input_series: input.map((i) => ({ series: i.series, values: finer(i.values) })) };
}

function expAlert(labels: Record<string, string>, ruleLabels: Record<string, string>, annotations: Record<string, string>, value: number): ExpAlert {
  const rendered: Record<string, string> = {};
  for (const [k, v] of Object.entries(annotations)) rendered[k] = renderAlertTemplate(v, labels, value);
  // Prometheus expands the rule's labels as templates too, over the series' own labels.
  const expanded: Record<string, string> = { ...labels };
  for (const [k, v] of Object.entries(ruleLabels)) expanded[k] = v.includes("{{") ? renderAlertTemplate(v, labels, value) : v;
  return { exp_labels: expanded, exp_annotations: rendered };
}

// ---- SLO burn-rate alerts -------------------------------------------------------------

type EventsSLI = Extract<SLO["sli"], { kind: "events" }>;

/**
 * An events SLI's input for an error ratio, its series worked out once per SLI (every case of
 * the SLO feeds the same ones).
 */
const eventInputs = new WeakMap<EventsSLI, (ratio: number, k: number) => InputSeries[]>();
function eventInput(sli: EventsSLI): (ratio: number, k: number) => InputSeries[] {
  return memo(eventInputs, sli, () => {
    if (sli.bad) {
      const bad = seriesText(sli.bad.series, labelsFor(sli.bad));
      const rest = seriesText(sli.total.series, labelsOutside(sli.total, sli.bad.matchers.slice(sli.total.matchers.length)));
      return (ratio, k) => [
        { series: bad, values: counter(EVENTS * ratio, k) },
        { series: rest, values: counter(EVENTS * (1 - ratio), k) },
      ];
    }
    const good = sli.good!;
    const goodSeries = seriesText(good.series, labelsFor(good));
    if (good.series !== sli.total.series) {
      // Histogram: the good bucket and the count.
      const count = seriesText(sli.total.series, labelsFor(sli.total));
      return (ratio, k) => [
        { series: goodSeries, values: counter(EVENTS * (1 - ratio), k) },
        { series: count, values: counter(EVENTS, k) },
      ];
    }
    const rest = seriesText(sli.total.series, labelsOutside(sli.total, good.matchers.slice(sli.total.matchers.length)));
    return (ratio, k) => [
      { series: goodSeries, values: counter(EVENTS * (1 - ratio), k) },
      { series: rest, values: counter(EVENTS * ratio, k) },
    ];
  });
}

/**
 * Input that makes the SLO's error ratio `ratio` in every window, the labels of the
 * recordings that then carry it (a grouped query's failing group), and whether it starts from
 * the recorded ratios instead of raw series.
 */
function sloInput(slo: SLO, ratio: number, evalSeconds: number): { input: InputSeries[]; labels: Record<string, string>; ratio: number; recorded: boolean } {
  const k = steps(evalSeconds);
  const sli = slo.sli;
  switch (sli.kind) {
    case "events":
      return { input: eventInput(sli)(ratio, k), labels: sloLabels(slo), ratio, recorded: false };
    case "raw": {
      // Raw series for the user's own query; only a query (or a ratio) beyond the evaluator drives the recorded ratios.
      const raw = rawDrive(slo)?.(ratio, k, EVENTS);
      if (raw) return { input: raw.input, labels: { ...raw.labels, ...sloLabels(slo) }, ratio: raw.ratio, recorded: false };
      const ratios = [...slo.windows].map((w) => ({ series: seriesText(rec.errorRatio(w), sloLabels(slo)), values: constant(ratio, k) }));
      return { input: [...ratios, ...recordedEvents(slo, EVENTS / STEP, k)], labels: sloLabels(slo), ratio, recorded: true };
    }
    case "timeslice":
      throw new Error("timeslice SLOs are driven by sliceInput");
  }
}

/**
 * The recorded event counts the low-traffic guard reads, where the input drives the recorded
 * ratios (so no raw series makes them): `perSecond` events every second.
 */
function recordedEvents(slo: SLO, perSecond: number, k: number): InputSeries[] {
  return guardedWindows(slo).map((w) => ({ series: seriesText(rec.eventsCount(w), sloLabels(slo)), values: constant(perSecond * mustParseDuration(w), k) }));
}

/** The requests and numerator series of a per-request measure, once per measure. */
const sliceSeries = new WeakMap<object, [string, string]>();

interface SliceCase {
  input: InputSeries[];
  /** The value every slice measures. */
  value: number;
  /** The labels of the SLO's recordings (a grouped query's failing group). */
  labels: Record<string, string>;
  /** Whether the input is the recorded measure rather than raw series. */
  recorded: boolean;
}

/**
 * Input whose measured value is the first of `values` it can give in every slice. The user's
 * own measure query is driven from raw series at the first value they reach (a ratio cannot
 * read above 1, a quantile under a threshold reads only 0 or 1), else from the recorded measure.
 */
function sliceInput(slo: SLO, values: number[], evalSeconds: number): SliceCase {
  const k = steps(evalSeconds);
  if (slo.sli.kind !== "timeslice") throw new Error("not a timeslice SLO");
  const m = slo.sli.measure;
  const value = values[0]!;
  const plain = (input: InputSeries[]): SliceCase => ({ input, value, labels: sloLabels(slo), recorded: false });
  switch (m.kind) {
    case "perRequest": {
      const pair = memo(sliceSeries, m, (): [string, string] => [seriesText(m.requests.series, labelsFor(m.requests)), seriesText(m.numerator.series, labelsFor(m.numerator))]);
      return plain([
        { series: pair[0], values: counter(STEP, k) },
        { series: pair[1], values: counter(STEP * value, k) },
      ]);
    }
    case "gaugeAvg":
      return plain([{ series: seriesText(m.gauge.series, labelsFor(m.gauge)), values: constant(value, k) }]);
    case "query": {
      const drive = rawMeasure(slo);
      for (const v of drive ? values : []) {
        const raw = drive!(v, k, EVENTS);
        if (raw) return { input: raw.input, value: raw.ratio, labels: { ...raw.labels, ...sloLabels(slo) }, recorded: false };
      }
      return { input: [{ series: seriesText(rec.measure, sloLabels(slo)), values: constant(value, k) }], value, labels: sloLabels(slo), recorded: true };
    }
  }
}

const COMPARE: Record<ComparisonOp, (a: number, b: number) => boolean> = {
  "<": (a, b) => a < b,
  "<=": (a, b) => a <= b,
  ">": (a, b) => a > b,
  ">=": (a, b) => a >= b,
};

function sloTests(slo: SLO): TestCase[] {
  if (!slo.tiers.length) return [];
  const labels = sloLabels(slo);
  const expected = (tiers: SLO["tiers"], ratio: number, at = labels): ExpAlert[] =>
    tiers.map((t) => expAlert(at, burnRateLabels(t), burnRateAnnotations(slo, t), ratio));
  const maxFor = slo.tiers.map((t) => t.for).sort((a, b) => mustParseDuration(b) - mustParseDuration(a))[0]!;
  const alertTest = (evalSeconds: number, exp: ExpAlert[]) => [{ eval_time: formatDuration(evalSeconds), alertname: slo.alertName, exp_alerts: exp }];
  const tests: TestCase[] = [];
  const pairs = slo.tiers.flatMap((t) => t.windows.map((w) => ({ tier: t, w })));
  const lowest = Math.min(...pairs.map((p) => p.w.factor));

  if (slo.sli.kind === "timeslice") {
    const { op, threshold } = slo.sli;
    const below = op === "<" || op === "<=";
    const bump = threshold === 0 ? 1 : Math.abs(threshold) * 0.2;
    const meets = (v: number) => COMPARE[op](v, threshold);
    // The values a slice is measured at, the usual one first, then others a ratio or a 0/1 measure can reach.
    const reach = [threshold * 2, threshold / 2, 1, 0, threshold];
    const bad = [below ? threshold + bump : threshold - bump, ...reach].filter((v) => !meets(v));
    const good = [below ? threshold - bump / 2 : threshold + bump / 2, threshold + (below ? -bump / 4 : bump / 4), ...reach].filter(meets);
    const t = evalAfter(maxFor);
    const from = (c: SliceCase) => (c.recorded ? " (from the recorded measure: the query is beyond what llmops can synthesize series for)" : "");
    const missing = sliceInput(slo, bad, t);
    const slice = mustParseDuration(slo.sli.slice);
    tests.push({
      name: `${slo.name}: every slice misses ${op} ${num(threshold)} (measured ${num(missing.value)}): all tiers fire${from(missing)}`,
      ...sampledFor(slice, missing.input),
      alert_rule_test: alertTest(t, expected(slo.tiers, 1, missing.labels)),
    });
    const meeting = sliceInput(slo, good, t);
    tests.push({
      name: `${slo.name}: every slice meets ${op} ${num(threshold)} (measured ${num(meeting.value)}): nothing fires${from(meeting)}`,
      ...sampledFor(slice, meeting.input),
      alert_rule_test: alertTest(t, []),
    });
    return tests;
  }

  // The ratio the input gives may be the nearest k of N replicas to the one asked for: the
  // case is named and checked at the ratio it gives.
  const drive = (asked: number, t: number, exp: (labels: Record<string, string>, ratio: number) => ExpAlert[]) => {
    const { input, labels, ratio, recorded } = sloInput(slo, asked, t);
    const from = !recorded
      ? ""
      : rawDrive(slo)
        ? " (from the recorded ratios: steady series of this query give no such ratio)"
        : " (from the recorded ratios: the query is beyond what llmops can synthesize series for)";
    return { from, burn: (named: number) => (ratio === asked ? named : ratio / slo.budget), case: { input_series: input, alert_rule_test: alertTest(t, exp(labels, ratio)) } };
  };

  // A full outage: every event fails. With the user's own query, the good series is then missing.
  {
    const t = evalAfter(maxFor);
    const d = drive(1, t, (l) => expected(slo.tiers, 1, l));
    tests.push({ name: `${slo.name}: full outage, every event fails: ${slo.tiers.map((x) => x.tier).join(" and ")} ${slo.tiers.length === 1 ? "fires" : "fire"}${d.from}`, interval: "1m", ...d.case });
  }
  // End to end through the SLI recordings: just above each tier's highest factor, so the page
  // case is the classic 14.4x one and the ticket case stays below every page factor.
  for (const tier of slo.tiers) {
    const w = tier.windows.reduce((a, b) => (b.factor > a.factor ? b : a));
    const higher = pairs.map((p) => p.w.factor).filter((f) => f > w.factor);
    const burn = Math.min(w.factor * 1.1, higher.length ? (w.factor + Math.min(...higher)) / 2 : Infinity);
    const ratio = Math.min(burn * slo.budget, (w.threshold + 1) / 2);
    const t = evalAfter(maxFor);
    const firing = slo.tiers.filter((x) => x.windows.some((p) => p.factor < burn));
    const d = drive(ratio, t, (l, r) => expected(firing, r, l));
    tests.push({
      name: `${slo.name}: burn ${short(d.burn(burn))}x, above the ${tier.tier} factor ${short(w.factor)}x over ${w.long}/${w.short}: ${firing.map((f) => f.tier).join(" and ")} ${firing.length === 1 ? "fires" : "fire"}${d.from}`,
      interval: "1m",
      ...d.case,
    });
  }
  const burn = lowest * 0.9;
  const t = evalAfter(maxFor);
  const d = drive(burn * slo.budget, t, () => []);
  tests.push({
    name: `${slo.name}: burn ${short(d.burn(burn))}x, below the lowest factor ${short(lowest)}x: nothing fires${d.from}`,
    interval: "1m",
    ...d.case,
  });
  return tests;
}

/**
 * Each window pair on its own, driven at the recorded-ratio level: this pair's two windows
 * just above (then just below) its threshold, every other window at 0. Only then does a wrong
 * factor in one pair fail a test even though other pairs of the tier would still fire.
 */
function pairTests(slo: SLO): TestCase[] {
  const labels = sloLabels(slo);
  const maxFor = slo.tiers.map((t) => t.for).sort((a, b) => mustParseDuration(b) - mustParseDuration(a))[0];
  if (!maxFor) return [];
  const t = evalAfter(maxFor);
  const k = steps(t);
  const series = slo.windows.map((w) => ({ w, series: seriesText(rec.errorRatio(w), labels) }));
  const zero = constant(0, k);
  const events = recordedEvents(slo, EVENTS / STEP, k);
  const input = (short: string, long: string, ratio: number): InputSeries[] => [
    ...series.map(({ w, series }) => ({ series, values: w === short || w === long ? constant(ratio, k) : zero })),
    ...events,
  ];
  return slo.tiers.flatMap((tier) =>
    tier.windows.flatMap((w) => {
      const above = Math.min(w.threshold * 1.05, (w.threshold + 1) / 2);
      const below = w.threshold * 0.95;
      const exp = expAlert(labels, burnRateLabels(tier), burnRateAnnotations(slo, tier), above);
      return [
        {
          name: `${slo.name}: only ${w.long}/${w.short} above ${num(w.factor)}x budget (ratio ${num(above)}): ${tier.tier} fires`,
          interval: "1m",
          input_series: input(w.short, w.long, above),
          alert_rule_test: [{ eval_time: formatDuration(t), alertname: slo.alertName, exp_alerts: [exp] }],
        },
        {
          name: `${slo.name}: only ${w.long}/${w.short} just below ${num(w.factor)}x budget (ratio ${num(below)}): nothing fires`,
          interval: "1m",
          input_series: input(w.short, w.long, below),
          alert_rule_test: [{ eval_time: formatDuration(t), alertname: slo.alertName, exp_alerts: [] }],
        },
      ];
    }),
  );
}

/**
 * The low-traffic guard, at the recorded level: traffic steady at one event fewer than the
 * fastest guarded pair's minimum over its long window. A single recent error, which alone
 * would cross that pair's threshold, fires nothing; a full outage at the same traffic still
 * fires by every pair whose long window holds its minimum (the slower ones).
 */
function lowTrafficTests(slo: SLO): TestCase[] {
  const pairs = slo.tiers.flatMap((tier) => tier.windows.filter((w) => w.minEvents).map((w) => ({ tier, w })));
  if (!pairs.length) return [];
  const seconds = (w: string) => mustParseDuration(w);
  const fastest = pairs.reduce((a, b) => (seconds(b.w.long) < seconds(a.w.long) ? b : a));
  if (fastest.w.minEvents! < 2) return [];
  const perSecond = (fastest.w.minEvents! - 1) / seconds(fastest.w.long);
  const labels = sloLabels(slo);
  const maxFor = slo.tiers.map((t) => t.for).sort((a, b) => mustParseDuration(b) - mustParseDuration(a))[0]!;
  const t = evalAfter(maxFor);
  const k = steps(t);
  const events = (w: string) => perSecond * seconds(w);
  // What the rules do with these ratios: per tier, the first pair (in `or` order) that fires gives the value.
  const firing = (ratioOf: (w: string) => number) =>
    slo.tiers.flatMap((tier) => {
      const pair = tier.windows.find((w) => ratioOf(w.short) > w.threshold && ratioOf(w.long) > w.threshold && (!w.minEvents || events(w.long) >= w.minEvents));
      return pair ? [{ tier, pair, value: ratioOf(pair.short) }] : [];
    });
  const input = (ratioOf: (w: string) => number): InputSeries[] => [
    ...slo.windows.map((w) => ({ series: seriesText(rec.errorRatio(w), labels), values: constant(ratioOf(w), k) })),
    ...recordedEvents(slo, perSecond, k),
  ];
  const exp = (f: ReturnType<typeof firing>) => f.map(({ tier, value }) => expAlert(labels, burnRateLabels(tier), burnRateAnnotations(slo, tier), value));
  const say = (f: ReturnType<typeof firing>) => (f.length ? f.map(({ tier, pair }) => `${tier.tier} fires by ${pair.long}/${pair.short}`).join(", ") : "nothing fires");
  const many = (x: number) => `${short(x)} ${short(x) === "1" ? "event" : "events"}`;
  const quiet = `low traffic, ${many(events(fastest.w.long))} per ${fastest.w.long}, under its ${fastest.w.long}/${fastest.w.short} minimum of ${num(fastest.w.minEvents!)}`;
  const single = (w: string) => Math.min(1, 1 / events(w));
  const outage = () => 1;
  const lone = firing(single);
  const down = firing(outage);
  return [
    {
      name: `${slo.name}: ${quiet}, a single error: ${say(lone)}`,
      interval: "1m",
      input_series: input(single),
      alert_rule_test: [{ eval_time: formatDuration(t), alertname: slo.alertName, exp_alerts: exp(lone) }],
    },
    {
      name: `${slo.name}: ${quiet}, every event fails: ${say(down)}`,
      interval: "1m",
      input_series: input(outage),
      alert_rule_test: [{ eval_time: formatDuration(t), alertname: slo.alertName, exp_alerts: exp(down) }],
    },
  ];
}

// ---- Threshold alerts -------------------------------------------------------------------

const DEFAULT_BY_VALUE = "synthetic";

/** Input that drives the alert's value to `v`, and the labels of the resulting series. */
function thresholdInput(a: ThresholdAlert, serviceLabel: string, v: number, evalSeconds: number, fire: boolean): { input: InputSeries[]; outLabels: Record<string, string>; value: number } {
  const k = steps(evalSeconds);
  const s: AlertSignal = a.signal;
  const byLabels = (base: Record<string, string>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const l of [serviceLabel, ...a.by]) out[l] = base[l] ?? DEFAULT_BY_VALUE;
    return out;
  };
  const extra = Object.fromEntries(a.by.map((l) => [l, DEFAULT_BY_VALUE]));
  switch (s.kind) {
    case "quantile": {
      const bounds = s.buckets;
      // All observations in one bucket: the quantile lands inside it at lo + (hi - lo) × q.
      const idx = fire ? bounds.findIndex((b, i) => i > 0 && bounds[i - 1]! >= s.threshold) : bounds.map((b, i) => (b <= s.threshold ? i : -1)).filter((i) => i >= 0).pop() ?? -1;
      if (idx < 0) throw new SynthError(`no bucket ${fire ? "above" : "below"} ${s.threshold}s to place observations in`);
      const lo = idx === 0 ? 0 : bounds[idx - 1]!;
      const hi = bounds[idx]!;
      const base = labelsFor(s.bucket, extra);
      const input = [...bounds.map(String), "+Inf"].map((le, i) => ({
        series: seriesText(s.bucket.series, { ...base, le }),
        values: counter(i >= idx ? EVENTS : 0, k),
      }));
      return { input, outLabels: byLabels(base), value: lo + (hi - lo) * s.quantile };
    }
    case "ratio": {
      const base = labelsFor(s.bad, extra);
      return {
        input: [
          { series: seriesText(s.bad.series, base), values: counter(EVENTS * v, k) },
          { series: seriesText(s.total.series, { ...labelsOutside(s.total, s.bad.matchers.slice(s.total.matchers.length)), ...extra }), values: counter(EVENTS * (1 - v), k) },
        ],
        outLabels: byLabels(base),
        value: v,
      };
    }
    case "rate": {
      const base = labelsFor(s.counter, extra);
      return { input: [{ series: seriesText(s.counter.series, base), values: counter((v / s.scale) * STEP, k) }], outLabels: byLabels(base), value: v };
    }
    case "up": {
      // A filter on `instance` picks the target's address; otherwise any address will do.
      const up = labelsFor(s.up);
      const base = up.instance === undefined ? { ...up, instance: `${a.service}:8000` } : up;
      return { input: [{ series: seriesText("up", base), values: constant(fire ? 0 : 1, k) }], outLabels: { ...base }, value: 0 };
    }
    case "spend": {
      const base = labelsFor(s.counter);
      // Constant spend rate chosen so the month-to-date spend (or the month-end forecast) is v.
      const perSecond = s.mode === "forecast" ? v / (31 * 86400) : v / evalSeconds;
      return { input: [{ series: seriesText(s.counter.series, base), values: counter(perSecond * STEP, k) }], outLabels: {}, value: v };
    }
  }
}

function thresholdTests(a: ThresholdAlert, serviceLabel: string): TestCase[] {
  const rule = thresholdAlertRule(a, serviceLabel);
  const s = a.signal;
  const window = s.kind === "spend" || s.kind === "up" ? "1m" : s.window;
  const t = s.kind === "spend" ? evalAfter(a.for, "1h") : evalAfter(window, a.for);
  const threshold = "threshold" in s ? s.threshold : 0;
  const cases = s.kind === "up" ? [{ fire: true, v: 0 }, { fire: false, v: 1 }] : [{ fire: true, v: threshold * (s.kind === "spend" ? 1.25 : 1.2) }, { fire: false, v: threshold * (s.kind === "spend" ? 0.8 : 0.9) }];
  return cases.map(({ fire, v }) => {
    const { input, outLabels, value } = thresholdInput(a, serviceLabel, v, t, fire);
    const shown = s.kind === "up" ? (fire ? "target down" : "target up") : `value ${num(value)} ${fire ? ">" : "<="} ${num(threshold)}`;
    return {
      name: `${a.name}: ${shown}: ${fire ? "fires" : "stays silent"}`,
      // A target's `up` and the month's spend read no range this short.
      ...sampledFor(s.kind === "spend" || s.kind === "up" ? Infinity : mustParseDuration(window), input),
      alert_rule_test: [
        {
          eval_time: formatDuration(t),
          alertname: a.name,
          exp_alerts: fire ? [expAlert(outLabels, rule.labels, rule.annotations, value)] : [],
        },
      ],
    };
  });
}

export function serviceTests(model: Model, service: Service): TestCase[] {
  const tests: TestCase[] = [];
  const at = (source: string, path: string, f: () => TestCase[]) => {
    try {
      tests.push(...f());
    } catch (e) {
      if (e instanceof SynthError || e instanceof TemplateUnsupported) {
        throw new UserError({ file: source, path }, `cannot generate a promtool test: ${e.message}`, "use equality matchers and the template functions humanize, humanizePercentage, humanizeDuration or printf");
      }
      throw e;
    }
  };
  const names = service.slos.map((o) => o.alertName);
  const endToEnd: Shared[] = [];
  const pairs: Shared[] = [];
  for (const slo of service.slos) {
    at(slo.source, `service "${service.name}" SLO "${slo.name}"`, () => {
      const reads = catalogReads(slo, names);
      if (!reads) return [...sloTests(slo), ...pairTests(slo), ...lowTrafficTests(slo)];
      endToEnd.push({ cases: sloTests(slo), reads });
      pairs.push({ cases: [...pairTests(slo), ...lowTrafficTests(slo)], reads: new Set() });
      return [];
    });
  }
  tests.push(...packGroups(endToEnd, "end to end"), ...packGroups(pairs, "window pairs alone"));
  for (const a of service.alerts) at(a.source, `service "${service.name}" alert "${a.name}"`, () => thresholdTests(a, model.conventions.labels.service));
  at(service.source, `service "${service.name}" prices`, () => priceTests(model, service));
  return tests;
}

/** One SLO's cases that may share groups, and the metrics its rules read. */
interface Shared {
  cases: TestCase[];
  reads: Set<string>;
}

/**
 * The catalog metrics an SLO's rules read, when its cases may share test groups with other
 * SLOs' of the service; undefined when they may not.
 *
 * promtool evaluates every rule of the file at every step of every group, so a group per case
 * costs cases × rules, which grows with the square of a service's SLOs. Cases of different SLOs
 * can share a group when they cannot see each other: an SLO's alert reads only recordings
 * labelled with its own `service` and `slo`, and those are computed from the metrics below
 * only. So end-to-end cases share a group when their SLOs read disjoint metrics, and
 * window-pair cases (driven by recorded ratios, with no catalog metric present) always can.
 * A raw SLI or a measure given as a query may read anything, and two SLOs with one alert name
 * would need one expectation between them: those keep groups of their own.
 */
function catalogReads(slo: SLO, alertNames: string[]): Set<string> | undefined {
  if (alertNames.filter((n) => n === slo.alertName).length !== 1) return undefined;
  const sli = slo.sli;
  switch (sli.kind) {
    case "raw":
      return undefined;
    case "events":
      return new Set([sli.total.series, ...(sli.bad ? [sli.bad.series] : []), ...(sli.good ? [sli.good.series] : [])]);
    case "timeslice": {
      const m = sli.measure;
      if (m.kind === "query") return undefined;
      return new Set(m.kind === "perRequest" ? [m.requests.series, m.numerator.series] : [m.gauge.series]);
    }
  }
}

/**
 * Every SLO's cases in rounds, one case of each SLO per round, packed into as few groups as
 * possible: first fit, a group taking an SLO only when no other SLO in it reads a metric this
 * one reads. Each SLO starts at a different case (the p-th SLO's round i is its case i + p), so
 * SLOs side by side in a group expect different things: above and below, firing and silent.
 * An alert that read another SLO's series would then meet the wrong input and fail.
 */
function packGroups(perSlo: Shared[], what: string): TestCase[] {
  const n = Math.max(0, ...perSlo.map((x) => x.cases.length));
  const reads = perSlo.map((x) => [...x.reads]);
  const out: TestCase[] = [];
  for (let i = 0; i < n; i++) {
    const groups: { cases: TestCase[]; reads: Set<string> }[] = [];
    for (const [p, x] of perSlo.entries()) {
      if (i >= x.cases.length) continue;
      const c = x.cases[(i + p) % x.cases.length]!;
      let g = groups.find((y) => y.cases[0]!.interval === c.interval && !reads[p]!.some((m) => y.reads.has(m)));
      if (!g) groups.push((g = { cases: [], reads: new Set() }));
      g.cases.push(c);
      for (const m of x.reads) g.reads.add(m);
    }
    for (const g of groups) {
      out.push(
        g.cases.length === 1
          ? g.cases[0]!
          : {
              name: `${what}, round ${i + 1}: ${g.cases.map((c) => c.name).join("; ")}`,
              interval: g.cases[0]!.interval,
              input_series: g.cases.flatMap((c) => c.input_series),
              alert_rule_test: g.cases.flatMap((c) => c.alert_rule_test),
            },
      );
    }
  }
  return out;
}

/**
 * One test file per service with tests, each written out as soon as its cases are made.
 *
 * The file names every rule group of the service's rule file in group_eval_order, in the
 * file's order: recordings before the alerts that read them (the spend and SLI groups, then
 * the SLO alerts, then the threshold alerts). Without it promtool evaluates the groups in the
 * order of a Go map, a different one in each test group and run. An alert evaluated before
 * its recordings at a step then reads the recording of the step before, exactly EVAL earlier:
 * promtool 2.x's lookback includes a sample 5m old, Prometheus 3's is left-open and does not,
 * so there the alert sees no recording, its `for` restarts at every step and it never fires.
 */
export function* promtoolTestFiles(model: Model): Generator<Artifact> {
  for (const s of model.services) {
    const tests = serviceTests(model, s);
    if (!tests.length) continue;
    yield yamlFile(testFilePath(s.name), {
      rule_files: [`../rules/${ruleFilePath(s.name).split("/").pop()}`],
      evaluation_interval: formatDuration(EVAL),
      group_eval_order: serviceRuleGroups(model, s).map((g) => g.name),
      tests,
    });
  }
}
