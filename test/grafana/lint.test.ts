/** Each dashboard lint rule, broken once: validate exits 1 naming the dashboard and the panel. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, tempDir } from "../helpers.ts";

/** A small project (no SLOs, so promtool has little to do) with one dashboard of the given panels. */
function withPanels(panels: string): string {
  return `import { defineProject, presets, service, dashboard, panel, sdk } from "llmops";
export default defineProject({
  name: "lint",
  conventions: presets.lab(),
  services: [service({ name: "lint-agent" })],
  dashboards: [
    dashboard({
      title: "Lint Board",
      panels: [
        panel.stat({ title: "Fine", description: "A correct panel.", unit: "reqps", queries: (q) => [{ expr: q.requestRate() }] }),
        ${panels}
      ],
    }),
  ],
});
`;
}

async function run(index: string, edit?: (out: string) => void) {
  const dir = definitionsDir({ "index.ts": index });
  const out = tempDir();
  const gen = await cli(["generate", "--definitions", dir, "--out", out]);
  expect(gen.stderr).toBe("");
  expect(gen.code).toBe(0);
  edit?.(out);
  return cli(["validate", "--definitions", dir, "--out", out]);
}

describe("dashboard lint", () => {
  it("passes a correct dashboard", async () => {
    const r = await run(withPanels(""));
    expect(r.stdout).toMatch(/ok\s+dashboard queries\s+grafana\/dashboards\/LLMOps\/lint-board\.json/);
    expect(r.stdout).not.toMatch(/FAIL\s+dashboard/);
  });

  it("rejects a metric the conventions do not have", async () => {
    const r = await run(withPanels(`panel.stat({ title: "Typo", description: "Misspelt metric.", unit: "reqps", queries: () => [{ expr: "sum(rate(llm_request_totl[$__rate_interval]))" }] }),`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`dashboard "Lint Board" (lint-board) panel "Typo" (id 2): metric "llm_request_totl" is neither in the "lab" conventions nor recorded by a rule`);
  });

  it("rejects an undefined variable", async () => {
    const r = await run(withPanels(`panel.stat({ title: "Unknown var", description: "Uses $tenant.", unit: "reqps", queries: (q) => [{ expr: \`sum(rate(llm_requests_total{tenant=~"$tenant"}[$__rate_interval]))\` }] }),`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`dashboard "Lint Board" (lint-board) panel "Unknown var" (id 2): uses undefined variable $tenant`);
  });

  it("rejects PromQL that does not parse in a custom SDK panel", async () => {
    const custom = `panel.custom({
      title: "Custom",
      build: () =>
        new sdk.timeseries.PanelBuilder()
          .title("Custom")
          .description("Hand-built with the SDK.")
          .unit("s")
          .datasource({ type: "prometheus", uid: "\${datasource}" })
          .withTarget(new sdk.prometheus.DataqueryBuilder().expr("sum(rate(llm_requests_total[$__rate_interval])").refId("A")),
    }),`;
    const r = await run(withPanels(custom));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/dashboard "Lint Board" \(lint-board\) panel "Custom" \(id 2\): PromQL does not parse/);
  });

  it("rejects overlapping panels in an edited file", async () => {
    const r = await run(withPanels(`panel.stat({ title: "Second", description: "Another one.", unit: "short", queries: (q) => [{ expr: q.tokenRate() }] }),`), (out) => {
      const f = join(out, "grafana/dashboards/LLMOps/lint-board.json");
      const d = JSON.parse(readFileSync(f, "utf8")) as { panels: { gridPos: { x: number } }[] };
      d.panels[1]!.gridPos.x = 3;
      writeFileSync(f, JSON.stringify(d, null, 2) + "\n");
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`dashboard "Lint Board" (lint-board) panel "Second" (id 2): overlaps panel "Fine" (id 1)`);
  });

  it("rejects a panel without description or unit, and one off the datasource variable", async () => {
    const custom = `panel.custom({
      title: "Bare",
      build: () => new sdk.stat.PanelBuilder().title("Bare").datasource({ type: "prometheus", uid: "prometheus" }).withTarget(new sdk.prometheus.DataqueryBuilder().expr("up").refId("A")),
    }),`;
    const r = await run(withPanels(custom));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`panel "Bare" (id 2): no description`);
    expect(r.stdout).toContain(`panel "Bare" (id 2): no unit`);
    expect(r.stdout).toContain(`panel "Bare" (id 2): does not query the datasource variable`);
  });

  it("rejects rate() of a gauge", async () => {
    const r = await run(withPanels(`panel.stat({ title: "Rate of gauge", description: "Wrong.", unit: "short", queries: () => [{ expr: "sum(rate(llm_quality_score[5m]))" }] }),`));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`panel "Rate of gauge" (id 2): rate() of "llm_quality_score", which is not a counter or histogram series`);
  });
});
