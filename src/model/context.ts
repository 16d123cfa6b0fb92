/**
 * What normalization carries while it walks a project: the conventions, the errors and warnings
 * found so far, and the field checks every part shares.
 */
import { UserError } from "../errors.ts";
import type { EventsRef, HistogramRef, MatcherMap, SLOSpec } from "../dsl/spec.ts";
import { sourceOf } from "../dsl/source.ts";
import { catalogSeries, findMetric, MissingSignal, signalOf, type SignalName, type Signals, type Conventions, type Matcher, type MetricSpec, type SeriesRef, seriesName } from "../vocabulary/conventions.ts";
import { DURATION, parseDuration } from "./duration.ts";
import { isLabelName } from "./names.ts";
import { keepsUtf8 } from "../vocabulary/translation.ts";
import { annotationProblem, labelProblem } from "./fieldRules.ts";
import { textProblem, type TextUse, unsafeChar } from "./text.ts";
import { eq } from "../promql/build.ts";
import { regexProblem } from "../promql/regex.ts";


/** Built in: the period of an SLO when neither it, the project nor the command line gives one. */
export const BUILTIN_WINDOW = "30d";

export class Ctx {
  readonly errors: UserError[] = [];
  readonly warnings: string[] = [];
  /** The period of SLOs that give no window, where it comes from, and whether it is one (its errors are reported once). */
  defaultWindow: { window: NonNullable<SLOSpec["window"]>; from: "flag" | "project" | "builtin"; ok: boolean } = { window: BUILTIN_WINDOW, from: "builtin", ok: true };
  constructor(
    readonly conventions: Conventions,
    readonly entry: string,
  ) {}

  fileOf(obj: object | undefined, fallback: string): string {
    return (obj && sourceOf(obj)) || fallback;
  }

  fail(file: string, path: string, what: string, hint: string): void {
    this.errors.push(new UserError({ file, path }, what, hint));
  }
}


/** Labels a definition adds, as `use` says where they land; checked name by name and value by value. */
export function checkLabels(ctx: Ctx, labels: Record<string, string>, file: string, path: string, use: Exclude<TextUse, "annotation">): Record<string, string> {
  for (const [k, v] of Object.entries(labels)) {
    const p = labelProblem(k, v, use);
    if (p) ctx.fail(file, `${path}.${k}`, p.what, p.hint);
  }
  return labels;
}

export function checkAnnotations(ctx: Ctx, annotations: Record<string, string>, file: string, path: string): Record<string, string> {
  for (const [k, v] of Object.entries(annotations)) {
    const p = annotationProblem(k, v);
    if (p) ctx.fail(file, `${path}.${k}`, p.what, p.hint);
  }
  return annotations;
}

/**
 * A runbook link goes into the `runbook_url` annotation and on to every notification, so it must
 * open for whoever is paged: an absolute http(s) URL. Templates in it are expanded like any annotation.
 */
