/**
 * Dashboards in definitions: rows of panels, each panel a Grafana Foundation SDK builder made
 * when the dashboard is compiled, with queries written against the metric conventions.
 */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type { Panel } from "@grafana/grafana-foundation-sdk/dashboard";
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, ReduceDataOptionsBuilder } from "@grafana/grafana-foundation-sdk/common";
import * as common from "@grafana/grafana-foundation-sdk/common";
import * as grafanaDashboard from "@grafana/grafana-foundation-sdk/dashboard";
import * as prometheus from "@grafana/grafana-foundation-sdk/prometheus";
import * as bargauge from "@grafana/grafana-foundation-sdk/bargauge";
import * as gauge from "@grafana/grafana-foundation-sdk/gauge";
import * as heatmap from "@grafana/grafana-foundation-sdk/heatmap";
import * as piechart from "@grafana/grafana-foundation-sdk/piechart";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as tempo from "@grafana/grafana-foundation-sdk/tempo";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import type { Queries, Target } from "../vocabulary/queries.ts";
import { panelBase, TRACE_DATASOURCES, type PanelOptions } from "./dashboardPanel.ts";
import { remember } from "./source.ts";

export type { Queries, Target, QuerySignal } from "../vocabulary/queries.ts";
export type { PanelOptions, ThresholdStep } from "./dashboardPanel.ts";

/** The Foundation SDK's builders, for custom panels written in definitions. */
export const sdk = { bargauge, gauge, heatmap, piechart, stat, table, timeseries, common, dashboard: grafanaDashboard, prometheus };

export type { VariableName } from "../vocabulary/queries.ts";
import type { VariableName } from "../vocabulary/queries.ts";

/** The panel helpers, and `custom` for a builder of one's own. */
export type PanelKind = "timeseries" | "stat" | "gauge" | "piechart" | "table" | "bargauge" | "heatmap" | "traces" | "custom";

/**
 * One panel: its place in the flow and how to build it once the conventions are known. A
 * helper's panel also keeps the options it was given, so the project check sees every one.
 */
export interface PanelSpec {
  kind?: PanelKind;
  title: string;
  /** Grid columns out of 24. */
  width: number;
  /** Grid rows (30 px each). */
  height: number;
  /** Alerts this panel shows: their `dashboard_url` annotation points here. */
  alerts: string[];
  /** A fresh builder every call: SDK builders must not be shared between dashboards. */
  build: (q: Queries) => cog.Builder<Panel>;
  /** Build the panel only where this holds of the conventions (`(q) => q.has("cachedTokens")`); a row left without panels is left out. */
  when?: (q: Queries) => boolean;
}

export interface RowSpec {
  title: string;
  /** Repeat the row once per value of a variable. */
  repeat?: VariableName;
  collapsed?: boolean;
  panels: PanelSpec[];
}

export interface DashboardSpec {
  title: string;
  /** Default: derived from the title (lowercase, dashes, at most 40 characters). */
  uid?: string;
  description?: string;
  /** Grafana folder; also the directory under `grafana/dashboards/` (default `LLMOps`). */
  folder?: string;
  tags?: string[];
  /** Auto-refresh interval (default `30s`). */
  refresh?: string;
  /** Default time range (default `now-1h` to `now`). */
  time?: { from: string; to: string };
  /** Query variables besides `datasource` (default: service, model, provider, app). */
  variables?: VariableName[];
  /** Panels above the first row. */
  panels?: PanelSpec[];
  /** Links in the dashboard's header, besides the dropdown of every llmops dashboard. */
  links?: { title: string; url: string }[];
  rows?: RowSpec[];
}

export function dashboard(spec: DashboardSpec): DashboardSpec {
  return remember(spec);
}

export function row(title: string, panels: PanelSpec[], opts: { repeat?: VariableName; collapsed?: boolean } = {}): RowSpec {
  return { title, panels, ...opts };
}

/** Single-value panels show the latest value. */
const lastValue = () => new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false);

/**
 * The SDK's zero value hides the legend and shows one series in the tooltip: a graph of many
 * series would name none of them. Legends go below the graph, tooltips list every series at the
 * cursor, largest first.
 */
const bottomLegend = () => new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom).calcs([]);
const everySeriesTooltip = () => new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending);

/** A pie names each slice and its share of the whole, on the slice and in the legend. */
const pieLegend = () =>
  new piechart.PieChartLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom)
    .values([piechart.PieChartLegendValues.Percent, piechart.PieChartLegendValues.Value])
    .calcs([]);

type Queried = { queries: (q: Queries) => Target[] };

export interface TracePanelOptions {
  title: string;
  description: string;
  /** `service.name` of the spans. */
  service: string;
  /** Spans at least this long are slow: a Jaeger/TraceQL duration such as `3s`. */
  slowerThan: string;
  /** Most traces each search lists (default 20). */
  limit?: number;
  when?: (q: Queries) => boolean;
  width?: number;
  height?: number;
}

