/**
 * Panels of the SLO dashboards that read more than one recording: burn rate now and the time the
 * budget left lasts at it, every alert window pair against its factor, alert counts that know
 * whether the rules are loaded, and the runbook and SLI query as text.
 */
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as text from "@grafana/grafana-foundation-sdk/text";
import { MappingType } from "@grafana/grafana-foundation-sdk/dashboard";
import { TableCellDisplayMode, TableSortByFieldStateBuilder } from "@grafana/grafana-foundation-sdk/common";
import { panel, type PanelSpec, type ThresholdStep } from "../../dsl/dashboard.ts";
import { DATASOURCE, targetBuilder } from "../../dsl/dashboardPanel.ts";
import { num } from "../../model/numbers.ts";
import type { SLO } from "../../model/types.ts";
import { eq, labelList, quote, selector } from "../../promql/build.ts";
import { periodName } from "../../model/calendar.ts";
import { periodErrorRatio, rec, SERVICE_LABEL, SLO_LABEL, sloMatchers, TIER_LABEL } from "../prometheus/names.ts";
import { dashboardLink, sloDashboardUid } from "./links.ts";
import { sliRecordingRules } from "../prometheus/sliRules.ts";

export type AlertState = "firing" | "pending";
export const STATES: AlertState[] = ["firing", "pending"];

const sel = (slo: SLO, series: string) => selector({ series, matchers: sloMatchers(slo) });

/** The SLO's burn-rate alerts in one state (of one tier), as Prometheus records them. */
const alertsIn = (slo: SLO, state: AlertState, tier?: string) =>
  selector({ series: "ALERTS", matchers: [eq("alertname", slo.alertName), eq("alertstate", state), ...(tier ? [eq(TIER_LABEL, tier)] : []), ...sloMatchers(slo)] });

/**
 * 0 carrying `labels`, only while the SLO's rules are loaded (its objective is recorded then):
 * a count of alerts reads 0 when none fires and No data when the rules are missing, never a
 * green 0 for rules Prometheus does not have.
 */
export function zeroWhileLoaded(slo: SLO, labels: Record<string, string> = {}): string {
  let e = `0 * ${sel(slo, rec.objective)}`;
  for (const [k, v] of Object.entries(labels)) e = `label_replace(${e}, ${quote(k)}, ${quote(v)}, "", "")`;
  return Object.keys(labels).length ? `sum by (${labelList(Object.keys(labels))}) (${e})` : `sum(${e})`;
}

/** How many of the SLO's burn-rate alerts are in `state` now: 0 while none is, No data without its rules. */
export const alertCount = (slo: SLO, state: AlertState, tier?: string) => `count(${alertsIn(slo, state, tier)}) or ${zeroWhileLoaded(slo)}`;

/** Firing and pending alerts counted apart, each target named by its state. */
export const alertCountTargets = (slo: SLO) => STATES.map((state) => ({ expr: alertCount(slo, state), instant: true, legend: state }));

/** Alerts by tier and state over time, a 0 line for each while the rules are loaded. */
export function alertsByTier(slo: SLO): string {
  const states = STATES.map((state) => alertsIn(slo, state)).join(" or ");
  const zeros = slo.tiers.flatMap((t) => STATES.map((state) => zeroWhileLoaded(slo, { [TIER_LABEL]: t.tier, alertstate: state })));
  return [`count by (${TIER_LABEL}, alertstate) (${states})`, ...zeros].join(" or ");
}

/** The burn rate of the last 5 minutes, as the rules record it. */
export const burnNowExpr = (slo: SLO) => sel(slo, rec.currentBurnRate);

/**
 * How long the budget left lasts at the burn rate of the last 5 minutes: the remaining share of
 * the budget times the period, over the burn rate (1 spends a whole budget in one period).
 * Infinite while budget is left and nothing burns, 0 once it is spent; No data only without the
 * SLO's recordings (a live dashboard query always has a value).
 */
export function exhaustionExpr(slo: SLO): string {
  const left = sel(slo, rec.budgetRemaining);
  return `clamp_min(${left}, 0) * ${sel(slo, rec.periodDays)} * 86400 / (${sel(slo, rec.currentBurnRate)} > 0) or (${left} > 0) * Inf or 0 * ${left}`;
}

