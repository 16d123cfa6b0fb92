/**
 * The low-traffic guard of the burn-rate alerts: a window pair fires only once its long window
 * holds ceil(errors / (factor × budget)) events, so a lone error among few requests does not
 * page, while an outage at the same traffic still pages by the slower pair.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { defineProject, presets, service, sli, slo, type SLOSpec } from "../../src/index.ts";
import { normalize } from "../../src/model/normalize.ts";
import { burnRateExpr } from "../../src/compile/prometheus/burnRate.ts";
import { sliRecordingRules } from "../../src/compile/prometheus/sliRules.ts";
import { findTool } from "../../src/validate/tools.ts";
import { findPrometheus3 } from "../live/harness.ts";
import { cli, definitionsDir, groupEvalOrder, project, refusedBy, tempDir } from "../helpers.ts";

const model = (s: Partial<SLOSpec>) =>
  normalize(defineProject({ name: "t", conventions: presets.lab(), services: [service({ name: "chat", slos: [slo({ name: "a", objective: 99.9, sli: sli.availability(), ...s } as SLOSpec)] })] }), "index.ts");
const minimums = (s: Partial<SLOSpec>) => model(s).services[0]!.slos[0]!.tiers.flatMap((t) => t.windows.map((w) => w.minEvents));

describe("minimum events per window pair", () => {
  it("at 99.9% over 30d: the count below which one error crosses each pair's threshold", () => {
    // 1 / (14.4 × 0.001) = 69.4, 1 / 0.006 = 166.7, 1 / 0.003 = 333.3, 1 / 0.001 = 1000.
    expect(minimums({})).toEqual([70, 167, 334, 1000]);
  });
  it("errors sets how many errors alone must never fire a pair", () => {
    expect(minimums({ alerting: { lowTraffic: { errors: 3 } } })).toEqual([209, 500, 1000, 3000]);
  });
  it("minEvents replaces a pair's minimum by its long window; 0 or false turns it off", () => {
    expect(minimums({ alerting: { lowTraffic: { minEvents: { "1h": 100, "3d": 0 } } } })).toEqual([100, 167, 334, undefined]);
    expect(minimums({ alerting: { lowTraffic: false } })).toEqual([undefined, undefined, undefined, undefined]);
  });
  it("a timeslice SLI counts slices, not events: no guard", () => {
    expect(minimums({ sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.02 }) } as Partial<SLOSpec>).every((m) => m === undefined)).toBe(true);
  });
  it("the alert requires the long window's events, from the 5m events recording", () => {
    const o = model({}).services[0]!.slos[0]!;
    expect(burnRateExpr(o, o.tiers[0]!)).toContain('slo:sli_events:count1h{llmops_service="chat",llmops_slo="a"} >= 70');
    expect(burnRateExpr(o, o.tiers[0]!)).toContain('slo:sli_events:count6h{llmops_service="chat",llmops_slo="a"} >= 167');
    const counts = sliRecordingRules(o).filter((r) => r.record.startsWith("slo:sli_events:count"));
    expect(counts.map((r) => [r.record, r.expr])).toEqual([
      ["slo:sli_events:count1h", 'avg_over_time(slo:sli_events:rate5m{llmops_service="chat",llmops_slo="a"}[1h]) * 3600'],
      ["slo:sli_events:count6h", 'avg_over_time(slo:sli_events:rate5m{llmops_service="chat",llmops_slo="a"}[6h]) * 21600'],
      ["slo:sli_events:count1d", 'avg_over_time(slo:sli_events:rate5m{llmops_service="chat",llmops_slo="a"}[1d]) * 86400'],
      ["slo:sli_events:count3d", 'avg_over_time(slo:sli_events:rate5m{llmops_service="chat",llmops_slo="a"}[3d]) * 259200'],
    ]);
  });
  it.each([
    [{ lowTraffic: { errors: 0 } }, /alerting\.lowTraffic\.errors/, /not a whole number of at least 1/],
    [{ lowTraffic: { errors: 1.5 } }, /alerting\.lowTraffic\.errors/, /not a whole number/],
    [{ lowTraffic: { minEvents: { "2h": 10 } } }, /lowTraffic\.minEvents\["2h"\]/, /not the long window of any/],
    [{ lowTraffic: { minEvents: { "1h": -1 } } }, /lowTraffic\.minEvents\["1h"\]/, /not a whole number of at least 0/],
  ])("refuses %j", (alerting, where, what) => {
    const e = refusedBy(() => model({ alerting } as Partial<SLOSpec>));
    expect(e.format()).toMatch(where);
    expect(e.message).toMatch(what);
  });
  it("refuses a guard on an SLI that counts no events", () => {
    const e = refusedBy(() => model({ sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.02 }), alerting: { lowTraffic: { errors: 2 } } } as Partial<SLOSpec>));
    expect(e.message).toMatch(/counts no events/);
  });
});

/**
 * Raw series through the generated rules: one request a minute (60 an hour, under the 1h pair's
 * 70) for 7 hours, so the 6h window really holds 360. The ticket tier is off: on 7 hours of
 * history the 3d window cannot yet show its own traffic.
 */
