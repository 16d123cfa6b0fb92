/**
 * A ratio's numerator and denominator are filtered alike. The cost dashboard's $department
 * filter used to narrow the cost and not the requests (which carry no department label), so
 * "cost per request" read one department's spend over every request. The ratio helpers now
 * leave such a filter out of both sides and say so; a hand-written one-sided division is refused.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { oneSidedFilters } from "../../src/promql/ratioFilters.ts";
import { cli, definitionsDir, promtoolExprTests, tempDir } from "../helpers.ts";

interface P {
  title?: string;
  description?: string;
  targets?: { expr?: string }[];
  panels?: P[];
}
const flat = (ps: P[]): P[] => ps.flatMap((p) => [p, ...flat(p.panels ?? [])]);

describe("variable filters on ratios", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const boards = ["LLMOps", "SLOs"].flatMap((d) => readdirSync(join(out, "grafana/dashboards", d)).map((f) => JSON.parse(readFileSync(join(out, "grafana/dashboards", d, f), "utf8")) as { title: string; panels: P[] }));

  it("filter every division of every generated panel by the same variables on both sides", () => {
    expect(gen.code, gen.stderr).toBe(0);
    let divisions = 0;
    for (const b of boards) {
      for (const p of flat(b.panels)) {
        for (const t of p.targets ?? []) {
          if (t.expr?.includes(" / ")) divisions++;
          expect(oneSidedFilters(t.expr ?? ""), `${b.title}: ${p.title}`).toEqual([]);
        }
      }
    }
    expect(divisions).toBeGreaterThan(10);
  });

  it("say on the panel which filter a ratio leaves out, and read the right cost per request for one department", () => {
    const cost = boards.find((b) => b.title.includes("Cost"))!;
    const panel = flat(cost.panels).find((p) => p.title === "Cost per request")!;
    expect(panel.description).toContain("Not filtered by $department (llm_requests_total has no department label)");
    // Two departments spend 0.6 and 0.3 USD a minute over 60 requests a minute: a request costs 0.015 USD whatever $department says.
    const expr = panel.targets![0]!.expr!.replaceAll("$__rate_interval", "5m").replaceAll("$department", "search").replace(/\$\w+/g, ".*");
    const base = 'job="llm-agent", model="gpt-4o", provider="openai", app_id="chat"';
    const r = promtoolExprTests([
      {
        input_series: [
          { series: `llm_cost_usd_total{${base}, department="search"}`, values: "0+0.6x60" },
          { series: `llm_cost_usd_total{${base}, department="support"}`, values: "0+0.3x60" },
          { series: `llm_requests_total{${base}, status="success"}`, values: "0+60x60" },
        ],
        promql_expr_test: [{ expr: `round((${expr}) * 1e6) / 1e6`, eval_time: "30m", exp_samples: [{ labels: "{}", value: 0.015 }] }],
      },
    ]);
    expect(r.status, r.out).toBe(0);
  });

  it("refuse a hand-written division filtered on one side, naming the dashboard, panel and query", async () => {
    const dir = definitionsDir({
      "index.ts": `import { dashboard, defineProject, panel, presets, service } from "llmops";
export default defineProject({
  name: "shop",
  conventions: presets.lab(),
  services: [service({ name: "llm-agent" })],
  dashboards: [
    dashboard({
      uid: "spend",
      title: "Spend",
      description: "Spend per request.",
      variables: ["service", "department"],
      panels: [
        panel.stat({ title: "Spend per request", description: "Spend over requests.", unit: "currencyUSD", queries: (q) => [{ expr: q.div(q.rate("cost"), q.rate("requests")) }] }),
      ],
    }),
  ],
});
`,
    });
    const r = await cli(["generate", "--definitions", dir, "--out", join(dir, "out")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('panel "Spend per request".queries[0]');
    expect(r.stderr).toContain("filters its numerator by $department but not its denominator");
    expect(r.stderr).toContain("q.ratio(");
  });
});
