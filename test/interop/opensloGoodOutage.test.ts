/**
 * An OpenSLO good/total SLO counts a missing good series as no good events: a new deployment
 * that fails every request, whose good series never appears, reads 100% errors and pages.
 * Proven in the real promtool from the raw counter, not from recorded ratios.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { defineProject, presets, service, sli, slo, type RawSLISpec } from "../../src/index.ts";
import { normalize } from "../../src/model/normalize.ts";
import { rec } from "../../src/compile/prometheus/names.ts";
import { sliRecordingRules } from "../../src/compile/prometheus/sliRules.ts";
import { UserError } from "../../src/errors.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, groupEvalOrder, tempDir } from "../helpers.ts";

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** An OpenSLO v1 SLO of good and total checkout requests, each query `sum…(rate(…[5m]))` with `by`. */
function spec(by: string): string {
  const query = (extra: string) => `sum${by}(rate(http_requests_total{job="checkout"${extra}}[5m]))`;
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-good
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: '${query(',code!~"5.."')}'
        total:
          metricSource:
            type: Prometheus
            spec:
              query: '${query("")}'
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;
}

/** Generates the spec and runs promtool over `series` (60 requests a minute each, for 2h). */
async function outage(by: string, series: string[], expr: (page: Rule, ratios: string[]) => { expr: string; exp_samples: { labels: string; value: number }[] }[]) {
  const dir = tempDir();
  writeFileSync(join(dir, "slo.yaml"), spec(by));
  const gen = await cli(["generate", "--definitions", join(dir, "slo.yaml"), "--out", join(dir, "out")]);
  expect(gen.code, gen.stderr).toBe(0);
  const rulesFile = join(dir, "out/prometheus/rules/checkout.yaml");
  const rules = (parse(readFileSync(rulesFile, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const page = rules.find((r) => r.alert !== undefined && Object.values(r.labels ?? {}).includes("page"));
  expect(page, "no page alert").toBeDefined();
  // The recordings the page alert compares with its factors (not the event counts its low-traffic guard reads).
  const ratios = [...new Set([...page!.expr.matchAll(/([a-zA-Z_:][\w:]*)\{/g)].map((m) => m[1]!))].filter((n) => !n.startsWith("slo:sli_events:count"));
  expect(ratios.length).toBeGreaterThanOrEqual(2);
  for (const name of ratios) expect(rules.some((r) => r.record === name)).toBe(true);
  const test = {
    rule_files: [rulesFile],
    group_eval_order: groupEvalOrder(rulesFile),
    evaluation_interval: "1m",
    tests: [{ interval: "1m", input_series: series.map((s) => ({ series: s, values: "0+60x120" })), promql_expr_test: expr(page!, ratios).map((e) => ({ ...e, eval_time: "1h" })) }],
  };
  writeFileSync(join(dir, "outage.test.yaml"), stringify(test));
  const r = spawnSync(findTool("promtool"), ["test", "rules", join(dir, "outage.test.yaml")], { encoding: "utf8" });
  return { code: r.status, output: r.stdout + r.stderr };
}

const firing = (page: Rule, extra = "") => {
  const tier = Object.entries(page.labels ?? {}).map(([k, v]) => `,${k}="${v}"`).join("");
  return `count(ALERTS{alertname="${page.alert!}",alertstate="firing"${tier}${extra}})`;
};

describe("an OpenSLO good/total SLO whose good series does not exist", () => {
  it("reads an error ratio of 1 in every window the page alert reads, and pages", async () => {
    const r = await outage("", ['http_requests_total{job="checkout",code="500"}'], (page, ratios) => [
      { expr: firing(page), exp_samples: [{ labels: "{}", value: 1 }] },
      ...ratios.map((name) => ({ expr: `max(${name})`, exp_samples: [{ labels: "{}", value: 1 }] })),
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it("grouped by route, pages for the route with no good series only, and records each route's own ratio", async () => {
    const series = ['http_requests_total{job="checkout",route="/pay",code="500"}', 'http_requests_total{job="checkout",route="/cart",code="200"}'];
    const r = await outage(" by (route) ", series, (page, ratios) => [
      { expr: `count by (route) (${firing(page).slice("count(".length, -1)})`, exp_samples: [{ labels: '{route="/pay"}', value: 1 }] },
      ...ratios.map((name) => ({ expr: `max by (route) (${name})`, exp_samples: [{ labels: '{route="/cart"}', value: 0 }, { labels: '{route="/pay"}', value: 1 }] })),
    ]);
    expect(r.code, r.output).toBe(0);
  });
});

describe("sli.raw with goodQuery, the form OpenSLO good/total compiles to", () => {
  const model = (spec: Omit<RawSLISpec, "kind">) =>
    normalize(defineProject({ name: "t", conventions: presets.lab(), services: [service({ name: "svc", slos: [slo({ name: "s", objective: 99, sli: sli.raw(spec) })] })] }), "t.ts");

  it("counts every event as bad while the good query returns nothing, as sli.ratio({ good }) does", () => {
    const s = model({ goodQuery: 'sum(rate(x_total{ok="1"}[{{.window}}]))', totalQuery: "sum(rate(x_total[{{.window}}]))" }).services[0]!.slos[0]!;
    const errors = sliRecordingRules(s).find((r) => r.record === rec.errors5m);
    expect(errors?.expr).toBe('(sum(rate(x_total[5m])) - (sum(rate(x_total{ok="1"}[5m])) or 0 * sum(rate(x_total[5m]))))');
  });

  it("refuses errorQuery and goodQuery together", () => {
    expect(() => model({ errorQuery: "sum(rate(x_errors[{{.window}}]))", goodQuery: "sum(rate(x_ok[{{.window}}]))", totalQuery: "sum(rate(x_total[{{.window}}]))" })).toThrow(UserError);
  });
});
