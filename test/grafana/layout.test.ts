/** Auto layout, stable ids and uids, and the links alerts carry to their panels. */
import { describe, expect, it } from "vitest";
import { dashboard, panel, row, type DashboardSpec } from "../../src/dsl/dashboard.ts";
import { labPreset } from "../../src/vocabulary/presets.ts";
import { buildDashboard, normalizeDashboards, uidFrom, type Dashboard } from "../../src/model/dashboards.ts";
import { dashboardJson } from "../../src/compile/grafana/dashboardJson.ts";
import { flow } from "../../src/compile/grafana/layout.ts";
import { BURN_PANEL_TITLE, eachSloDashboard } from "../../src/compile/grafana/sloDashboards.ts";
import { SLO_PANEL, sloAlertPath } from "../../src/compile/grafana/links.ts";
import { lintPanels, lintVariables, type LintDashboard } from "../../src/validate/dashboards.ts";
import type { UserError } from "../../src/errors.ts";
import { build } from "../../src/commands/build.ts";
import { ROOT } from "../helpers.ts";
import { join } from "node:path";

const stat = (title: string, width?: number) =>
  panel.stat({ title, description: `${title}.`, unit: "short", ...(width ? { width } : {}), queries: (q) => [{ expr: q.requestRate() }] });

function built(spec: DashboardSpec): Dashboard {
  const errors: UserError[] = [];
  const d = buildDashboard(spec, labPreset(), "test", errors);
  expect(errors.map((e) => e.message)).toEqual([]);
  return d!;
}

describe("layout", () => {
  it("flows panels into 24 columns, row by row", () => {
    const pos = flow([
      { hasRow: false, panels: [{ width: 6, height: 4 }, { width: 12, height: 8 }, { width: 12, height: 8 }] },
      { hasRow: true, panels: [{ width: 24, height: 8 }] },
    ]);
    expect(pos[0]!.panels).toEqual([
      { x: 0, y: 0, w: 6, h: 4 },
      { x: 6, y: 0, w: 12, h: 8 },
      { x: 0, y: 8, w: 12, h: 8 },
    ]);
    expect(pos[1]!.row).toEqual({ x: 0, y: 16, w: 24, h: 1 });
    expect(pos[1]!.panels).toEqual([{ x: 0, y: 17, w: 24, h: 8 }]);
  });

  it("keeps every id when a panel is added at the end", () => {
    const rows = (extra: boolean) => [row("A", [stat("a1"), stat("a2")]), row("B", [stat("b1"), ...(extra ? [stat("b2")] : [])])];
    const ids = (d: Dashboard) => d.sections.flatMap((s) => [s.row && [s.row.title, s.row.id], ...s.panels.map((p) => [p.title, p.id])]);
    const before = ids(built(dashboard({ title: "Ids", rows: rows(false) })));
    const after = ids(built(dashboard({ title: "Ids", rows: rows(true) })));
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toEqual(["b2", 6]);
  });

  it("generates JSON with unique ids and no overlaps", () => {
    const d = dashboardJson(built(dashboard({ title: "Grid", rows: [row("A", [stat("a", 10), stat("b", 10), stat("c", 10)]), row("B", [stat("d", 24)])] })));
    expect(lintPanels(d as LintDashboard, { known: new Set(), counters: new Set(), conventions: "lab" })).toEqual([]);
    expect(lintVariables(d as LintDashboard, { known: new Set(), counters: new Set(), conventions: "lab" })).toEqual([]);
    expect(d.templating.list?.map((v) => v.name)).toEqual(["datasource", "service", "model", "provider", "app"]);
  });
});

describe("uids", () => {
  it("derive from names and stay within 40 characters", () => {
    expect(uidFrom("LLMOps Overview")).toBe("llmops-overview");
    const long = uidFrom("slo-a-very-long-service-name-for-testing-the-uid-limit-availability");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long).toMatch(/^slo-a-very-long-service-name-fo-[0-9a-f]{8}$/);
    expect(uidFrom("slo-a-very-long-service-name-for-testing-the-uid-limit-latency")).not.toBe(long);
  });
});

describe("alert links", () => {
  it("open the burn-rate panel of the SLO's dashboard", async () => {
    const { model } = await build(join(ROOT, "definitions"));
    const slo = model.services[0]!.slos[0]!;
    const d = [...eachSloDashboard(model)].find((x) => x.uid === "slo-llm-agent-availability")!;
    expect(sloAlertPath(slo)).toBe(`/d/slo-llm-agent-availability?viewPanel=${SLO_PANEL.burnRate}`);
    const burn = d.sections.flatMap((s) => s.panels).find((p) => p.id === SLO_PANEL.burnRate)!;
    expect(burn.title).toBe(BURN_PANEL_TITLE);
    const latency = model.services[0]!.alerts.find((a) => a.name === "HighLLMLatency")!;
    const overview = model.dashboards!.find((x) => x.uid === "llmops-overview")!;
    expect(overview.sections.flatMap((s) => s.panels).find((p) => p.id === latency.dashboard!.panelId)!.title).toBe("Latency P50 / P95 / P99");
  });
});

describe("dashboard definitions are checked", () => {
  it("rejects a panel wider than the grid, a repeat on a missing variable and a bad uid", () => {
    const errors: UserError[] = [];
    buildDashboard(
      dashboard({
        title: "Checked",
        uid: "has/slash",
        variables: ["model"],
        rows: [row("R", [stat("too wide", 30)], { repeat: "department" })],
      }),
      labPreset(),
      "defs.ts",
      errors,
    );
    expect(errors.map((e) => `${e.where.path}: ${e.message}`)).toEqual([
      'dashboard "Checked".uid: uid "has/slash" is not a valid Grafana uid',
      'dashboard "Checked" row "R".repeat: the dashboard has no "department" variable to repeat on',
      'dashboard "Checked" panel "too wide": width 30 does not fit the 24-column grid',
    ]);
  });

  it("rejects a panel that claims an alert nobody defines", async () => {
    const { model } = await build(join(ROOT, "definitions"));
    const spec = dashboard({ title: "Claims", panels: [{ ...stat("claims"), alerts: ["NoSuchAlert"] }] });
    const { errors } = normalizeDashboards([spec], labPreset(), "defs.ts", model.services);
    expect(errors.map((e) => e.message)).toEqual(['no alert is named "NoSuchAlert"']);
  });
});