export function burnNowPanel(slo: SLO, steps: ThresholdStep[], width: number): PanelSpec {
  return panel.stat({
    title: "Burn rate now",
    description: `How fast the error budget burns over the last 5 minutes: 1 spends exactly the budget in ${periodName(slo)}; above 1 it runs out before the period ends.`,
    unit: "short",
    decimals: 2,
    thresholds: steps,
    width,
    queries: () => [{ expr: burnNowExpr(slo), instant: true }],
  });
}

export function exhaustionPanel(slo: SLO, width: number): PanelSpec {
  return panel.stat({
    title: "Budget exhausted in",
    description: "How long the error budget left lasts at the burn rate of the last 5 minutes (budget remaining × period ÷ burn rate now). 0 means it is spent; infinite while nothing burns.",
    unit: "s",
    thresholds: [
      [null, "red"],
      [86400, "orange"],
      [7 * 86400, "green"],
    ],
    width,
    queries: () => [{ expr: exhaustionExpr(slo), instant: true }],
  });
}

/** Every window pair of the SLO's tiers, in tier order. */
export const windowPairs = (slo: SLO) => slo.tiers.flatMap((t) => t.windows.map((w) => ({ tier: t.tier, short: w.short, long: w.long, factor: w.factor })));
type Pair = ReturnType<typeof windowPairs>[number];

export const PAIR_LABELS = { tier: TIER_LABEL, short: "short_window", long: "long_window", factor: "factor" } as const;

/** `expr` (one sample without labels) labelled with the pair it belongs to. */
function labelled(expr: string, p: Pair): string {
  let e = expr;
  const values: Record<string, string> = { [PAIR_LABELS.tier]: p.tier, [PAIR_LABELS.short]: p.short, [PAIR_LABELS.long]: p.long, [PAIR_LABELS.factor]: num(p.factor) };
  for (const [k, v] of Object.entries(values)) e = `label_replace(${e}, ${quote(k)}, ${quote(v)}, "", "")`;
  return e;
}

const burn = (slo: SLO, window: string) => `sum(${sel(slo, rec.errorRatio(window))}) / ${num(slo.budget)}`;

/** Burn rate over each pair's short (or long) window, one sample per pair. */
export const pairBurnExpr = (slo: SLO, which: "short" | "long") => windowPairs(slo).map((p) => labelled(burn(slo, p[which]), p)).join(" or ");

/**
 * Each pair's state: 0 while either window burns at most its factor, 1 while both burn faster
 * (the tier's alert is pending or about to be), 2 while they do and the tier's alert fires.
 */
export function pairStateExpr(slo: SLO): string {
  return windowPairs(slo)
    .map((p) => {
      const over = (w: string) => `sum(${sel(slo, rec.errorRatio(w))} > bool (${num(p.factor)} * ${num(slo.budget)}))`;
      return labelled(`${over(p.short)} * ${over(p.long)} * (1 + (${alertCount(slo, "firing", p.tier)}))`, p);
    })
    .join(" or ");
}

export const PAIR_STATE = { 0: "below factor", 1: "over factor", 2: "alert firing" } as const;

/** The window pairs as one table: a row per pair, its burn rates and state side by side. */
export function windowPairsPanel(slo: SLO, title: string, width: number): PanelSpec {
  if (!windowPairs(slo).length) {
    // Every tier turned off (Sloth's `disable`, Pyrra's alerting off): no pair to show.
    return panel.custom({
      title,
      width,
      height: 8,
      build: () =>
        new text.PanelBuilder()
          .title(title)
          .description(`${slo.name} raises no burn-rate alert: its definition turns every tier off.`)
          .unit("none")
          .datasource(DATASOURCE)
          .mode(text.TextMode.Markdown)
          .content(`**No burn-rate alerts.** The definition of ${slo.name} turns every alert tier off, so no window pair is watched.`),
    });
  }
  const description =
    `Every window pair of ${slo.alertName}: a tier's alert fires when both windows of one of its pairs burn the error budget faster than the pair's factor ` +
    `(1 spends exactly the budget in ${periodName(slo)}) for its \`for\` duration.`;
  return panel.custom({
    title,
    width,
    height: 8,
    alerts: [slo.alertName],
    build: () => {
      const b = new table.PanelBuilder()
        .title(title)
        .description(description)
        .unit("short")
        .decimals(2)
        .datasource(DATASOURCE)
        .withTarget(targetBuilder({ expr: pairBurnExpr(slo, "short"), instant: true, format: "table" }, "A"))
        .withTarget(targetBuilder({ expr: pairBurnExpr(slo, "long"), instant: true, format: "table" }, "B"))
        .withTarget(targetBuilder({ expr: pairStateExpr(slo), instant: true, format: "table" }, "C"))
        .withTransformation({ id: "merge", options: {} })
        .withTransformation({
          id: "organize",
          options: {
            excludeByName: { Time: true },
            indexByName: { [PAIR_LABELS.tier]: 0, [PAIR_LABELS.short]: 1, [PAIR_LABELS.long]: 2, [PAIR_LABELS.factor]: 3, "Value #A": 4, "Value #B": 5, "Value #C": 6 },
            renameByName: { [PAIR_LABELS.tier]: "Tier", [PAIR_LABELS.short]: "Short window", [PAIR_LABELS.long]: "Long window", [PAIR_LABELS.factor]: "Factor", "Value #A": "Short burn", "Value #B": "Long burn", "Value #C": "State" },
          },
        })
        .overrideByName("State", [
          {
            id: "mappings",
            value: [
              {
                type: MappingType.ValueToText,
                options: {
                  "0": { text: PAIR_STATE[0], color: "green", index: 0 },
                  "1": { text: PAIR_STATE[1], color: "orange", index: 1 },
                  "2": { text: PAIR_STATE[2], color: "red", index: 2 },
                },
              },
            ],
          },
          { id: "custom.cellOptions", value: { type: TableCellDisplayMode.ColorBackground } },
        ]);
      return b;
    },
  });
}

