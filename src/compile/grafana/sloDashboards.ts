/**
 * One dashboard per SLO, derived from its definition: SLI now and over the period, objective,
 * error budget (now and over time), burn rate per alert window with the tier thresholds drawn,
 * and which of its burn-rate alerts fire. Adding an SLO adds its dashboard.
 */
import { UserError, UserErrors } from "../../errors.ts";
import { panel, row, type DashboardSpec, type ThresholdStep } from "../../dsl/dashboard.ts";
import { buildDashboard, type Dashboard } from "../../model/dashboards.ts";
import { mustParseDuration } from "../../model/duration.ts";
import { num } from "../../model/numbers.ts";
import type { Model, SLO } from "../../model/types.ts";
import { selector } from "../../promql/build.ts";
import { periodErrorRatio, rec, sloMatchers, TIER_LABEL } from "../prometheus/names.ts";
import { periodName, periodSpan, periodTitle } from "../../model/calendar.ts";
import { dashboardLink, SLO_PANEL, sloDashboardUid, sloListUid } from "./links.ts";
import { aboutPanel, alertCountTargets, alertsByTier, burnNowExpr, burnNowPanel, exhaustionPanel, sloListPanel, windowPairsPanel } from "./sloPanels.ts";

export const SLO_FOLDER = "SLOs";

/** Long windows of the SLO's alert tiers with the factor each is compared to, shortest first. */
function burnWindows(slo: SLO): { window: string; factor: number; tier: string }[] {
  const seen = new Map<string, { window: string; factor: number; tier: string }>();
  for (const t of slo.tiers) for (const w of t.windows) if (!seen.has(w.long)) seen.set(w.long, { window: w.long, factor: w.factor, tier: t.tier });
  return [...seen.values()].sort((a, b) => mustParseDuration(a.window) - mustParseDuration(b.window));
}

/**
 * Green below every tier's factor, then each factor in ascending order coloured by its tier:
 * Grafana reads steps in order, and windows sorted by length have their factors falling. Two
 * windows of one factor are one step, red if either pages.
 */
function burnThresholds(windows: { factor: number; tier: string }[]): ThresholdStep[] {
  const colour = new Map<number, string>();
  for (const w of windows) if (colour.get(w.factor) !== "red") colour.set(w.factor, w.tier === "page" ? "red" : "orange");
  return [[null, "green"], ...[...colour].sort(([a], [b]) => a - b)];
}

/** A calendar period's budget is whole again when the next period begins. */
const budgetResets = (slo: SLO) => (slo.calendar ? ` It is whole again when the next calendar ${slo.calendar} begins (UTC).` : "");

/** The panel the SLO's alerts open (its id is SLO_PANEL.burnRate). */
export const BURN_PANEL_TITLE = "Alert window pairs";

/** The relative time that shows the SLO's whole period: the rolling range, or since the calendar period began. */
export function periodTimeFrom(slo: SLO): string {
  return slo.calendar ? { week: "now/w", month: "now/M", quarter: "now/fQ" }[slo.calendar] : slo.period;
}

