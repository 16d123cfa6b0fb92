/**
 * Every generated SLO dashboard shows what Grafana's SLO app shows: burn rate now and the time
 * until the budget is spent, the budget's burn-down over the whole period, a table of every alert
 * window pair, the runbook and SLI query, and a link back to the SLO list keeping the time range
 * and data source. The new queries read the right numbers in promtool over recordings with a
 * known answer.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { SLO_PANEL, sloDashboardUid, sloListUid } from "../../src/compile/grafana/links.ts";
import { periodTimeFrom } from "../../src/compile/grafana/sloDashboards.ts";
import { PAIR_LABELS, PAIR_STATE, windowPairs } from "../../src/compile/grafana/sloPanels.ts";
import { rec, TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { sliRecordingRules } from "../../src/compile/prometheus/sliRules.ts";
import type { SLO } from "../../src/model/types.ts";
import { promtoolExprTests, ROOT } from "../helpers.ts";

interface Target {
  expr: string;
  refId: string;
  instant?: boolean;
  format?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  timeFrom?: string;
  targets?: Target[];
  transformations?: { id: string; options: { renameByName?: Record<string, string> } }[];
  fieldConfig?: { defaults?: { unit?: string }; overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[] };
  options?: { content?: string; mode?: string };
}
interface Board {
  uid: string;
  links: { title: string; type: string; url?: string }[];
  panels: Panel[];
}

const { model, artifacts } = await build(join(ROOT, "definitions"));
const slos = model.services.flatMap((s) => s.slos);
const board = (slo: SLO): Board => {
  const path = `grafana/dashboards/SLOs/${sloDashboardUid(slo.service, slo.name)}.json`;
  const a = artifacts.find((x) => x.path === path);
  if (!a) throw new Error(`${path} is not generated`);
  return JSON.parse(a.content) as Board;
};
const titled = (b: Board, title: string | RegExp) => {
  const p = b.panels.find((x) => (typeof title === "string" ? x.title === title : title.test(x.title)));
  if (!p) throw new Error(`${b.uid} has no panel "${title}"`);
  return p;
};
const sloLabels = (slo: SLO) => ({ llmops_service: slo.service, llmops_slo: slo.name });
const labelsOf = (o: Record<string, string>) => `{${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}}`;

type Sample = { labels: string; value: number };
type Case = { series: { series: string; values: string }[]; tests: { expr: string; exp_samples: Sample[] }[] };

function promtool(cases: Case[]): { status: number | null; out: string } {
  return promtoolExprTests(cases.map((c) => ({ input_series: c.series, promql_expr_test: c.tests.map((x) => ({ ...x, eval_time: "5m" })) })));
}

/** promtool compares exactly: both sides are rounded to a millionth. */
const rounded = (expr: string) => `round((${expr}) * 1e6) / 1e6`;
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;