/** The SLI as the rules record it every 5 minutes, from the user's own series. */
export function sliQueries(slo: SLO): { record: string; expr: string }[] {
  const shown = new Set<string>([rec.errors5m, rec.events5m, rec.measure, rec.badSlice, rec.errorRatio("5m")]);
  return sliRecordingRules(slo).filter((r) => shown.has(r.record) && !(r.record === rec.errorRatio("5m") && r.expr.includes(rec.errors5m)));
}

/** Markdown of the runbook link and the SLI's queries. */
export function aboutMarkdown(slo: SLO): string {
  const runbook = slo.runbookUrl ? `**Runbook:** [${slo.runbookUrl}](${slo.runbookUrl})` : "**Runbook:** none given for this SLO.";
  const what = slo.description ? `\n\n${slo.description}` : "";
  const queries = sliQueries(slo)
    .map((r) => `\`${r.record}\`\n\n\`\`\`promql\n${r.expr}\n\`\`\``)
    .join("\n\n");
  return `${runbook}${what}\n\n**Objective:** ${num(slo.objectivePercent)}% over ${periodName(slo)}; error budget ${num(slo.budget * 100)}% of events.\n\n**SLI**, as recorded every evaluation over 5 minutes:\n\n${queries}\n`;
}

export function aboutPanel(slo: SLO): PanelSpec {
  const title = "Runbook and SLI query";
  return panel.custom({
    title,
    width: 24,
    height: 10,
    build: () =>
      new text.PanelBuilder()
        .title(title)
        .description("What to do when the SLO burns, and the queries its SLI is recorded from.")
        .unit("none")
        .datasource(DATASOURCE)
        .mode(text.TextMode.Markdown)
        .content(aboutMarkdown(slo)),
  });
}

/** The labels every column of the SLO list carries, so its frames merge into a row per SLO. */
export const LIST_LABELS = { service: SERVICE_LABEL, slo: SLO_LABEL, window: "window", dashboard: "dashboard" } as const;

const bySlo = (expr: string, extra: string[] = []) => `sum by (${[SERVICE_LABEL, SLO_LABEL, ...extra].join(", ")}) (${expr})`;

/**
 * The columns of a service's SLO list, each one query over every SLO of the service: the
 * objective (carrying each SLO's period and dashboard uid as labels), the SLI over the period
 * (one term per recording of a period, as SLOs of 28 and 30 days record it apart), the budget
 * left, the burn rate now and the alerts firing (0 while the rules are loaded).
 */