export function sloDashboardSpec(slo: SLO): DashboardSpec {
  const s = (series: string) => selector({ series, matchers: sloMatchers(slo) });
  const objective = slo.objective;
  const sliSteps: ThresholdStep[] = [
    [null, "red"],
    [objective, "green"],
  ];
  const windows = burnWindows(slo);
  const burnSteps = burnThresholds(windows);
  const what = slo.description ? ` ${slo.description}` : "";
  return {
    title: `SLO ${slo.service} / ${slo.name}`,
    uid: sloDashboardUid(slo.service, slo.name),
    description: `${slo.name}: objective ${num(slo.objectivePercent)}% over ${periodName(slo)}.${what}`,
    folder: SLO_FOLDER,
    tags: ["llmops", "slo", slo.service],
    time: { from: "now-7d", to: "now" },
    refresh: "1m",
    variables: [],
    // Back to the service's SLO list, and on to the panels that show the SLO's signal.
    links: [{ title: `SLOs ${slo.service}`, url: dashboardLink(sloListUid(slo.service)) }, ...(slo.sources ?? []).map((x) => ({ title: x.title, url: dashboardLink(x.uid, x.panelId) }))],
    rows: [
      row("Objective", [
        panel.stat({
          title: "SLI (last 5m)",
          description: `Share of good events over the last 5 minutes.${what}`,
          unit: "percentunit",
          decimals: 2,
          thresholds: sliSteps,
          width: 4,
          queries: () => [{ expr: `1 - ${s(rec.errorRatio("5m"))}`, instant: true }],
        }),
        panel.stat({
          title: `SLI (${periodTitle(slo)})`,
          description: `Share of good events ${periodSpan(slo)}, against the ${num(slo.objectivePercent)}% objective.`,
          unit: "percentunit",
          decimals: 3,
          thresholds: sliSteps,
          width: 4,
          queries: () => [{ expr: `1 - ${s(periodErrorRatio(slo))}`, instant: true }],
        }),
        panel.stat({
          title: "Objective",
          description: `Target share of good events over ${periodName(slo)}; the error budget is the rest.`,
          unit: "percentunit",
          decimals: 3,
          width: 3,
          queries: () => [{ expr: s(rec.objective), instant: true }],
        }),
        panel.stat({
          title: "Error budget remaining",
          description: `Share of the ${periodName(slo)} error budget (${num(slo.budget * 100)}% of events) not yet spent; below 0 the SLO is missed.${budgetResets(slo)}`,
          unit: "percentunit",
          decimals: 1,
          thresholds: [
            [null, "red"],
            [0, "orange"],
            [0.25, "yellow"],
            [0.5, "green"],
          ],
          width: 4,
          queries: () => [{ expr: s(rec.budgetRemaining), instant: true }],
        }),
        burnNowPanel(slo, burnSteps, 3),
        exhaustionPanel(slo, 3),
        panel.stat({
          title: "Burn-rate alerts firing / pending",
          description: `How many tiers of ${slo.alertName} are firing, and how many are pending (over their threshold, waiting out \`for\`). No data means Prometheus does not have the SLO's rules.`,
          unit: "short",
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          width: 3,
          queries: () => alertCountTargets(slo),
        }),
      ]),
      row("Error budget", [
        panel.timeseries({
          title: `Error budget burn-down (${periodTitle(slo)})`,
          description: `Share of the ${periodName(slo)} error budget left at each point in time, over the whole period whatever the dashboard's time range.${budgetResets(slo)}`,
          unit: "percentunit",
          width: 8,
          thresholds: [
            [null, "red"],
            [0, "green"],
          ],
          queries: () => [{ expr: s(rec.budgetRemaining), legend: "budget remaining" }],
          configure: (b) => b.timeFrom(periodTimeFrom(slo)),
        }),
        panel.timeseries({
          title: "SLI over time",
          description: `Share of good events per 5 minutes and per hour, with the ${num(slo.objectivePercent)}% objective drawn.`,
          unit: "percentunit",
          width: 8,
          thresholds: sliSteps,
          queries: () => [
            { expr: `1 - ${s(rec.errorRatio("5m"))}`, legend: "5m" },
            { expr: `1 - ${s(rec.errorRatio("1h"))}`, legend: "1h" },
          ],
        }),
        panel.timeseries({
          title: "Burn rate over time",
          description: `Burn rate of the last 5 minutes at each point in time: 1 spends exactly the budget in ${periodName(slo)}; the dashed lines are the alert windows' factors (the table below shows each pair).`,
          unit: "short",
          width: 8,
          thresholds: burnSteps,
          queries: () => [{ expr: burnNowExpr(slo), legend: "burn rate (5m)" }],
        }),
      ]),
      row("Burn rate", [
        windowPairsPanel(slo, BURN_PANEL_TITLE, 12),
        panel.timeseries({
          title: "Burn-rate alerts",
          description: `Tiers of ${slo.alertName} firing and pending over time, by tier (page, ticket) and state. No data means Prometheus does not have the SLO's rules.`,
          unit: "short",
          // A flat 0 per tier and state while nothing fires. By tier, not severity: a user's
          // severity may name both tiers alike.
          queries: () => [{ expr: alertsByTier(slo), legend: `{{${TIER_LABEL}}} {{alertstate}}` }],
        }),
      ]),
      ...measureRow(slo, s),
      ...eventsRow(slo, s),
      row("Runbook", [aboutPanel(slo)]),
    ],
  };
}

