/**
 * Counts of burn-rate alerts on the SLO dashboards and SLO lists read 0 only while Prometheus has
 * the SLO's rules, No data when it does not, and count pending alerts as well as firing ones.
 * Every panel target that reads ALERTS is evaluated by promtool over three sets of series.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { promtoolExprTests, ROOT } from "../helpers.ts";

interface Target {
  expr: string;
  legendFormat?: string;
}
interface Panel {
  type: string;
  title: string;
  targets?: Target[];
  panels?: Panel[];
}

const { model, artifacts } = await build(join(ROOT, "definitions"));
const slos = model.services.flatMap((s) => s.slos);
const boards = artifacts.filter((a) => a.path.startsWith("grafana/dashboards/SLOs/")).map((a) => ({ path: a.path, d: JSON.parse(a.content) as { panels: Panel[] } }));

/** Every target that reads ALERTS, with the SLO it counts (named by the selector's labels). */
const targets = boards.flatMap(({ path, d }) =>
  d.panels
    .flatMap((p) => [p, ...(p.panels ?? [])])
    // The window-pair table reads the firing alerts into each pair's state (sloDashboards.test.ts).
    .filter((p) => p.type !== "table")
    .flatMap((p) => (p.targets ?? []).filter((t) => t.expr.includes("ALERTS")).map((t) => ({ at: `${path} "${p.title}"`, t })))
    .map(({ at, t }) => {
      const service = /llmops_service="([^"]+)"/.exec(t.expr)?.[1];
      const name = /llmops_slo="([^"]+)"/.exec(t.expr)?.[1];
      const slo = slos.find((s) => s.service === service && s.name === name);
      if (!slo) throw new Error(`${at}: no SLO ${service}/${name}`);
      return { at, t, slo };
    }),
);

type Sample = { labels: string; value: number };
type Series = { series: string; values: string };
const labelsOf = (o: Record<string, string>) => `{${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`;

/** What a target should read over `alerts` (tier and state of each ALERTS series), as promtool prints it. */
function expected(t: Target, slo: (typeof slos)[number], alerts: { tier: string; state: string }[]): Sample[] {
  // A target without a state in its legend counts firing alerts.
  const legend = t.legendFormat || "firing";
  if (legend === "firing" || legend === "pending") return [{ labels: "{}", value: alerts.filter((a) => a.state === legend).length }];
  if (legend.startsWith(`{{${TIER_LABEL}}}`)) {
    return slo.tiers.flatMap((tier) =>
      ["firing", "pending"].map((state) => ({ labels: labelsOf({ alertstate: state, [TIER_LABEL]: tier.tier }), value: alerts.filter((a) => a.tier === tier.tier && a.state === state).length })),
    );
  }
  throw new Error(`no expectation for the target of legend "${legend}": ${t.expr}`);
}

function promtool(cases: { series: Series[]; tests: { expr: string; exp_samples: Sample[] }[] }[]): { status: number | null; out: string } {
  return promtoolExprTests(cases.map((c) => ({ input_series: c.series, promql_expr_test: c.tests.map((x) => ({ ...x, eval_time: "5m" })) })));
}

describe("burn-rate alert counts on the SLO dashboards", () => {
  it("every SLO dashboard and SLO list counts its alerts", () => {
    for (const slo of slos) expect(targets.filter((x) => x.slo === slo).length, `${slo.service}/${slo.name}`).toBeGreaterThanOrEqual(3);
  });

  it("read No data without the SLO's rules, 0 while they are loaded and nothing fires, and count firing and pending alerts", () => {
    const objective = (slo: (typeof slos)[number]): Series => ({ series: `slo:objective:ratio${labelsOf({ llmops_service: slo.service, llmops_slo: slo.name })}`, values: `${slo.objective}x10` });
    const alert = (slo: (typeof slos)[number], tier: string, state: string): Series => ({
      series: `ALERTS${labelsOf({ alertname: slo.alertName, alertstate: state, llmops_service: slo.service, llmops_slo: slo.name, [TIER_LABEL]: tier, severity: "x" })}`,
      values: "1x10",
    });
    const cases = [];
    // (a) Prometheus has none of the SLO's series: no samples at all.
    cases.push({ series: [{ series: 'up{job="other"}', values: "1x10" }], tests: targets.map(({ t }) => ({ expr: t.expr, exp_samples: [] })) });
    // (b) The rules are loaded (the objective is recorded) and no alert is pending or firing: 0.
    cases.push({ series: slos.map(objective), tests: targets.map(({ t, slo }) => ({ expr: t.expr, exp_samples: expected(t, slo, []) })) });
    // (c) The first tier fires and the last is pending.
    for (const slo of slos) {
      const first = slo.tiers[0]!.tier;
      const last = slo.tiers[slo.tiers.length - 1]!.tier;
      const alerts = [
        { tier: first, state: "firing" },
        { tier: last, state: "pending" },
      ];
      cases.push({
        series: [objective(slo), ...alerts.map((a) => alert(slo, a.tier, a.state))],
        tests: targets.filter((x) => x.slo === slo).map(({ t }) => ({ expr: t.expr, exp_samples: expected(t, slo, alerts) })),
      });
    }
    const r = promtool(cases);
    expect(r.status, r.out).toBe(0);
  });
});
