/**
 * Fields of the DSL that once reached no output: each now lands where Sloth and Pyrra users look
 * for it, and the result passes our own validate.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, definitionsDir, project, tempDir } from "../helpers.ts";

interface Rule {
  record?: string;
  alert?: string;
  labels?: Record<string, string>;
}

const SERVICES = `[service({
  name: "svc",
  labels: { team: "core", tier: "gold" },
  slos: [slo({ name: "availability", objective: 99.5, labels: { tier: "platinum" }, sli: sli.availability(), alerting: { labels: { where: "{{ $labels.llmops_service }}-pager" } } })],
  alerts: [alert.errorRate({ name: "HighErrors", abovePercent: 5, labels: { severity: "critical" } })],
  spendBudget: { monthlyUsd: 100 },
})]`;

describe("service({ labels }), like Sloth's top-level labels", () => {
  let out: string;
  let defs: string;
  let rules: Rule[];
  beforeAll(async () => {
    defs = definitionsDir({ "index.ts": project(SERVICES) });
    out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const file = parse(readFileSync(join(out, "prometheus/rules/svc.yaml"), "utf8")) as { groups: { rules: Rule[] }[] };
    rules = file.groups.flatMap((g) => g.rules);
  });

  it("go on every series the service records, under the SLO's own labels", () => {
    const recorded = rules.filter((r) => r.record);
    expect(recorded.length).toBeGreaterThan(10);
    for (const r of recorded) expect(r.labels, r.record).toMatchObject({ team: "core", llmops_service: "svc" });
    for (const r of recorded.filter((x) => x.labels?.slo)) expect(r.labels?.tier, r.record).toBe("platinum");
    expect(recorded.filter((r) => r.record?.startsWith("service:llm_spend")).every((r) => r.labels?.tier === "gold")).toBe(true);
  });

  it("go on every threshold and spend alert; a severity label sets the severity", () => {
    const alerts = rules.filter((r) => r.alert && !r.alert.endsWith("ErrorBudgetBurn"));
    expect(alerts.map((a) => a.alert).sort()).toEqual(["HighErrors", "LLMSpendBudgetConsumed", "LLMSpendForecastOverBudget"]);
    for (const a of alerts) expect(a.labels, a.alert).toMatchObject({ team: "core", tier: "gold" });
    expect(rules.find((r) => r.alert === "HighErrors")?.labels?.severity).toBe("critical");
  });

  it("pass validate, with the templated alert label expanded in the promtool tests", async () => {
    const tests = readFileSync(join(out, "prometheus/tests/svc.test.yaml"), "utf8");
    expect(tests).toContain("where: svc-pager");
    expect(tests).toContain("team: core");
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});

describe("fields that reached no output", () => {
  it("serviceDown's filter selects the targets watched; a timeslice measure's unit shows on its SLO dashboard", async () => {
    const defs = definitionsDir({
      "index.ts": project(`[service({
        name: "svc",
        alerts: [alert.serviceDown({ name: "Down", filter: { instance: { op: "=~", value: "prod-.*" } } })],
        slos: [slo({ name: "tokens", objective: 90, sli: sli.timeslice({ measure: { query: "sum(rate(llm_tokens_total[{{.window}}]))", unit: "tokens" }, op: "<", threshold: 500 }) })],
      })]`),
    });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, "prometheus/rules/svc.yaml"), "utf8")).toContain(`expr: up{job="svc",instance=~"prod-.*"} == 0`);
    const dash = JSON.parse(readFileSync(join(out, "grafana/dashboards/SLOs/slo-svc-tokens.json"), "utf8")) as { panels: { title: string; fieldConfig?: { defaults?: { unit?: string } } }[] };
    expect(dash.panels.find((p) => p.title === "Measured value per slice")?.fieldConfig?.defaults?.unit).toBe("tokens");
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});
