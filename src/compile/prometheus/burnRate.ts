/** Multi-window multi-burn-rate alerts: one alert per SLO and tier, OR of its window pairs. */
import type { SLO, Tier } from "../../model/types.ts";
import { num } from "../../model/numbers.ts";
import { selector } from "../../promql/build.ts";
import { rec, SERVICE_LABEL, sloMatchers, TIER_LABEL } from "./names.ts";
import type { AlertingRule } from "./rule.ts";
import { sloAlertPath } from "../grafana/links.ts";
import { memo } from "../../memo.ts";
import { periodName } from "../../model/calendar.ts";

export function burnRateExpr(slo: SLO, tier: Tier): string {
  const ratio = (w: string) => selector({ series: rec.errorRatio(w), matchers: sloMatchers(slo) });
  return tier.windows
    .map((w) => {
      const threshold = `(${num(w.factor)} * ${num(slo.budget)})`;
      // The low-traffic guard: too few events over the long window, and the pair stays silent.
      const guard = w.minEvents ? `\nand\n  ${selector({ series: rec.eventsCount(w.long), matchers: sloMatchers(slo) })} >= ${num(w.minEvents)}` : "";
      return `(\n  ${ratio(w.short)} > ${threshold}\nand\n  ${ratio(w.long)} > ${threshold}${guard}\n)`;
    })
    .join("\nor\n");
}

/** Per tier, as rules and every test case that expects the alert use them (never mutated). */
const annotationsOf = new WeakMap<Tier, Record<string, string>>();

export function burnRateAnnotations(slo: SLO, tier: Tier): Readonly<Record<string, string>> {
  return memo(annotationsOf, tier, () => tierAnnotations(slo, tier, slo.runbookUrl));
}

function tierAnnotations(slo: SLO, tier: Tier, runbookUrl: string | undefined): Record<string, string> {
  const pairs = tier.windows.map((w) => `${num(w.factor)}x over ${w.long} and ${w.short}`).join(", or ");
  const defaults: Record<string, string> = {
    summary: `{{ $labels.${SERVICE_LABEL} }}: the ${slo.name} SLO is burning its error budget too fast`,
    description:
      `The error ratio of ${slo.name} is {{ $value | humanizePercentage }}, above ${pairs} its budget of ` +
      `${num(slo.budget * 100)}% (objective ${num(slo.objectivePercent)}% over ${periodName(slo)}). ` +
      (tier.tier === "page"
        ? "At this rate the budget will be gone within days: act now."
        : "At this rate the budget will be gone before the period ends: plan a fix."),
  };
  if (runbookUrl) defaults.runbook_url = runbookUrl;
  defaults.dashboard_url = sloAlertPath(slo);
  return { ...defaults, ...tier.annotations };
}

/** The labels of a tier's alert; ours last, so neither a user label nor their severity can merge two tiers. */
export function burnRateLabels(tier: Tier): Record<string, string> {
  return { ...tier.labels, severity: tier.severity, [TIER_LABEL]: tier.tier };
}

export function burnRateAlerts(slo: SLO): AlertingRule[] {
  return slo.tiers.map((tier) => ({
    alert: slo.alertName,
    expr: burnRateExpr(slo, tier),
    for: tier.for,
    labels: burnRateLabels(tier),
    annotations: { ...burnRateAnnotations(slo, tier) },
  }));
}