export function checkRunbookUrl(ctx: Ctx, url: string | undefined, file: string, path: string): string | undefined {
  if (url === undefined) return undefined;
  const p = textProblem(url, "annotation");
  let ok = /^https?:\/\/[^\s/?#]+/i.test(url) && !/\s/.test(url);
  try {
    if (ok) ok = ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (p) ctx.fail(file, path, `runbook URL ${p.what}`, p.hint);
  else if (!ok) ctx.fail(file, path, `runbook URL "${url}" is not an absolute http or https URL`, "write the full address, e.g. https://runbooks.example.com/llm-agent/latency");
  return url;
}

/**
 * The `severity` label an alert is routed by. An empty one is no label at all to Prometheus, so
 * the alert would carry none and match no route; the rest is checked as any alert label.
 */
export function checkSeverity(ctx: Ctx, severity: string, file: string, path: string): string {
  if (severity === "") ctx.fail(file, path, "the severity is empty", "give the severity Alertmanager routes by, e.g. \"page\", \"ticket\" or \"warning\", or leave it out for the default");
  else if (severity.includes("{{")) ctx.fail(file, path, `the severity ${JSON.stringify(severity)} is a template`, "Alertmanager routes match the severity as written; give a fixed value such as \"page\"");
  else {
    const p = textProblem(severity, "alert label");
    if (p) ctx.fail(file, path, `the severity ${p.what}`, p.hint);
  }
  return severity;
}

/** A duration; only `for` may be zero (a window of 0 selects nothing). */
export function checkDuration(ctx: Ctx, text: string, file: string, path: string): string {
  const s = parseDuration(text);
  if (s === undefined && DURATION.test(text)) {
    ctx.fail(file, path, `"${text}" is longer than Prometheus and Alertmanager can hold (about 292 years)`, "write a duration such as 5m, 1h or 30d");
    return "5m";
  }
  if (s === undefined || (s === 0 && !path.endsWith(".for"))) {
    ctx.fail(file, path, `"${text}" is not a duration`, "write a number and one unit: 30s, 5m, 1h, 30d");
    return "5m";
  }
  return text;
}

/**
 * Whether `label` can name a label of the user's series: a legacy name, or under a UTF-8
 * translation strategy (Prometheus 3) any non-empty name not starting with `__`.
 */
export function seriesLabelName(ctx: Ctx, label: string): boolean {
  return keepsUtf8(ctx.conventions.translation ?? "UnderscoreEscapingWithSuffixes") ? label !== "" && !label.startsWith("__") : isLabelName(label);
}

export function labelNameHint(ctx: Ctx): string {
  return keepsUtf8(ctx.conventions.translation ?? "UnderscoreEscapingWithSuffixes")
    ? "name a label of the series as Prometheus stores it, e.g. \"gen_ai.request.model\""
    : "label names match [a-zA-Z_][a-zA-Z0-9_]*, e.g. \"model\"";
}

export function matchers(ctx: Ctx, map: MatcherMap | undefined, file: string, path: string): Matcher[] {
  return Object.entries(map ?? {}).map(([label, v]) => {
    const m: Matcher = typeof v === "string" ? eq(label, v) : { label, op: v.op, value: v.value };
    const at = `${path}.${label}`;
    if (!seriesLabelName(ctx, label)) ctx.fail(file, path, `"${label}" is not a label name`, labelNameHint(ctx));
    const bad = unsafeChar(m.value);
    if (bad) ctx.fail(file, at, `the matcher value contains the control or line-separator character ${bad}`, "match plain text; a regex can stand for such characters with an escape such as \\x{2028}");
    else if (m.op === "=~" || m.op === "!~") {
      const problem = regexProblem(m.value);
      if (problem) ctx.fail(file, at, `the regex ${JSON.stringify(m.value)} ${problem}`, "Prometheus matches the whole value with RE2 syntax: escape ( ) [ ] . * + ? with a backslash to match them literally");
    }
    return m;
  });
}

/** The catalog entry for a series reference, or an error naming what the catalog has. */
export function resolveSeries(ctx: Ctx, ref: SeriesRef, file: string, path: string, want: "counter" | "histogram"): MetricSpec | undefined {
  const m = findMetric(ctx.conventions, ref.metric);
  if (!m) {
    ctx.fail(file, path, `metric "${ref.metric}" is not in the "${ctx.conventions.name}" conventions`, `known metrics: ${ctx.conventions.metrics.map((x) => x.name).join(", ")}`);
    return undefined;
  }
  const counter = catalogSeries(ctx.conventions).get(seriesName(ref))?.counter;
  if (want === "counter" && !counter) {
    ctx.fail(file, path, `"${seriesName(ref)}" is not a counter`, m.type === "histogram" ? `use { metric: "${m.name}", part: "count" } or "sum"` : "ratio SLIs count events with counters");
    return undefined;
  }
  if (want === "histogram" && m.type !== "histogram") {
    ctx.fail(file, path, `"${m.name}" is a ${m.type}, not a histogram`, "latency SLIs read a histogram's buckets");
    return undefined;
  }
  return m;
}

export function eventsSeries(ctx: Ctx, ref: EventsRef, file: string, path: string): SeriesRef | undefined {
  if (typeof ref === "object") return resolveSeries(ctx, ref, file, path, "counter") ? ref : undefined;
  const sig = ctx.conventions.signals[ref];
  if (!sig) {
    ctx.fail(file, path, `signal "${ref}" is not in the "${ctx.conventions.name}" conventions`, "use requests, tokens, cost, conversations or messages");
    return undefined;
  }
  return sig.series;
}

/** A signal of the conventions; where they lack it, a failure naming the preset and how to extend it. */
export function needSignal<K extends SignalName>(ctx: Ctx, signal: K, file: string, path: string): NonNullable<Signals[K]> | undefined {
  try {
    return signalOf(ctx.conventions, signal);
  } catch (e) {
    if (!(e instanceof MissingSignal)) throw e;
    ctx.fail(file, path, e.message, e.hint);
    return undefined;
  }
}

export function histogramMetric(ctx: Ctx, ref: HistogramRef | undefined, file: string, path: string): MetricSpec | undefined {
  const name = ref === undefined || ref === "duration" ? ctx.conventions.signals.duration.metric : ref === "ttft" || ref === "tpot" ? needSignal(ctx, ref, file, path)?.metric : ref.metric;
  if (name === undefined) return undefined;
  return resolveSeries(ctx, { metric: name }, file, path, "histogram");
}