describe("through the recordings, under promtool 2 and 3", async () => {
  const dir = definitionsDir({
    "index.ts": project(`[service({ name: "chat", slos: [slo({ name: "availability", objective: 99.9, sli: sli.availability(), alerting: { ticket: { disabled: true } } })] })]`),
  });
  const out = tempDir();
  const gen = await cli(["generate", "--definitions", dir, "--out", out]);
  const rules = join(out, "prometheus/rules/chat.yaml");
  const at = (minutes: number) => `${minutes}m`;
  const ok = (from: number, to: number) => `0+1x${from} ${from}+0x${to - from}`;
  // ALERTS, not alert_rule_test: these cases are about which alert fires, not its annotations.
  const firing = (minutes: number, tiers: string[]) => ({
    expr: 'ALERTS{alertname="AvailabilityErrorBudgetBurn",alertstate="firing"}',
    eval_time: at(minutes),
    exp_samples: tiers.map((t) => ({ labels: `ALERTS{alertname="AvailabilityErrorBudgetBurn",alertstate="firing",llmops_service="chat",llmops_slo="availability",llmops_tier="${t}",severity="${t}"}`, value: 1 })),
  });
  const file = join(out, "low-traffic.test.yaml");
  writeFileSync(
    file,
    stringify({
      rule_files: [rules],
      group_eval_order: groupEvalOrder(rules),
      evaluation_interval: "1m",
      tests: [
        {
          name: "a single error in a quiet hour (60 requests an hour): nothing pages",
          interval: "1m",
          input_series: [
            { series: 'llm_requests_total{job="chat",status="ok"}', values: "0+1x440" },
            // One failed request at 7h.
            { series: 'llm_requests_total{job="chat",status="error"}', values: "0x419 1+0x20" },
          ],
          promql_expr_test: [firing(423, [])],
        },
        {
          name: "every request fails from 6h30 at the same traffic: pages by 6h/30m, the 1h pair held by its minimum",
          interval: "1m",
          input_series: [
            { series: 'llm_requests_total{job="chat",status="ok"}', values: ok(390, 440) },
            { series: 'llm_requests_total{job="chat",status="error"}', values: "0x390 1+1x50" },
          ],
          promql_expr_test: [
            firing(420, ["page"]),
            { expr: 'slo:sli_events:count1h{llmops_slo="availability"} < bool 70', eval_time: at(420), exp_samples: [{ labels: '{llmops_service="chat",llmops_slo="availability"}', value: 1 }] },
          ],
        },
        {
          name: "at normal traffic (1000 a minute), a 2% error ratio pages as before",
          interval: "1m",
          input_series: [
            { series: 'llm_requests_total{job="chat",status="ok"}', values: "0+980x60" },
            { series: 'llm_requests_total{job="chat",status="error"}', values: "0+20x60" },
          ],
          promql_expr_test: [firing(30, ["page"])],
        },
      ],
    }),
  );
  const run = (promtool: string) => spawnSync(promtool, ["test", "rules", file], { encoding: "utf8" });

  it("generates", () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(readFileSync(rules, "utf8")).toContain('slo:sli_events:count1h{llmops_service="chat",llmops_slo="availability"} >= 70');
  });
  it.each([
    ["2.x", () => findTool("promtool")],
    ["3.x", () => findPrometheus3().promtool],
  ])("promtool %s passes the cases", (_, tool) => {
    const r = run(tool());
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