/** Jaeger's search query; the SDK has no Jaeger module. */
const jaegerSearch = (refId: string, fields: { service: string; minDuration?: string; tags?: string; limit: number }): cog.Builder<cog.Dataquery> => ({
  build: () => ({ refId, datasource: TRACE_DATASOURCES.jaeger, queryType: "search", ...fields, _implementsDataqueryVariant: () => {} }),
});

/**
 * Slow and failed spans of a service from the trace store: on Tempo one TraceQL search of spans,
 * on Jaeger a search for slow traces and one for failed ones (Jaeger's search has no "or").
 */
function tracePanel(o: TracePanelOptions): PanelSpec {
  const limit = o.limit ?? 20;
  return {
    ...o,
    kind: "traces",
    title: o.title,
    width: given(o.width, 24),
    height: given(o.height, 8),
    alerts: [],
    build: (q) => {
      const ds = TRACE_DATASOURCES[q.traceStore];
      // Durations come with the store's own unit; the default is the same.
      const b = new table.PanelBuilder().title(o.title).description(o.description).unit(q.traceStore === "tempo" ? "ms" : "µs").datasource(ds);
      if (q.traceStore === "tempo") {
        const traceql = `{ resource.service.name = ${JSON.stringify(o.service)} && (duration >= ${o.slowerThan} || status = error) }`;
        b.withTarget(new tempo.DataqueryBuilder().refId("A").datasource(ds).queryType("traceql").query(traceql).limit(limit).tableType(tempo.SearchTableType.Spans));
      } else {
        b.withTarget(jaegerSearch("A", { service: o.service, minDuration: o.slowerThan, limit }));
        b.withTarget(jaegerSearch("B", { service: o.service, tags: "error=true", limit }));
      }
      return b;
    },
  };
}
type Configure<B> = { configure?: (b: B) => void };

/** `width: null` stays null for the check to refuse: only a field left out takes the default. */
const given = <T>(v: T | undefined, d: T): T => (v === undefined ? d : v);

const make =
  <B extends timeseries.PanelBuilder | stat.PanelBuilder | gauge.PanelBuilder | piechart.PanelBuilder | table.PanelBuilder | bargauge.PanelBuilder | heatmap.PanelBuilder>(
    kind: Exclude<PanelKind, "custom" | "traces">,
    create: () => B,
    size: { width: number; height: number },
    finish?: (b: B, opts: PanelOptions) => void,
  ) =>
  (opts: PanelOptions & Queried & Configure<B>): PanelSpec => ({
    ...opts,
    kind,
    title: opts.title,
    width: given(opts.width, size.width),
    height: given(opts.height, size.height),
    alerts: given(opts.alerts, []),
    build: (q) => {
      const b = create();
      panelBase(b, opts, opts.queries(q));
      finish?.(b, opts);
      opts.configure?.(b);
      return b;
    },
  });

/** Panel helpers: title, description and unit are required; queries come from the conventions. */
export const panel = {
  /** A legend below the graph, every series in the tooltip; thresholds are drawn as dashed lines. */
  timeseries: make("timeseries", () => new timeseries.PanelBuilder().legend(bottomLegend()).tooltip(everySeriesTooltip()), { width: 12, height: 8 }, (b, o) => {
    if (o.thresholds) b.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }),
  stat: make("stat", () => new stat.PanelBuilder().reduceOptions(lastValue()), { width: 6, height: 4 }),
  gauge: make("gauge", () => new gauge.PanelBuilder().reduceOptions(lastValue()), { width: 6, height: 6 }),
  /** Slices labelled with their name and percentage; give it an instant `increase(…[$__range])` to share out the selected range. */
  piechart: make(
    "piechart",
    () =>
      new piechart.PanelBuilder()
        .reduceOptions(lastValue())
        .displayLabels([piechart.PieChartLabels.Percent, piechart.PieChartLabels.Name])
        .legend(pieLegend())
        .tooltip(everySeriesTooltip()),
    { width: 8, height: 8 },
  ),
  table: make("table", () => new table.PanelBuilder(), { width: 12, height: 8 }),
  bargauge: make("bargauge", () => new bargauge.PanelBuilder().reduceOptions(lastValue()), { width: 12, height: 8 }),
  heatmap: make("heatmap", () => new heatmap.PanelBuilder().calculate(false), { width: 12, height: 8 }),
  /** A table of the service's slow and failed spans, from the stack's trace store (Jaeger or Tempo). */
  traces: tracePanel,
  /**
   * Any SDK panel builder, for what the helpers do not cover. The builder sets everything but the
   * id and position; it must set a title, description and unit and query `${datasource}` (validate checks).
   */
  custom: (opts: { title: string; width?: number; height?: number; alerts?: string[]; when?: (q: Queries) => boolean; build: (q: Queries) => cog.Builder<Panel> }): PanelSpec => ({
    ...opts,
    kind: "custom",
    title: opts.title,
    width: given(opts.width, 12),
    height: given(opts.height, 8),
    alerts: given(opts.alerts, []),
    build: opts.build,
  }),
};