export function sloListQueries(service: string, slos: SLO[]): { objective: string; sli: string; budget: string; burn: string; alerts: string } {
  const svc = [eq(SERVICE_LABEL, service)];
  const objective = slos
    .map((slo) => {
      let e = sel(slo, rec.objective);
      e = `label_replace(${e}, ${quote(LIST_LABELS.window)}, ${quote(periodName(slo))}, "", "")`;
      e = `label_replace(${e}, ${quote(LIST_LABELS.dashboard)}, ${quote(sloDashboardUid(slo.service, slo.name))}, "", "")`;
      return bySlo(e, [LIST_LABELS.window, LIST_LABELS.dashboard]);
    })
    .join(" or ");
  const byRatio = new Map<string, SLO[]>();
  for (const slo of slos) byRatio.set(periodErrorRatio(slo), [...(byRatio.get(periodErrorRatio(slo)) ?? []), slo]);
  const sli = [...byRatio]
    .map(([series, group]) => `1 - ${bySlo(selector({ series, matchers: [...svc, { label: SLO_LABEL, op: "=~", value: group.map((x) => x.name).join("|") }] }))}`)
    .join(" or ");
  const all = (series: string) => bySlo(selector({ series, matchers: svc }));
  const firing = `count by (${SERVICE_LABEL}, ${SLO_LABEL}) (${selector({ series: "ALERTS", matchers: [eq("alertstate", "firing"), ...svc, { label: "alertname", op: "=~", value: [...new Set(slos.map((x) => x.alertName))].join("|") }] })})`;
  return { objective, sli, budget: all(rec.budgetRemaining), burn: all(rec.currentBurnRate), alerts: `${firing} or 0 * ${all(rec.objective)}` };
}

/** A column's cells coloured by these absolute threshold steps. */
const coloredCells = (steps: ThresholdStep[]) => [
  { id: "thresholds", value: { mode: "absolute", steps: steps.map(([value, color]) => ({ value, color })) } },
  { id: "custom.cellOptions", value: { type: TableCellDisplayMode.ColorBackground } },
];

/** A service's SLOs as one table: a row per SLO, lowest budget left first, each SLO's name opening its dashboard. */
export function sloListPanel(service: string, slos: SLO[]): PanelSpec {
  const title = `SLOs of ${service}`;
  const q = sloListQueries(service, slos);
  const names = { [SLO_LABEL]: "SLO", "Value #A": "Objective", [LIST_LABELS.window]: "Window", "Value #B": "SLI", "Value #C": "Budget left", "Value #D": "Burn now", "Value #E": "Alerts firing" };
  return panel.custom({
    title,
    width: 24,
    height: Math.min(4 + slos.length, 24),
    alerts: [],
    build: () =>
      new table.PanelBuilder()
        .title(title)
        .description(
          `Every SLO of ${service}, lowest error budget left first: its objective over its period, the SLI over that period, the share of the budget not yet spent, ` +
            `the burn rate of the last 5 minutes (1 spends exactly the budget in one period) and how many of its burn-rate alerts fire. An SLO's name opens its dashboard on the same time range and data source.`,
        )
        .unit("percentunit")
        .decimals(3)
        .datasource(DATASOURCE)
        .withTarget(targetBuilder({ expr: q.objective, instant: true, format: "table" }, "A"))
        .withTarget(targetBuilder({ expr: q.sli, instant: true, format: "table" }, "B"))
        .withTarget(targetBuilder({ expr: q.budget, instant: true, format: "table" }, "C"))
        .withTarget(targetBuilder({ expr: q.burn, instant: true, format: "table" }, "D"))
        .withTarget(targetBuilder({ expr: q.alerts, instant: true, format: "table" }, "E"))
        .withTransformation({ id: "merge", options: {} })
        .withTransformation({
          id: "organize",
          options: {
            excludeByName: { Time: true, [SERVICE_LABEL]: true },
            indexByName: { [SLO_LABEL]: 0, "Value #A": 1, [LIST_LABELS.window]: 2, "Value #B": 3, "Value #C": 4, "Value #D": 5, "Value #E": 6, [LIST_LABELS.dashboard]: 7 },
            renameByName: names,
          },
        })
        .sortBy([new TableSortByFieldStateBuilder().displayName("Budget left").desc(false)])
        .overrideByName("SLO", [{ id: "links", value: [{ title: "Open the SLO's dashboard", url: dashboardLink("${__data.fields.dashboard}") }] }])
        .overrideByName(LIST_LABELS.dashboard, [{ id: "custom.hidden", value: true }])
        .overrideByName("Budget left", [
          { id: "decimals", value: 1 },
          ...coloredCells([
            [null, "red"],
            [0, "orange"],
            [0.5, "green"],
          ]),
        ])
        .overrideByName("Burn now", [
          { id: "unit", value: "short" },
          { id: "decimals", value: 2 },
        ])
        .overrideByName("Alerts firing", [
          { id: "unit", value: "short" },
          { id: "decimals", value: 0 },
          ...coloredCells([
            [null, "green"],
            [1, "red"],
          ]),
        ]),
  });
}
