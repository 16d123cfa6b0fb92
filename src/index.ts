/** The public API definitions import as `llmops`. */
export { defineProject, service, slo, sli, alert } from "./dsl/index.ts";
export { fromYaml } from "./load/yaml.ts";
export type * from "./dsl/spec.ts";
export { presets, labPreset, otelGenAIPreset, type PresetOptions } from "./vocabulary/presets.ts";
export { dashboard, row, panel, sdk } from "./dsl/dashboard.ts";
export type { DashboardSpec, RowSpec, PanelSpec, PanelOptions, Queries, QuerySignal, Target, ThresholdStep, VariableName } from "./dsl/dashboard.ts";
export type { Conventions, MetricSpec, SeriesRef, Matcher, MatchOp } from "./vocabulary/conventions.ts";
export type { PriceTable, ModelPrice } from "./vocabulary/prices.ts";
export { stack, receiver } from "./dsl/stack.ts";
export type * from "./dsl/stackSpec.ts";
