/**
 * The promtool tests llmops generates for SLIs given as the user's own PromQL (Sloth, OpenSLO,
 * `sli.raw`) start from raw series of the user's selectors, not from the ratios llmops records:
 * so they prove the user's query and llmops's rules over it together, and a rule that reads a
 * missing good series as 0% errors fails them.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SERVICE_LABEL, TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, tempDir } from "../helpers.ts";

interface TestFile {
  tests: { name: string; input_series: { series: string; values: string }[]; alert_rule_test: { exp_alerts: { exp_labels: Record<string, string> }[] }[] }[];
}

const SLOTH = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum by (service, route) (rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum by (service, route) (rate(http_requests_total{job="checkout"}[{{.window}}]))
  - name: latency
    objective: 99
    sli:
      events:
        error_query: sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.25"}[{{.window}}]))
        total_query: sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))
  - name: ratio
    objective: 99.5
    sli:
      raw:
        error_ratio_query: 1 - (sum(rate(checkout_ok_total[{{.window}}])) / sum(rate(checkout_all_total[{{.window}}])))
`;

const OPENSLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: availability
spec:
  service: checkout
  indicator:
    metadata:
      name: good-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout"}[5m]))
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;

async function generated(file: string, text: string): Promise<{ dir: string; tests: TestFile; testFile: string; rulesFile: string }> {
  const dir = tempDir();
  writeFileSync(join(dir, file), text);
  const gen = await cli(["generate", "--definitions", join(dir, file), "--out", join(dir, "out")]);
  expect(gen.code, gen.stderr).toBe(0);
  const testFile = join(dir, "out/prometheus/tests/checkout.test.yaml");
  return { dir, tests: parse(readFileSync(testFile, "utf8")) as TestFile, testFile, rulesFile: join(dir, "out/prometheus/rules/checkout.yaml") };
}

const promtool = (file: string) => spawnSync(findTool("promtool"), ["test", "rules", file], { encoding: "utf8", timeout: 120_000 });
/** Cases from raw series: not the window-pair and low-traffic ones, which drive the recordings. */
const endToEnd = (t: TestFile) => t.tests.filter((c) => !c.name.includes(": only ") && !c.name.includes(": low traffic, "));

