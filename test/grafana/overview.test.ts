/**
 * The Overview's top row answers "is it broken" at a glance, its thresholds those of the alerts
 * that page (read from the generated rules, not restated); the models dashboard compares every
 * model on one graph per signal and in one scorecard table; the seeds' panels are all there.
 */
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { ROOT } from "../helpers.ts";

interface Target {
  refId: string;
  expr: string;
  instant?: boolean;
  format?: string;
  legendFormat?: string;
}
interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  transformations?: { id: string; options: { byField?: string; excludeByName?: Record<string, boolean>; renameByName?: Record<string, string> } }[];
  fieldConfig?: {
    defaults?: { unit?: string; color?: { mode?: string }; thresholds?: { steps: { value: number | null; color: string }[] } };
    overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[];
  };
}
interface Board {
  uid: string;
  panels: Panel[];
}
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  annotations?: Record<string, string>;
}

const { artifacts } = await build(join(ROOT, "definitions"));
const file = (path: string) => artifacts.find((a) => a.path === path)!.content;
const board = (uid: string) => JSON.parse(file(`grafana/dashboards/LLMOps/${uid}.json`)) as Board;
const rules = (parse(file("prometheus/rules/llm-agent.yaml")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
const alertRule = (name: string) => rules.find((r) => r.alert === name)!;
/** The number an alert compares against: `… > 5`. */
const alertThreshold = (name: string) => Number(/>\s*([\d.]+)\s*$/.exec(alertRule(name).expr)![1]);
const steps = (p: Panel) => p.fieldConfig?.defaults?.thresholds?.steps.map((s) => s.value);

const overview = board("llmops-overview");
/** Panels of the first row, left to right. */
const topRow = (() => {
  const first = overview.panels.findIndex((p) => p.type === "row");
  const next = overview.panels.findIndex((p, i) => i > first && p.type === "row");
  return overview.panels.slice(first + 1, next);
})();
const top = (title: string) => topRow.find((p) => p.title === title)!;

describe("the Overview's top row says whether the service is broken", () => {
  it("shows request rate, error rate, P95 latency, TTFT P95, cost per hour, targets up, alerts firing and SLO budget left, in that order on one line", () => {
    expect(topRow.map((p) => p.title)).toEqual(["Request rate", "Error rate", "P95 latency", "Time to first token P95", "Cost per hour", "Targets up", "Alerts firing", "SLO budget left"]);
    expect(new Set(topRow.map((p) => p.gridPos.y)).size).toBe(1);
    expect(topRow.reduce((w, p) => w + p.gridPos.w, 0)).toBe(24);
    for (const p of topRow) expect(p.type, p.title).toBe("stat");
  });

  it("shows the request rate in one neutral colour: traffic is neither good nor bad", () => {
    const p = top("Request rate");
    expect(p.fieldConfig?.defaults?.color?.mode).toBe("fixed");
    expect(steps(p) ?? [null]).toEqual([null]);
    expect(p.targets![0]!.expr).toMatch(/^sum\(rate\(llm_requests_total\{/);
  });

  it("turns red at the thresholds of the alerts in the generated rules", () => {
    expect(steps(top("Error rate"))).toEqual([null, alertThreshold("HighLLMErrorRate")]);
    expect(steps(top("P95 latency"))).toEqual([null, alertThreshold("HighLLMLatency")]);
    expect(steps(top("Cost per hour"))).toEqual([null, alertThreshold("HighLLMCost")]);
    expect(alertRule("HighLLMCost").expr).toContain("* 3600");
    expect(top("P95 latency").targets![0]!.expr).toMatch(/^histogram_quantile\(0\.95, sum by \(le\) \(rate\(llm_request_duration_seconds_bucket/);
    // No alert watches TTFT: the time-to-first-token SLO's threshold, as its SLI rule counts it.
    const ttftSli = rules.find((r) => r.record === "slo:sli_errors:rate5m" && r.expr.includes("llm_time_to_first_token_seconds_bucket"))!;
    const le = Number(/le=~?"([\d.]+)/.exec(ttftSli.expr)![1]);
    expect(steps(top("Time to first token P95"))).toEqual([null, le]);
    expect(top("Time to first token P95").targets![0]!.expr).toMatch(/^histogram_quantile\(0\.95, sum by \(le\) \(rate\(llm_time_to_first_token_seconds_bucket/);
  });

  it("counts the service's targets up and down from Prometheus's own up, and LLMServiceDown opens that panel", () => {
    const p = top("Targets up");
    expect(p.targets!.map((t) => t.expr)).toEqual(['sum(up{job="llm-agent"})', 'sum(1 - up{job="llm-agent"})']);
    expect(alertRule("LLMServiceDown").expr).toBe('up{job="llm-agent"} == 0');
    expect(alertRule("LLMServiceDown").annotations!.dashboard_url).toBe(`/d/llmops-overview?viewPanel=${p.id}`);
    expect(alertRule("HighLLMCost").annotations!.dashboard_url).toBe(`/d/llmops-overview?viewPanel=${top("Cost per hour").id}`);
  });

  it("counts the service's firing and pending alerts, 0 only while its rules are loaded", () => {
    const exprs = top("Alerts firing").targets!.map((t) => t.expr);
    expect(exprs).toEqual(
      ["firing", "pending"].map((s) => `count(ALERTS{alertstate="${s}",llmops_service="llm-agent"}) or sum(0 * slo:objective:ratio{llmops_service="llm-agent"})`),
    );
  });

  it("shows the lowest error budget left among the service's SLOs, as the rules record it", () => {
    const recorded = rules.filter((r) => r.record === "slo:period_error_budget_remaining:ratio");
    expect(recorded.length).toBeGreaterThan(1);
    expect(top("SLO budget left").targets![0]!.expr).toBe('min(slo:period_error_budget_remaining:ratio{llmops_service="llm-agent"})');
    expect(top("SLO budget left").fieldConfig?.defaults?.unit).toBe("percentunit");
  });
});

describe("the seeds' panels", () => {
  const byTitle = (t: string) => overview.panels.find((p) => p.title === t)!;

  it("Lab 3's successful requests: succeeded requests over the selected range", () => {
    expect(byTitle("Successful requests").targets![0]).toMatchObject({ expr: expect.stringMatching(/^sum\(increase\(llm_requests_total\{[^}]*status="success"\}\[\$__range\]\)\)$/), instant: true });
  });

  it("token usage split into prompt and completion tokens per second", () => {
    const t = byTitle("Token usage").targets!;
    expect(t.map((x) => x.legendFormat)).toEqual(["prompt", "completion"]);
    expect(t[0]!.expr).toMatch(/type="prompt"\}\[\$__rate_interval\]\)\)$/);
    expect(t[1]!.expr).toMatch(/type="completion"\}\[\$__rate_interval\]\)\)$/);
  });
});

describe("models compared", () => {
  const models = board("llm-models-compared");
  const graphs = models.panels.filter((p) => p.type === "timeseries");
  const card = models.panels.find((p) => p.type === "table")!;
  const columns = ["req/s", "error %", "P95 latency", "TTFT P95", "tokens/request", "$/request"];

  it("draws one graph per signal with a line per model on one axis, each titled by what it counts", () => {
    expect(graphs.map((p) => p.title)).toEqual([
      "Requests per second by model",
      "Failed share of requests by model",
      "P95 request duration by model",
      "Time to first token P95 by model",
      "Prompt and completion tokens per request by model",
      "Cost per request by model",
    ]);
    for (const p of graphs) {
      expect(p.targets, p.title).toHaveLength(1);
      expect(p.targets![0]!.expr, p.title).toMatch(/by \((le, )?model\)/);
      expect(p.targets![0]!.legendFormat, p.title).toBe("{{model}}");
      expect(p.fieldConfig?.defaults?.unit, p.title).toBeTruthy();
    }
    expect(models.panels.some((p) => "repeat" in p)).toBe(false);
  });

  it("scores every model in one table: a row per model, a column per signal, instant queries merged on the model label", () => {
    expect(card.title).toBe("Model scorecard");
    expect(card.targets!.length).toBe(columns.length);
    for (const t of card.targets!) {
      expect(t.instant, t.expr).toBe(true);
      expect(t.format, t.expr).toBe("table");
      expect(t.expr).toMatch(/by \((le, )?model\)/);
    }
    // The scorecard's columns read what the graphs plot.
    expect(card.targets!.map((t) => t.expr)).toEqual(graphs.map((p) => p.targets![0]!.expr));
    expect(card.transformations!.map((t) => t.id)).toEqual(["merge", "organize"]);
    const organize = card.transformations![1]!.options;
    expect(organize.excludeByName).toEqual({ Time: true });
    expect(organize.renameByName).toEqual(Object.fromEntries(card.targets!.map((t, i) => [`Value #${t.refId}`, columns[i]])));
    const units = Object.fromEntries(card.fieldConfig!.overrides!.map((o) => [o.matcher.options, o.properties.find((p) => p.id === "unit")?.value]));
    expect(units).toEqual({ "req/s": "reqps", "error %": "percentunit", "P95 latency": "s", "TTFT P95": "s", "tokens/request": "short", "$/request": "currencyUSD" });
  });

  it("divides tokens and cost by requests over the same filters", () => {
    const [, , , , tokens, cost] = card.targets!.map((t) => t.expr);
    expect(tokens).toMatch(/^sum by \(model\) \(rate\(llm_tokens_used_total\{[^}]*type=~"prompt\|completion"\}\[\$__rate_interval\]\)\) \/ sum by \(model\) \(rate\(llm_requests_total\{/);
    expect(cost).toMatch(/^sum by \(model\) \(rate\(llm_cost_usd_total\{[^}]*\}\[\$__rate_interval\]\)\) \/ sum by \(model\) \(rate\(llm_requests_total\{/);
  });
});
