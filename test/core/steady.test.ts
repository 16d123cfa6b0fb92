/**
 * The steady-counter evaluator that finds input series for users' own SLI queries agrees with
 * Prometheus: every query below is evaluated by it and by the real promtool over the same
 * counters, and promtool must return exactly the samples (labels and values) it predicts.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { evaluateSteady, groupingLabels, selectorsOf, Unsteady, type SteadySeries } from "../../src/promql/steady.ts";
import { findTool } from "../../src/validate/tools.ts";
import { tempDir } from "../helpers.ts";

/** Counters of kube-prometheus shape, per second; promtool gets them per minute. */
const SERIES: SteadySeries[] = [
  { labels: { __name__: "http_requests_total", job: "api", service: "api", pod: "api-1", route: "/pay", code: "200" }, rate: 3 },
  { labels: { __name__: "http_requests_total", job: "api", service: "api", pod: "api-1", route: "/pay", code: "503" }, rate: 1 },
  { labels: { __name__: "http_requests_total", job: "api", service: "api-canary", pod: "api-1", route: "/pay", code: "200" }, rate: 2 },
  { labels: { __name__: "http_requests_total", job: "api", service: "api", pod: "api-2", route: "/cart", code: "200" }, rate: 5 },
  { labels: { __name__: "latency_seconds_bucket", job: "api", le: "0.25" }, rate: 4 },
  { labels: { __name__: "latency_seconds_count", job: "api" }, rate: 5 },
  { labels: { __name__: "latency_seconds_bucket", job: "api", le: "1" }, rate: 4.5 },
  { labels: { __name__: "latency_seconds_bucket", job: "api", le: "+Inf" }, rate: 5 },
  // Gauges: a replica's lag, a probe's success ratio, a recorded rate.
  { labels: { __name__: "replica_lag_seconds", replica: "a" }, value: 12 },
  { labels: { __name__: "replica_lag_seconds", replica: "b" }, value: 45 },
  { labels: { __name__: "replica_lag_seconds", replica: "c" }, value: 90 },
  { labels: { __name__: "probe_success", instance: "x" }, value: 0.75 },
  { labels: { __name__: "probe_success", instance: "y" }, value: 1 },
  { labels: { __name__: "job:requests:rate5m", code: "500" }, value: 0.5 },
  { labels: { __name__: "job:requests:rate5m", code: "200" }, value: 9.5 },
];

