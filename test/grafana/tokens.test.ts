/**
 * Tokens are counted once: Lab 1's agent records `type="total"` beside `prompt` and
 * `completion`, and a query that sums every type doubles token rates, tokens per request, the
 * tokens SLO and HighTokenUsage, and halves cost per 1K tokens. Every selector of the tokens
 * metric in every generated dashboard, rule and test keeps to the input and output types, and the
 * token panels read the right numbers in promtool over series that carry the total too.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { matcherHolds } from "../../src/promql/regex.ts";
import { selectorsOf } from "../../src/promql/steady.ts";
import { cli, promtoolExprTests, tempDir } from "../helpers.ts";

const TOKENS = "llm_tokens_used_total";

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** Every PromQL expression of a dashboard's panels. */
function panelExprs(d: { panels?: unknown[] }): { title: string; expr: string }[] {
  const out: { title: string; expr: string }[] = [];
  const visit = (p: { title?: string; targets?: { expr?: string }[]; panels?: unknown[] }) => {
    for (const t of p.targets ?? []) if (t.expr) out.push({ title: p.title ?? "", expr: t.expr });
    for (const c of p.panels ?? []) visit(c as never);
  };
  for (const p of d.panels ?? []) visit(p as never);
  return out;
}

describe("tokens are counted once", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const files = walk(out);
  const exprs: { where: string; expr: string }[] = [];
  for (const f of files.filter((x) => x.endsWith(".json") && x.includes("dashboards"))) {
    for (const e of panelExprs(JSON.parse(readFileSync(f, "utf8")))) exprs.push({ where: `${f}: ${e.title}`, expr: e.expr.replaceAll("$__rate_interval", "5m").replaceAll("$__range", "1h").replace(/\$\w+/g, ".*") });
  }
  for (const f of files.filter((x) => x.includes("prometheus/rules/"))) {
    for (const g of (parse(readFileSync(f, "utf8")) as { groups: { rules: { expr: string; record?: string; alert?: string }[] }[] }).groups) {
      for (const r of g.rules) exprs.push({ where: `${f}: ${r.record ?? r.alert}`, expr: r.expr });
    }
  }

  it("every selector of the tokens metric keeps prompt and completion and leaves out the total", () => {
    expect(gen.code, gen.stderr).toBe(0);
    const seen = exprs.flatMap((e) => selectorsOf(e.expr).filter((s) => s.series === TOKENS).map((s) => ({ ...e, s })));
    expect(seen.length).toBeGreaterThan(5);
    for (const { where, s } of seen) {
      const holds = (type: string) => s.matchers.every((m) => m.label !== "type" || matcherHolds(m, type));
      expect(holds("total"), `${where} sums type="total"`).toBe(false);
      expect(holds("prompt") || holds("completion"), where).toBe(true);
    }
  });

  it("the token panels read the right numbers over series that carry the total too", () => {
    const overview = JSON.parse(readFileSync(files.find((f) => f.endsWith("llmops-overview.json"))!, "utf8"));
    const cost = JSON.parse(readFileSync(files.find((f) => f.endsWith("llm-cost.json"))!, "utf8"));
    const expr = (d: { panels?: unknown[] }, title: string) =>
      panelExprs(d)
        .find((e) => e.title === title)!
        .expr.replaceAll("$__rate_interval", "5m")
        .replace(/\$\w+/g, ".*");
    // promtool compares exactly: both sides are rounded to a millionth.
    // Per minute: 6000 prompt and 3000 completion tokens (150/s), their total, and 0.6 USD (0.01/s).
    const labels = 'job="llm-agent", model="gpt-4o", provider="openai", app_id="chat"';
    const input_series = [
      { series: `${TOKENS}{${labels}, type="prompt"}`, values: "0+6000x60" },
      { series: `${TOKENS}{${labels}, type="completion"}`, values: "0+3000x60" },
      { series: `${TOKENS}{${labels}, type="total"}`, values: "0+9000x60" },
      { series: `llm_cost_usd_total{${labels}, department="search"}`, values: "0+0.6x60" },
    ];
    const cases = [
      { expr: expr(overview, "Token usage rate"), value: 150 },
      { expr: expr(cost, "Cost per 1K tokens"), value: (0.01 / 150) * 1000 },
    ];
    const r = promtoolExprTests([
      { input_series, promql_expr_test: cases.map((c) => ({ expr: `round(sum(${c.expr}) * 1e6) / 1e6`, eval_time: "30m", exp_samples: [{ labels: "{}", value: Math.round(c.value * 1e6) / 1e6 }] })) },
    ]);
    expect(r.status, r.out).toBe(0);
  });
});
