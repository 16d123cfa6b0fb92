/**
 * What normalization carries while it walks a project: the conventions, the errors and warnings
 * found so far, and the field checks every part shares.
 */
import { UserError } from "../errors.ts";
import type { EventsRef, HistogramRef, MatcherMap } from "../dsl/spec.ts";
import { sourceOf } from "../dsl/source.ts";
import { catalogSeries, findMetric, type Conventions, type Matcher, type MetricSpec, type SeriesRef, seriesName } from "./conventions.ts";
import { parseDuration } from "./duration.ts";
import { isLabelName } from "./names.ts";
import { eq } from "../promql/build.ts";

export class Ctx {
  readonly errors: UserError[] = [];
  readonly warnings: string[] = [];
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


export function checkLabels(ctx: Ctx, labels: Record<string, string>, file: string, path: string): Record<string, string> {
  for (const k of Object.keys(labels)) {
    if (!isLabelName(k)) ctx.fail(file, path, `"${k}" cannot be a Prometheus label name`, "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with __");
  }
  return labels;
}

/** A duration; only `for` may be zero (a window of 0 selects nothing). */
export function checkDuration(ctx: Ctx, text: string, file: string, path: string): string {
  const s = parseDuration(text);
  if (s === undefined || (s === 0 && !path.endsWith(".for"))) {
    ctx.fail(file, path, `"${text}" is not a duration`, "write a number and one unit: 30s, 5m, 1h, 30d");
    return "5m";
  }
  return text;
}

export function matchers(ctx: Ctx, map: MatcherMap | undefined, file: string, path: string): Matcher[] {
  return Object.entries(map ?? {}).map(([label, v]) => {
    if (!isLabelName(label)) ctx.fail(file, path, `"${label}" is not a label name`, "label names match [a-zA-Z_][a-zA-Z0-9_]*");
    return typeof v === "string" ? eq(label, v) : { label, op: v.op, value: v.value };
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

export function histogramMetric(ctx: Ctx, ref: HistogramRef | undefined, file: string, path: string): MetricSpec | undefined {
  const name = ref === undefined || ref === "duration" ? ctx.conventions.signals.duration.metric : ref === "ttft" ? ctx.conventions.signals.ttft.metric : ref.metric;
  return resolveSeries(ctx, { metric: name }, file, path, "histogram");
}
