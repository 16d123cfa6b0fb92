/**
 * What an on-call engineer sees on every dashboard generated from the default definitions:
 * legends on graphs, pie charts in shares of the selected range, thresholds Grafana can colour,
 * and links between dashboards that keep the time range and the data source.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { dashboard, panel, type ThresholdStep } from "../../src/dsl/dashboard.ts";
import { labPreset } from "../../src/vocabulary/presets.ts";
import { buildDashboard } from "../../src/model/dashboards.ts";
import type { UserError } from "../../src/errors.ts";
import { ROOT } from "../helpers.ts";

interface Link {
  title?: string;
  type?: string;
  url?: string;
  keepTime?: boolean;
  includeVars?: boolean;
}

interface Panel {
  id: number;
  type: string;
  title: string;
  panels?: Panel[];
  links?: Link[];
  options?: {
    legend?: { showLegend?: boolean; displayMode?: string; placement?: string; values?: string[] };
    tooltip?: { mode?: string; sort?: string };
    displayLabels?: string[];
  };
  fieldConfig?: { defaults?: { thresholds?: { steps: { value: number | null; color: string }[] }; links?: Link[] } };
  targets?: { expr: string; instant?: boolean; range?: boolean }[];
}

interface Board {
  uid: string;
  title: string;
  links?: Link[];
  panels: Panel[];
}

const { artifacts } = await build(join(ROOT, "definitions"));
const boards: Board[] = artifacts.filter((a) => a.path.startsWith("grafana/dashboards/")).map((a) => JSON.parse(a.content) as Board);
const uids = new Set(boards.map((b) => b.uid));

/** Every panel, those inside collapsed rows too, named by its dashboard. */
const panels = boards.flatMap((b) => b.panels.flatMap((p) => [p, ...(p.panels ?? [])]).map((p) => ({ board: b, p, at: `${b.uid} panel "${p.title}" (id ${p.id})` })));
const ofType = (type: string) => panels.filter((x) => x.p.type === type);

describe("what a user sees on the generated dashboards", () => {
  it("generates the bundled dashboards", () => {
    expect(boards.length).toBeGreaterThanOrEqual(15);
    expect(ofType("timeseries").length).toBeGreaterThan(0);
    expect(ofType("piechart").length).toBeGreaterThan(0);
  });

  it("every timeseries panel shows its legend at the bottom and a tooltip of every series, largest first", () => {
    const wrong = ofType("timeseries")
      .filter(({ p }) => {
        const l = p.options?.legend;
        const t = p.options?.tooltip;
        return !(l?.showLegend === true && (l.displayMode === "list" || l.displayMode === "table") && l.placement === "bottom" && t?.mode === "multi" && t.sort === "desc");
      })
      .map((x) => x.at);
    expect(wrong).toEqual([]);
  });

  it("every pie chart shows each slice's share of the selected range, labelled and in its legend", () => {
    for (const { p, at } of ofType("piechart")) {
      expect(p.options?.legend?.showLegend, at).toBe(true);
      expect(p.options?.legend?.values, at).toContain("percent");
      expect(p.options?.displayLabels, at).toEqual(expect.arrayContaining(["percent", "name"]));
      expect(p.targets?.length, at).toBeGreaterThan(0);
      for (const t of p.targets ?? []) {
        expect(t.expr, at).toMatch(/^sum (by \([^)]*\) )?\(increase\([^[]+\[\$__range\]\)\)$/);
        expect(t.expr, at).not.toContain("$__rate_interval");
        expect(t.instant, at).toBe(true);
      }
    }
  });

  it("every threshold has its base step first, then steps in ascending order", () => {
    const wrong: string[] = [];
    for (const { p, at } of panels) {
      const steps = p.fieldConfig?.defaults?.thresholds?.steps;
      if (!steps) continue;
      const values = steps.map((s) => s.value);
      const ascending = values[0] === null && values.slice(1).every((v, i) => v !== null && (i === 0 || v > values[i]!));
      if (!ascending) wrong.push(`${at}: ${JSON.stringify(values)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("every link to another llmops dashboard keeps the time range and the data source", () => {
    type Override = { properties?: { id: string; value?: unknown }[] };
    const overrideLinks = (p: Panel) => ((p.fieldConfig as { overrides?: Override[] } | undefined)?.overrides ?? []).flatMap((o) => (o.properties ?? []).filter((x) => x.id === "links").flatMap((x) => x.value as Link[]));
    const links = panels.flatMap(({ p, at }) => [...(p.links ?? []), ...(p.fieldConfig?.defaults?.links ?? []), ...overrideLinks(p)].map((l) => ({ l, at, p })));
    const dashboardLinks = boards.flatMap((b) => (b.links ?? []).map((l) => ({ l, at: `${b.uid} dashboard link "${l.title}"` })));
    const toDashboards: { l: Link; at: string; p?: Panel }[] = [...links, ...dashboardLinks].filter(({ l }) => l.type === "dashboards" || /\/d\/([^/?]+)/.test(l.url ?? ""));
    expect(links.length, "the SLO lists link to their SLO dashboards").toBeGreaterThan(0);
    for (const { l, at, p } of toDashboards) {
      if (l.type === "dashboards") {
        // A tag dropdown has no url: Grafana appends the time range and the variables itself.
        expect(l.keepTime && l.includeVars, at).toBe(true);
        continue;
      }
      const uid = /\/d\/([^/?]+)/.exec(l.url!)![1]!;
      // A row's link names its dashboard by a field of the row: every value the queries give that field is a generated dashboard.
      const field = /^\$\{__data\.fields\.(\w+)\}$/.exec(uid)?.[1];
      const targets = uid.startsWith("$") ? (p as { targets?: { expr?: string }[] }).targets ?? [] : [];
      const linked = field ? targets.flatMap((t) => [...(t.expr ?? "").matchAll(new RegExp(`"${field}", "([^"]+)"`, "g"))].map((m) => m[1]!)) : [uid];
      expect(linked.length, at).toBeGreaterThan(0);
      for (const u of linked) expect(uids.has(u), `${at} links to a generated dashboard (${u})`).toBe(true);
      expect(l.url, at).toContain("${__url_time_range}");
      expect(l.url, at).toContain("${datasource:queryparam}");
    }
  });

  it("a definition whose threshold steps do not rise from the base colour is refused, naming the panel", () => {
    const refused = (thresholds: ThresholdStep[]) => {
      const errors: UserError[] = [];
      const spec = dashboard({ title: "Steps", panels: [panel.stat({ title: "Latency", description: "P95.", unit: "s", thresholds, queries: (q) => [{ expr: q.requestRate() }] })] });
      buildDashboard(spec, labPreset(), "index.ts", errors);
      return errors.map((e) => `${e.where.path}: ${e.message}`);
    };
    expect(refused([[null, "green"], [2, "yellow"], [5, "red"]])).toEqual([]);
    expect(refused([[null, "green"], [5, "red"], [2, "yellow"]])).toEqual([
      'dashboard "Steps" panel "Latency": building the panel failed: threshold steps rise from the base colour: 2 comes after 5; list them in ascending order',
    ]);
    expect(refused([[2, "yellow"], [5, "red"]])[0]).toContain('thresholds start with the base colour [null, "<colour>"], not [2, …]');
    expect(refused([[null, "green"], [null, "red"]])[0]).toContain("only the first threshold step is the base colour");
  });
});