/** Good, bad and total events per second, for an SLI that counts events (the error ratio's numerator and denominator). */
function eventsRow(slo: SLO, s: (series: string) => string): ReturnType<typeof row>[] {
  const sli = slo.sli;
  if (sli.kind !== "events" && !(sli.kind === "raw" && sli.events)) return [];
  return [
    row("Events", [
      panel.timeseries({
        title: "Good and total events",
        description: `Events per second over 5 minutes, as the SLI counts them: all of them, the good ones and the bad ones that spend the error budget.`,
        unit: "short",
        width: 24,
        queries: () => [
          { expr: s(rec.events5m), legend: "total" },
          { expr: `${s(rec.events5m)} - ${s(rec.errors5m)}`, legend: "good" },
          { expr: s(rec.errors5m), legend: "bad" },
        ],
      }),
    ]),
  ];
}

/** A timeslice SLI's measured value, in its own unit, with the threshold a good slice meets. */
function measureRow(slo: SLO, s: (series: string) => string): ReturnType<typeof row>[] {
  const sli = slo.sli;
  if (sli.kind !== "timeslice") return [];
  const good = sli.op === "<" || sli.op === "<=" ? ["green", "red"] : ["red", "green"];
  return [
    row("Measure", [
      panel.timeseries({
        title: "Measured value per slice",
        description: `The value each ${sli.slice} slice is judged by; a slice is good when it is ${sli.op} ${num(sli.threshold)}.`,
        unit: sli.unit,
        width: 24,
        thresholds: [
          [null, good[0]!],
          [sli.threshold, good[1]!],
        ],
        queries: () => [{ expr: s(rec.measure), legend: "measure" }],
      }),
    ]),
  ];
}

/** One service's SLOs as one table, lowest budget first, each row opening that SLO's dashboard. */
export function sloOverviewSpec(service: string, slos: SLO[]): DashboardSpec {
  return {
    title: `SLOs ${service}`,
    uid: sloListUid(service),
    description: `Every SLO of ${service}: objective and period, SLI over the period, error budget left, burn rate now and alerts firing, lowest budget first.`,
    folder: SLO_FOLDER,
    tags: ["llmops", "slo", service],
    time: { from: "now-7d", to: "now" },
    refresh: "1m",
    variables: [],
    panels: [sloListPanel(service, slos)],
  };
}

/**
 * Each service's overview, then its SLOs' dashboards, in service and definition order, one at
 * a time: a project of thousands of SLOs never holds them all, so each is garbage as soon as it
 * is written out.
 */
export function* eachSloDashboard(model: Model): Generator<Dashboard> {
  const errors: UserError[] = [];
  for (const svc of model.services) {
    if (svc.slos.length) {
      const o = buildDashboard(sloOverviewSpec(svc.name, svc.slos), model.conventions, svc.source, errors);
      if (o) yield o;
    }
    for (const slo of svc.slos) {
      const d = buildDashboard(sloDashboardSpec(slo), model.conventions, slo.source, errors);
      if (!d) continue;
      const burn = d.sections.flatMap((x) => x.panels).find((p) => p.title === BURN_PANEL_TITLE);
      if (burn?.id !== SLO_PANEL.burnRate) throw new Error(`SLO dashboard layout changed: burn-rate panel is ${burn?.id}, links expect ${SLO_PANEL.burnRate}`);
      yield d;
    }
  }
  if (errors.length) throw errors.length === 1 ? errors[0]! : new UserErrors(errors);
}

