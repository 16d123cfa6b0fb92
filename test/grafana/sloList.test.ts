/**
 * The SLO list is one table, a row per SLO, lowest budget first, each SLO's name opening its
 * dashboard on the same time range and data source. Its columns are evaluated by the real
 * promtool over recordings with known values: an SLO of 30 days and one of 28 days (recorded
 * apart), one burning with an alert firing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, promtoolExprTests, tempDir } from "../helpers.ts";

interface Table {
  type: string;
  title: string;
  targets: { refId: string; expr: string; instant?: boolean; format?: string }[];
  options?: { sortBy?: { displayName: string; desc: boolean }[] };
  transformations?: { id: string; options: { renameByName?: Record<string, string> } }[];
  fieldConfig: { overrides: { matcher: { options: string }; properties: { id: string; value: unknown }[] }[] };
}

describe("the SLO list", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const list = JSON.parse(readFileSync(join(out, "grafana/dashboards/SLOs/slos-llm-providers.json"), "utf8")) as { panels: Table[] };

  it("is one table, lowest budget left first, the SLO's name opening its dashboard", () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(list.panels.map((p) => p.type)).toEqual(["table"]);
    const t = list.panels[0]!;
    expect(t.targets.every((x) => x.instant && x.format === "table")).toBe(true);
    expect(Object.values(t.transformations!.find((x) => x.id === "organize")!.options.renameByName!)).toEqual(["SLO", "Objective", "Window", "SLI", "Budget left", "Burn now", "Alerts firing"]);
    expect(t.options?.sortBy).toEqual([{ displayName: "Budget left", desc: false }]);
    const link = t.fieldConfig.overrides.find((o) => o.matcher.options === "SLO")!.properties.find((p) => p.id === "links")!.value as { url: string }[];
    expect(link[0]!.url).toBe("/d/${__data.fields.dashboard}?${__url_time_range}&${datasource:queryparam}");
  });

  it("reads each SLO's objective, period, SLI, budget, burn and alerts; nothing without the rules", () => {
    const t = list.panels[0]!;
    const expr = (ref: string) => t.targets.find((x) => x.refId === ref)!.expr;
    const l = (slo: string) => `llmops_service="llm-providers", llmops_slo="${slo}"`;
    const input_series = [
      { series: `slo:objective:ratio{${l("openai-availability")}}`, values: "0.995+0x30" },
      { series: `slo:objective:ratio{${l("anthropic-availability")}}`, values: "0.999+0x30" },
      { series: `slo:sli_error:ratio_rate30d{${l("openai-availability")}}`, values: "0.002+0x30" },
      { series: `slo:sli_error:ratio_rate28d{${l("anthropic-availability")}}`, values: "0.0005+0x30" },
      // A 30-day recording of the 28-day SLO must not be read for it.
      { series: `slo:sli_error:ratio_rate30d{${l("anthropic-availability")}}`, values: "0.9+0x30" },
      { series: `slo:period_error_budget_remaining:ratio{${l("openai-availability")}}`, values: "0.6+0x30" },
      { series: `slo:period_error_budget_remaining:ratio{${l("anthropic-availability")}}`, values: "0.5+0x30" },
      { series: `slo:current_burn_rate:ratio{${l("openai-availability")}}`, values: "0.4+0x30" },
      { series: `slo:current_burn_rate:ratio{${l("anthropic-availability")}}`, values: "20+0x30" },
      { series: `ALERTS{alertname="AnthropicAvailabilityErrorBudgetBurn", alertstate="firing", llmops_tier="page", ${l("anthropic-availability")}}`, values: "1+0x30" },
      { series: `ALERTS{alertname="AnthropicAvailabilityErrorBudgetBurn", alertstate="pending", llmops_tier="ticket", ${l("anthropic-availability")}}`, values: "1+0x30" },
    ];
    const row = (slo: string, value: number, extra = "") => ({ labels: `{${l(slo)}${extra}}`, value });
    const cases = [
      { expr: expr("A"), exp_samples: [row("openai-availability", 0.995, ', window="30d", dashboard="slo-llm-providers-openai-availability"'), row("anthropic-availability", 0.999, ', window="28d", dashboard="slo-llm-providers-anthropic-availability"')] },
      { expr: expr("B"), exp_samples: [row("openai-availability", 0.998), row("anthropic-availability", 0.9995)] },
      { expr: expr("C"), exp_samples: [row("openai-availability", 0.6), row("anthropic-availability", 0.5)] },
      { expr: expr("D"), exp_samples: [row("openai-availability", 0.4), row("anthropic-availability", 20)] },
      { expr: expr("E"), exp_samples: [row("openai-availability", 0), row("anthropic-availability", 1)] },
    ];
    const r = promtoolExprTests([
      { input_series, promql_expr_test: cases.map((c) => ({ ...c, eval_time: "10m" })) },
      // Without the rules loaded, no column reads a value (no green 0 alerts, no 100% SLI).
      { input_series: [{ series: "up", values: "1+0x30" }], promql_expr_test: ["A", "B", "C", "D", "E"].map((ref) => ({ expr: expr(ref), eval_time: "10m", exp_samples: [] })) },
    ]);
    expect(r.status, r.out).toBe(0);
  });
});