const QUERIES = [
  'sum(rate(http_requests_total{job="api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="api"}[5m]))',
  'sum by (service, route) (rate(http_requests_total{code=~"5.."}[1h]))',
  '(sum by (route) (rate(http_requests_total{code=~"5.."}[1h])) or 0 * sum by (route) (rate(http_requests_total[1h]))) / sum by (route) (rate(http_requests_total[1h]))',
  '1 - (sum by (route) (increase(http_requests_total{code!~"5.."}[30m])) / sum by (route) (increase(http_requests_total[30m])))',
  "sum without (pod, code) (rate(http_requests_total[5m]))",
  'sum(rate(latency_seconds_count[5m])) - sum(rate(latency_seconds_bucket{le="0.25"}[5m]))',
  'sum by (route) (rate(http_requests_total{code="503"}[5m])) / on (route) sum by (route) (rate(http_requests_total[5m]))',
  'max by (service) (rate(http_requests_total[5m])) and on (service) count by (service) (rate(http_requests_total{code="200"}[5m]))',
  'sum by (route) (rate(http_requests_total[5m])) unless sum by (route) (rate(http_requests_total{code="503"}[5m]))',
  "avg(rate(http_requests_total[5m])) * 2 + vector(1)",
  'count by (route) (rate(http_requests_total[5m])) / ignoring (code) min by (route) (rate(http_requests_total[5m]))',
  // Gauges, over time and in subqueries; comparisons filtering and with bool.
  "sum_over_time((count(replica_lag_seconds > 30))[30m:]) / sum_over_time((count(replica_lag_seconds))[30m:])",
  "sum_over_time((count(replica_lag_seconds > 300))[30m:]) OR on() vector(0)",
  "replica_lag_seconds >= 45",
  "replica_lag_seconds > bool 30",
  "100 > replica_lag_seconds",
  "1 - sum by (instance) (sum_over_time(probe_success[30m])) / sum by (instance) (count_over_time(probe_success[30m]))",
  "avg_over_time(probe_success[10m]) < 1",
  "max_over_time(replica_lag_seconds[15m]) - min_over_time(replica_lag_seconds[15m]) + last_over_time(replica_lag_seconds[15m])",
  'sum(job:requests:rate5m{code=~"5.."}) / sum(job:requests:rate5m)',
  'avg_over_time((sum(rate(http_requests_total{code="503"}[5m])) / sum(rate(http_requests_total[5m])) >= 0)[1h:])',
  'sum_over_time((sum(rate(http_requests_total[5m])))[20m:5m]) / count_over_time((sum(rate(http_requests_total[5m])))[20m:5m])',
  'histogram_quantile(0.95, sum by (le) (rate(latency_seconds_bucket{job="api"}[5m])))',
  'histogram_quantile(0.5, sum by (le, job) (rate(latency_seconds_bucket[5m])))',
  '1 - avg_over_time((histogram_quantile(0.99, sum by (le) (rate(latency_seconds_bucket[5m]))) < bool 0.5)[1h:])',
  "count by (route) (rate(http_requests_total[5m]) > 2.5)",
  "group by (service) (rate(http_requests_total[5m]))",
];

describe("the steady-counter evaluator", () => {
  it("returns exactly the samples promtool returns, labels and values", () => {
    const dir = tempDir();
    const rules = join(dir, "empty.rules.yaml");
    writeFileSync(rules, "groups: []\n");
    const tests = {
      rule_files: [rules],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: SERIES.map((s) => {
            const { __name__, ...rest } = s.labels;
            const values = "rate" in s ? `0+${s.rate * 60}x120` : `${s.value}+0x120`;
            return { series: `${__name__}{${Object.entries(rest).map(([k, v]) => `${k}="${v}"`).join(",")}}`, values };
          }),
          promql_expr_test: QUERIES.map((expr) => ({
            expr,
            eval_time: "1h",
            exp_samples: evaluateSteady(expr, SERIES).map((s) => ({ labels: `{${Object.entries(s.labels).map(([k, v]) => `${k}="${v}"`).join(",")}}`, value: s.value })),
          })),
        },
      ],
    };
    for (const t of tests.tests[0]!.promql_expr_test) expect(t.exp_samples.length, t.expr).toBeGreaterThan(0);
    writeFileSync(join(dir, "steady.test.yaml"), stringify(tests));
    const r = spawnSync(findTool("promtool"), ["test", "rules", join(dir, "steady.test.yaml")], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("keeps to what has one meaning over steady counters", () => {
    for (const q of ["http_requests_total", "rate(replica_lag_seconds[5m])", "sum_over_time(http_requests_total[5m])", "rate(x[1h:5m])", "deriv(replica_lag_seconds[5m])", "a / on (x) group_left b", "1 > 2"]) {
      expect(() => evaluateSteady(q, SERIES), q).toThrow(Unsteady);
    }
  });

  it("names the selectors and the grouping labels of a query", () => {
    const q = 'sum by (route) (rate(a_total{job="x",code=~"5.."}[5m])) / on (route, service) sum by (route, service) (rate(b_total[5m]))';
    expect(selectorsOf(q)).toEqual([
      { series: "a_total", matchers: [{ label: "job", op: "=", value: "x" }, { label: "code", op: "=~", value: "5.." }] },
      { series: "b_total", matchers: [] },
    ]);
    expect(groupingLabels(q)).toEqual(["route", "service"]);
  });
});
