/**
 * Pyrra SLOs proven in the real promtool from the raw series their selectors name, not from
 * recorded ratios: a full outage pages, a healthy service stays silent, a grouped SLO pages
 * for the failing group only, a latency bound matches the bucket as Prometheus 2 (`le="1"`)
 * and 3 (`le="1.0"`) write it, and a 0/1 gauge counts its 0 samples as errors.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, groupEvalOrder, tempDir } from "../helpers.ts";

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

interface ExprTest {
  expr: string;
  exp_samples: { labels: string; value: number }[];
}

/** A ServiceLevelObjective in namespace `shop` around `indicator` (indented as under `indicator:`). */
function spec(indicator: string, window = "28d"): string {
  return `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api
  namespace: shop
spec:
  target: "99.9"
  window: ${window}
  indicator:
${indicator}`;
}

/** Generates `yaml`, then runs promtool over `series` (one sample a minute for 2h) with the checks at 1h. */
async function run(yaml: string, series: Record<string, string>, checks: (firing: (by?: string) => string) => ExprTest[]) {
  const dir = tempDir();
  writeFileSync(join(dir, "slo.yaml"), yaml);
  const gen = await cli(["generate", "--definitions", join(dir, "slo.yaml"), "--out", join(dir, "out")]);
  expect(gen.code, gen.stderr).toBe(0);
  const rulesFile = join(dir, "out/prometheus/rules/shop.yaml");
  const rules = (parse(readFileSync(rulesFile, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const page = rules.find((r) => r.alert !== undefined && r.labels?.[TIER_LABEL] === "page");
  expect(page, "no page alert").toBeDefined();
  const firing = (by?: string) => {
    const sel = `ALERTS{alertname="${page!.alert!}",alertstate="firing",${TIER_LABEL}="page"}`;
    return by ? `count by (${by}) (${sel})` : `count(${sel})`;
  };
  const test = {
    rule_files: [rulesFile],
    group_eval_order: groupEvalOrder(rulesFile),
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: Object.entries(series).map(([s, values]) => ({ series: s, values })),
        promql_expr_test: checks(firing).map((e) => ({ ...e, eval_time: "1h" })),
      },
    ],
  };
  writeFileSync(join(dir, "outage.test.yaml"), stringify(test));
  const r = spawnSync(findTool("promtool"), ["test", "rules", join(dir, "outage.test.yaml")], { encoding: "utf8" });
  return { code: r.status, output: r.stdout + r.stderr };
}

const RATIO = (grouping = "") => `    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
${grouping}`;
const GROWING = "0+60x120";
const FLAT = "0+0x120";

describe("a Pyrra ratio SLO from raw counters", () => {
  it("a full outage (every request a 5xx) reads an error ratio of 1 and pages", async () => {
    const r = await run(spec(RATIO()), { 'http_requests_total{job="api",code="500"}': GROWING }, (firing) => [
      { expr: firing(), exp_samples: [{ labels: "{}", value: 1 }] },
      { expr: "max(slo:sli_error:ratio_rate1h)", exp_samples: [{ labels: "{}", value: 1 }] },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it("no 5xx series at all is no errors, not no data: the ratio is 0 and nothing fires", async () => {
    const r = await run(spec(RATIO()), { 'http_requests_total{job="api",code="200"}': GROWING }, (firing) => [
      { expr: firing(), exp_samples: [] },
      { expr: "max(slo:sli_error:ratio_rate1h)", exp_samples: [{ labels: "{}", value: 0 }] },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it("grouped by route, one ratio and one page per route: only the failing route pages", async () => {
    const series = {
      'http_requests_total{job="api",route="/pay",code="503"}': GROWING,
      'http_requests_total{job="api",route="/cart",code="200"}': GROWING,
    };
    const r = await run(spec(RATIO("      grouping: [route]\n")), series, (firing) => [
      { expr: firing("route"), exp_samples: [{ labels: '{route="/pay"}', value: 1 }] },
      { expr: "max by (route) (slo:sli_error:ratio_rate1h)", exp_samples: [{ labels: '{route="/cart"}', value: 0 }, { labels: '{route="/pay"}', value: 1 }] },
    ]);
    expect(r.code, r.output).toBe(0);
  });
});

describe("a Pyrra latency SLO from raw histogram series", () => {
  const LATENCY = `    latency:
      success:
        metric: http_request_duration_seconds_bucket{job="api",le="1"}
      total:
        metric: http_request_duration_seconds_count{job="api"}
`;
  for (const le of ["1", "1.0"]) {
    it(`every request slower than 1s pages, the bucket written le="${le}"`, async () => {
      const series = {
        [`http_request_duration_seconds_bucket{job="api",le="${le}"}`]: FLAT,
        'http_request_duration_seconds_count{job="api"}': GROWING,
      };
      const r = await run(spec(LATENCY), series, (firing) => [{ expr: firing(), exp_samples: [{ labels: "{}", value: 1 }] }]);
      expect(r.code, r.output).toBe(0);
    });

    it(`every request within 1s is silent, the bucket written le="${le}"`, async () => {
      const series = {
        [`http_request_duration_seconds_bucket{job="api",le="${le}"}`]: GROWING,
        'http_request_duration_seconds_count{job="api"}': GROWING,
      };
      const r = await run(spec(LATENCY), series, (firing) => [
        { expr: firing(), exp_samples: [] },
        { expr: "max(slo:sli_error:ratio_rate1h)", exp_samples: [{ labels: "{}", value: 0 }] },
      ]);
      expect(r.code, r.output).toBe(0);
    });
  }
});

describe("a Pyrra bool_gauge SLO from a raw 0/1 gauge", () => {
  it("grouped by instance: the probe that always fails pages, the one that succeeds does not", async () => {
    const indicator = `    bool_gauge:
      metric: probe_success{job="blackbox"}
      grouping: [instance]
`;
    const series = { 'probe_success{job="blackbox",instance="a"}': "0x120", 'probe_success{job="blackbox",instance="b"}': "1x120" };
    const r = await run(spec(indicator, "7d"), series, (firing) => [
      { expr: firing("instance"), exp_samples: [{ labels: '{instance="a"}', value: 1 }] },
      { expr: "max by (instance) (slo:sli_error:ratio_rate1h)", exp_samples: [{ labels: '{instance="a"}', value: 1 }, { labels: '{instance="b"}', value: 0 }] },
    ]);
    expect(r.code, r.output).toBe(0);
  });

  it("a probe failing one sample in four reads an error ratio of about 0.25 (a window holds 60 or 61 samples)", async () => {
    const indicator = `    bool_gauge:
      metric: probe_success{job="blackbox"}
`;
    const r = await run(spec(indicator, "7d"), { 'probe_success{job="blackbox",instance="a"}': "1 1 1 0 ".repeat(30).trim() }, () => [
      { expr: "count(0.24 < slo:sli_error:ratio_rate1h < 0.26)", exp_samples: [{ labels: "{}", value: 1 }] },
    ]);
    expect(r.code, r.output).toBe(0);
  });
});