describe("generated tests of SLIs written as PromQL", () => {
  it("feed the user's own series: a grouped query gets a failing and a healthy group, and the alert carries the failing group's labels", async () => {
    const { tests, testFile } = await generated("checkout.yaml", SLOTH);
    const cases = endToEnd(tests);
    expect(cases.length).toBe(12);
    for (const c of cases) {
      for (const s of c.input_series) expect(s.series, c.name).toMatch(/^(http_request|checkout_)/);
      expect(c.name).not.toMatch(/recorded ratios/);
    }
    const outage = cases.find((c) => c.name.startsWith("availability: full outage"))!;
    // Every request of the failing group fails: it has no good series at all; the healthy group has no error series.
    expect(outage.input_series.map((s) => s.series)).toEqual(['http_requests_total{code="5..", job="checkout", route="route-a", service="service-a"}', 'http_requests_total{job="checkout", route="route-b", service="service-b"}']);
    const fired = outage.alert_rule_test[0]!.exp_alerts.map((a) => a.exp_labels);
    expect(fired.map((l) => [l.route, l.service, l[SERVICE_LABEL], l[TIER_LABEL]])).toEqual([
      ["route-a", "service-a", "checkout", "page"],
      ["route-a", "service-a", "checkout", "ticket"],
    ]);
    // A histogram's bucket is there before its first fast request: present at rest in the outage.
    const latency = cases.find((c) => c.name.startsWith("latency: full outage"))!;
    expect(latency.input_series.map((s) => s.values)).toEqual(["0+1000x33", "0+0x33"]);
    const r = promtool(testFile);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("find series for a regex alternation, as Sloth's and Kubernetes' own examples write errors (code=~\"(5..|429)\")", async () => {
    const spec = `version: prometheus/v1
service: checkout
slos:
  - name: requests
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(apiserver_request_total{code=~"(5..|429)"}[{{.window}}]))
        total_query: sum(rate(apiserver_request_total[{{.window}}]))
  - name: good-requests
    objective: 99.9
    sli:
      raw:
        error_ratio_query: 1 - sum(rate(apiserver_request_total{code!~"(5..|429)"}[{{.window}}])) / sum(rate(apiserver_request_total[{{.window}}]))
`;
    const { tests, testFile } = await generated("checkout.yaml", spec);
    const cases = endToEnd(tests);
    expect(cases.length).toBe(8);
    for (const c of cases) {
      expect(c.name).not.toMatch(/recorded ratios/);
      for (const s of c.input_series) expect(s.series).toMatch(/^apiserver_request_total/);
    }
    const r = promtool(testFile);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("fail on rules that read a missing good series as no errors", async () => {
    const { tests, testFile, rulesFile } = await generated("checkout.yaml", OPENSLO);
    expect(endToEnd(tests).every((c) => c.input_series.every((s) => s.series.startsWith("http_requests_total")))).toBe(true);
    expect(promtool(testFile).status).toBe(0);
    // The guard of the good series put back where it never counts a failure: `(total - good) or 0 * total`.
    let rules = readFileSync(rulesFile, "utf8");
    let mutated = 0;
    for (const w of ["5m", "30m", "1h", "2h", "6h", "1d", "3d"]) {
      const total = `sum(rate(http_requests_total{job="checkout"}[${w}]))`;
      const good = `sum(rate(http_requests_total{job="checkout",code!~"5.."}[${w}]))`;
      const right = `(${total} - (${good} or 0 * ${total}))`;
      const wrong = `((${total} - ${good}) or 0 * ${total})`;
      mutated += rules.split(right).length - 1;
      rules = rules.split(right).join(wrong);
    }
    expect(mutated).toBeGreaterThan(5);
    writeFileSync(rulesFile, rules);
    const r = promtool(testFile);
    expect(r.status, "the generated tests passed on rules that miss a full outage").not.toBe(0);
    expect(r.stdout + r.stderr).toContain("full outage");
  });

  it("drive gauges, subqueries, thresholds and quantiles from the user's own series too", async () => {
    const spec = `version: prometheus/v1
service: checkout
slos:
  - name: satisfaction
    objective: 99
    sli:
      raw:
        error_ratio_query: 1 - (sum(sum_over_time(checkout_satisfaction_ratio[{{.window}}])) / sum(count_over_time(checkout_satisfaction_ratio[{{.window}}])))
  - name: fresh-shards
    objective: 95
    sli:
      events:
        error_query: sum_over_time((count(checkout_index_age_seconds > 600))[{{.window}}:]) OR on() vector(0)
        total_query: sum_over_time((count(checkout_index_age_seconds))[{{.window}}:])
  - name: recorded-rates
    objective: 99.5
    sli:
      raw:
        error_ratio_query: avg_over_time((sum(job:checkout_requests:rate5m{code=~"5.."}) / sum(job:checkout_requests:rate5m))[{{.window}}:])
  - name: fast-minutes
    objective: 99
    sli:
      raw:
        error_ratio_query: 1 - avg_over_time((histogram_quantile(0.95, sum by (le) (rate(checkout_duration_seconds_bucket[5m]))) < bool 0.5)[{{.window}}:])
`;
    const { tests, testFile, rulesFile } = await generated("checkout.yaml", spec);
    const cases = endToEnd(tests);
    const of = (slo: string) => cases.filter((c) => c.name.startsWith(`${slo}: `));
    for (const c of cases.filter((x) => !x.name.includes("recorded ratios"))) for (const s of c.input_series) expect(s.series, c.name).toMatch(/^(checkout_|job:checkout_requests)/);
    for (const slo of ["satisfaction", "fresh-shards", "recorded-rates"]) {
      expect(of(slo).length, slo).toBe(4);
      for (const c of of(slo)) expect(c.name).not.toMatch(/recorded ratios/);
    }
    // A gauge holds its value: the satisfaction ratio at 1 - the error ratio, never a counter.
    const outage = of("satisfaction").find((c) => c.name.includes("full outage"))!;
    expect(outage.input_series).toEqual([{ series: "checkout_satisfaction_ratio", values: "0+0x33" }]);
    const burning = of("satisfaction").find((c) => c.name.includes("above the page factor"))!;
    expect(burning.input_series[0]!.values).toMatch(/^0\.8\d*\+0x/);
    // Shards counted over a threshold: k of N replicas stale, told apart by a label the query does not name.
    const shards = of("fresh-shards").find((c) => c.name.includes("above the ticket factor"))!;
    expect(shards.input_series.length).toBeGreaterThan(2);
    expect(shards.input_series.every((s) => /^checkout_index_age_seconds\{instance="instance-\d+"\}$/.test(s.series))).toBe(true);
    expect(shards.input_series.filter((s) => s.values.startsWith("1000+")).length).toBeGreaterThan(0);
    // A quantile over its threshold in every slice is a full outage from raw buckets, cumulative as Prometheus has them;
    // a fraction of slices is not a steady state, so those cases start from the recorded ratios and say so.
    const slow = of("fast-minutes").find((c) => c.name.includes("full outage"))!;
    expect(slow.name).not.toMatch(/recorded ratios/);
    const buckets = slow.input_series.map((s) => [Number(/le="([^"]+)"/.exec(s.series)![1]!.replace("+Inf", "Infinity")), Number(s.values.split("+")[1]!.split("x")[0])] as const).sort((a, b) => a[0] - b[0]);
    expect(buckets.at(-1)![0]).toBe(Infinity);
    for (let i = 1; i < buckets.length; i++) expect(buckets[i]![1]).toBeGreaterThanOrEqual(buckets[i - 1]![1]);
    expect(of("fast-minutes").filter((c) => /steady series of this query give no such ratio/.test(c.name)).length).toBe(3);
    expect(promtool(testFile).status).toBe(0);
    // The raw cases prove the user's query: count the samples of the gauge instead of summing them and they fail.
    const rules = readFileSync(rulesFile, "utf8");
    const broken = rules.split("sum(sum_over_time(checkout_satisfaction_ratio").join("sum(count_over_time(checkout_satisfaction_ratio");
    expect(broken).not.toBe(rules);
    writeFileSync(rulesFile, broken);
    const r = promtool(testFile);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("satisfaction: full outage");
  });

  it("drive every SLO of the conformance corpus from raw series: each full outage and every slice case, and each burn a steady state can give", async () => {
    const root = join(__dirname, "corpus");
    let slos = 0;
    for (const folder of ["sloth/prometheus-v1", "sloth/kubernetes", "openslo", "openslo-calendar", "pyrra"]) {
      const out = join(tempDir(), "out");
      const gen = await cli(["generate", "--definitions", join(root, folder), "--out", out]);
      expect(gen.code, gen.stderr).toBe(0);
      const dir = join(out, "prometheus/tests");
      for (const f of readdirSync(dir)) {
        const file = parse(readFileSync(join(dir, f), "utf8")) as TestFile;
        const groups = (parse(readFileSync(join(out, "prometheus/rules", f.replace(".test.yaml", ".yaml")), "utf8")) as { groups: { rules: { record?: string; expr: string; labels?: Record<string, string> }[] }[] }).groups;
        const ratioOf = (slo: string) => groups.flatMap((g) => g.rules).find((r) => r.record === "slo:sli_error:ratio_rate1h" && r.labels?.llmops_slo === slo)?.expr;
        for (const c of endToEnd(file)) {
          if (/full outage|every slice misses/.test(c.name)) slos++;
          if (!/recorded/.test(c.name)) {
            for (const s of c.input_series) expect(s.series, `${folder}/${f}: ${c.name}`).not.toMatch(/^slo:/);
            continue;
          }
          // Only a fraction of slices over a threshold is out of a steady state's reach.
          expect(c.name, `${folder}/${f}`).toMatch(/: burn .*steady series of this query give no such ratio/);
          expect(ratioOf(c.name.split(":")[0]!), `${folder}/${f}: ${c.name}`).toMatch(/avg_over_time\(\(.* bool .*\)\[1h:\]\)/);
        }
      }
    }
    expect(slos).toBeGreaterThanOrEqual(57);
  });
});