describe("SLO dashboards at the level of Grafana's SLO app", () => {
  it("every SLO has its dashboard", () => {
    expect(slos.length).toBeGreaterThan(3);
    for (const slo of slos) board(slo);
  });

  it("every panel has a title, a description and a unit", () => {
    for (const slo of slos) {
      for (const p of board(slo).panels.filter((x) => x.type !== "row")) {
        expect(p.title.trim(), `${slo.name} ${p.id}`).not.toBe("");
        expect(p.description?.trim(), `${slo.name} ${p.title}`).toBeTruthy();
        expect(p.fieldConfig?.defaults?.unit, `${slo.name} ${p.title}`).toBeTruthy();
      }
    }
  });

  it("show the burn rate now and the time until the budget is spent, from the recorded series", () => {
    for (const slo of slos) {
      const b = board(slo);
      const now = titled(b, "Burn rate now");
      expect(now.targets?.map((t) => t.expr), b.uid).toEqual([expect.stringContaining(rec.currentBurnRate)]);
      const left = titled(b, "Budget exhausted in");
      expect(left.fieldConfig?.defaults?.unit).toBe("s");
      for (const series of [rec.budgetRemaining, rec.periodDays, rec.currentBurnRate]) expect(left.targets![0]!.expr, b.uid).toContain(series);
    }
  });

  it("draw the budget's burn-down over the whole period, whatever the dashboard's range", () => {
    for (const slo of slos) {
      const p = titled(board(slo), /^Error budget burn-down/);
      expect(p.timeFrom, slo.name).toBe(slo.calendar ? periodTimeFrom(slo) : slo.period);
      expect(p.targets![0]!.expr).toContain(rec.budgetRemaining);
    }
    expect(periodTimeFrom({ ...slos[0]!, calendar: "month" })).toBe("now/M");
  });

  it("list every alert window pair in one table, the panel the SLO's alerts open", () => {
    for (const slo of slos) {
      const b = board(slo);
      const t = b.panels.find((p) => p.id === SLO_PANEL.burnRate)!;
      expect(t.type, b.uid).toBe("table");
      expect(t.targets?.length).toBe(3);
      for (const q of t.targets!) {
        expect(q.instant).toBe(true);
        expect(q.format).toBe("table");
      }
      expect(t.transformations?.map((x) => x.id)).toEqual(["merge", "organize"]);
      const columns = Object.values(t.transformations![1]!.options.renameByName!);
      expect(columns).toEqual(["Tier", "Short window", "Long window", "Factor", "Short burn", "Long burn", "State"]);
      const state = t.fieldConfig?.overrides?.find((o) => o.matcher.options === "State");
      expect(JSON.stringify(state?.properties)).toContain(PAIR_STATE[2]);
      // No chart of burn rates with the tiers' factors drawn far above its lines.
      expect(b.panels.some((p) => p.title === "Burn rate by alert window")).toBe(false);
    }
  });

  it("show the runbook and the queries the SLI is recorded from", () => {
    for (const slo of slos) {
      const p = titled(board(slo), "Runbook and SLI query");
      expect(p.type).toBe("text");
      expect(p.options?.mode).toBe("markdown");
      const content = p.options!.content!;
      if (slo.runbookUrl) expect(content).toContain(slo.runbookUrl);
      const first = sliRecordingRules(slo)[0]!;
      expect(content, slo.name).toContain(first.expr);
    }
  });

  it("link to the SLO list keeping the time range and the data source", () => {
    const uids = new Set(artifacts.filter((a) => a.path.startsWith("grafana/dashboards/")).map((a) => (JSON.parse(a.content) as Board).uid));
    for (const slo of slos) {
      const l = board(slo).links.find((x) => x.type === "link" && x.url?.startsWith(`/d/${sloListUid(slo.service)}?`));
      expect(l, slo.name).toBeDefined();
      expect(uids.has(sloListUid(slo.service))).toBe(true);
      expect(l!.url).toContain("${__url_time_range}");
      expect(l!.url).toContain("${datasource:queryparam}");
    }
  });

  it("read the right burn rate, time left and window pairs over recordings with a known answer", () => {
    const cases: Case[] = [];
    for (const slo of slos) {
      const b = board(slo);
      const labels = sloLabels(slo);
      const days = slo.periodSeconds / 86400;
      const burnNow = titled(b, "Burn rate now").targets![0]!.expr;
      const left = titled(b, "Budget exhausted in").targets![0]!.expr;
      const table = b.panels.find((p) => p.id === SLO_PANEL.burnRate)!.targets!;
      const recording = (series: string, value: number) => ({ series: `${series}${labelsOf(labels)}`, values: `${value}x10` });
      const meta = (burn: number, remaining: number) => [recording(rec.objective, slo.objective), recording(rec.periodDays, days), recording(rec.currentBurnRate, burn), recording(rec.budgetRemaining, remaining)];

      // Burning twice as fast as the budget allows with half of it left: half a period left to go.
      cases.push({
        series: meta(2, 0.5),
        tests: [
          { expr: rounded(burnNow), exp_samples: [{ labels: labelsOf(labels), value: 2 }] },
          { expr: rounded(left), exp_samples: [{ labels: labelsOf(labels), value: r6((0.5 * days * 86400) / 2) }] },
        ],
      });
      // Nothing burns: the budget lasts for ever. Spent, burning or not: 0 left. No recordings: no value.
      cases.push({ series: meta(0, 0.5), tests: [{ expr: left, exp_samples: [{ labels: labelsOf(labels), value: Infinity }] }] });
      cases.push({ series: meta(3, -0.25), tests: [{ expr: left, exp_samples: [{ labels: labelsOf(labels), value: 0 }] }] });
      cases.push({ series: meta(0, 0), tests: [{ expr: left, exp_samples: [{ labels: labelsOf(labels), value: 0 }] }] });
      cases.push({ series: [{ series: 'up{job="other"}', values: "1x10" }], tests: [{ expr: left, exp_samples: [] }, { expr: burnNow, exp_samples: [] }] });

      // Every window burns 10 times the budget and the first tier's alert fires.
      const pairs = windowPairs(slo);
      const windows = [...new Set(pairs.flatMap((p) => [p.short, p.long]))];
      const burn = 10;
      const firingTier = slo.tiers[0]!.tier;
      const series = [
        ...meta(burn, 0.5),
        ...windows.map((w) => recording(rec.errorRatio(w), burn * slo.budget)),
        { series: `ALERTS${labelsOf({ alertname: slo.alertName, alertstate: "firing", [TIER_LABEL]: firingTier, ...labels })}`, values: "1x10" },
      ];
      const pairLabels = (p: (typeof pairs)[number]) => labelsOf({ [PAIR_LABELS.tier]: p.tier, [PAIR_LABELS.short]: p.short, [PAIR_LABELS.long]: p.long, [PAIR_LABELS.factor]: String(p.factor) });
      const state = (p: (typeof pairs)[number]) => (burn > p.factor ? (p.tier === firingTier ? 2 : 1) : 0);
      cases.push({
        series,
        tests: [
          { expr: rounded(table[0]!.expr), exp_samples: pairs.map((p) => ({ labels: pairLabels(p), value: burn })) },
          { expr: rounded(table[1]!.expr), exp_samples: pairs.map((p) => ({ labels: pairLabels(p), value: burn })) },
          { expr: table[2]!.expr, exp_samples: pairs.map((p) => ({ labels: pairLabels(p), value: state(p) })) },
        ],
      });
      // Without the SLO's recordings the table is empty.
      cases.push({ series: [{ series: 'up{job="other"}', values: "1x10" }], tests: table.map((t) => ({ expr: t.expr, exp_samples: [] })) });
    }
    const r = promtool(cases);
    expect(r.status, r.out).toBe(0);
  });
});
