/** What every helper-made panel shares: text, unit, thresholds, the datasource variable, targets. */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import { ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder, PromQueryFormat } from "@grafana/grafana-foundation-sdk/prometheus";
import type { Target } from "../vocabulary/queries.ts";
import type { VariableName } from "./dashboard.ts";

/** Every panel and target queries the dashboard's `datasource` variable, never a fixed uid. */
export const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/**
 * The trace store's datasource, as provisioning names it: a trace panel's query is the store's
 * own (Jaeger search, TraceQL), so it names that datasource rather than a variable.
 */
export const TRACE_DATASOURCES = { jaeger: { type: "jaeger", uid: "jaeger" }, tempo: { type: "tempo", uid: "tempo" } } as const;

/** `[null, "green"], [5, "red"]`: the base colour, then the colour from each value up. */
export type ThresholdStep = [value: number | null, color: string];

export interface PanelOptions {
  title: string;
  description: string;
  /** Grafana unit id: `s`, `reqps`, `percentunit`, `currencyUSD`, `short`… */
  unit: string;
  width?: number;
  height?: number;
  thresholds?: ThresholdStep[];
  min?: number;
  max?: number;
  decimals?: number;
  /** Repeat the panel side by side once per value of a variable. */
  repeat?: VariableName;
  /** Panels per row when repeated (default 4). */
  maxPerRow?: number;
  alerts?: string[];
  /**
   * Build the panel only where this holds of the conventions, e.g. `(q) => q.has("tpotBucket")`:
   * a dashboard for conventions without the signal leaves the panel out rather than show No data.
   */
  when?: (q: import("../vocabulary/queries.ts").Queries) => boolean;
}

/** The builder methods every panel kind of the SDK has. */
interface CommonBuilder {
  title(t: string): unknown;
  description(d: string): unknown;
  unit(u: string): unknown;
  datasource(d: { type: string; uid: string }): unknown;
  thresholds(t: cog.Builder<import("@grafana/grafana-foundation-sdk/dashboard").ThresholdsConfig>): unknown;
  min(n: number): unknown;
  max(n: number): unknown;
  decimals(n: number): unknown;
  repeat(v: string): unknown;
  repeatDirection(d: "h" | "v"): unknown;
  maxPerRow(n: number): unknown;
  withTarget(t: cog.Builder<cog.Dataquery>): unknown;
}

const FORMAT: Record<NonNullable<Target["format"]>, PromQueryFormat> = {
  time_series: PromQueryFormat.TimeSeries,
  table: PromQueryFormat.Table,
  heatmap: PromQueryFormat.Heatmap,
};

export function targetBuilder(t: Target, refId: string): DataqueryBuilder {
  const b = new DataqueryBuilder().datasource(DATASOURCE).expr(t.expr).refId(refId);
  if (t.legend !== undefined) b.legendFormat(t.legend);
  if (t.instant) b.instant();
  else b.range();
  if (t.format) b.format(FORMAT[t.format]);
  if (t.exemplar) b.exemplar(true);
  return b;
}

/** `A`, `B`, … `Z`, `AA`… */
export function refId(i: number): string {
  let s = "";
  for (let n = i; n >= 0; n = Math.floor(n / 26) - 1) s = String.fromCharCode(65 + (n % 26)) + s;
  return s;
}

/**
 * Grafana colours a value by the last step at or below it, reading steps in order: a base step
 * (`null`) first, then values rising. Steps out of order colour values wrongly, so they are refused.
 */
export function thresholdsBuilder(steps: ThresholdStep[]): ThresholdsConfigBuilder {
  let last: number | undefined;
  steps.forEach(([value], i) => {
    if (i === 0 && value !== null) throw new Error(`thresholds start with the base colour [null, "<colour>"], not [${value}, …]`);
    if (i > 0 && value === null) throw new Error("only the first threshold step is the base colour (null); give the others a value");
    if (value === null) return;
    if (last !== undefined && value <= last) throw new Error(`threshold steps rise from the base colour: ${value} comes after ${last}; list them in ascending order`);
    last = value;
  });
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps.map(([value, color]) => ({ value, color })));
}

export function panelBase(b: CommonBuilder, o: PanelOptions, targets: Target[]): void {
  b.title(o.title);
  b.description(o.description);
  b.unit(o.unit);
  b.datasource(DATASOURCE);
  if (o.thresholds) b.thresholds(thresholdsBuilder(o.thresholds));
  if (o.min !== undefined) b.min(o.min);
  if (o.max !== undefined) b.max(o.max);
  if (o.decimals !== undefined) b.decimals(o.decimals);
  if (o.repeat) {
    b.repeat(o.repeat);
    b.repeatDirection("h");
    b.maxPerRow(o.maxPerRow ?? 4);
  } else if (o.maxPerRow !== undefined) {
    // Reported with the panel's name by the dashboard check, which catches what a build throws.
    throw new Error("maxPerRow applies to a repeated panel only: set repeat too, or leave maxPerRow out");
  }
  targets.forEach((t, i) => b.withTarget(targetBuilder(t, refId(i))));
}
