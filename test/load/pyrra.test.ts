/**
 * Pyrra ServiceLevelObjectives as llmops specs: for each indicator, the selectors Pyrra takes
 * in and the queries llmops compiles from them (the form of Pyrra's own rules_test.go table);
 * then what each spec field becomes, and what is refused, at its field and line.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ServiceSpec } from "../../src/dsl/spec.ts";
import { readYamlServices } from "../../src/load/yaml.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";

function load(yaml: string): ServiceSpec[] {
  const dir = definitionsDir({ "slo.yaml": yaml });
  return readYamlServices([join(dir, "slo.yaml")]);
}

/** A ServiceLevelObjective around `indicator` (indented as under `indicator:`) and extra spec lines. */
function doc(indicator: string, extra = ""): string {
  return `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-slo
  namespace: shop
spec:
  target: "99.5"
  window: 28d
${extra}  indicator:
${indicator}`;
}

describe("each Pyrra indicator compiles to the queries Pyrra runs, as a raw SLI of events", () => {
  const table: { name: string; indicator: string; sli: Record<string, string> }[] = [
    {
      name: "ratio: errors over total, each a sum of rates",
      indicator: `    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
`,
      sli: {
        kind: "raw",
        errorQuery: 'sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{job="api"}[{{.window}}]))',
      },
    },
    {
      name: "ratio with grouping: one ratio per group",
      indicator: `    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
      grouping: [handler, method]
`,
      sli: {
        kind: "raw",
        errorQuery: 'sum by (handler, method) (rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))',
        totalQuery: 'sum by (handler, method) (rate(http_requests_total{job="api"}[{{.window}}]))',
      },
    },
    {
      name: 'latency, a decimal bound: le="0.25" matched as written, its dot escaped',
      indicator: `    latency:
      success:
        metric: http_request_duration_seconds_bucket{job="api",le="0.25"}
      total:
        metric: http_request_duration_seconds_count{job="api"}
`,
      sli: {
        kind: "raw",
        goodQuery: 'sum(rate(http_request_duration_seconds_bucket{job="api",le=~"0\\\\.25"}[{{.window}}]))',
        totalQuery: 'sum(rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))',
      },
    },
    {
      name: 'latency, a whole bound: le="1" also matches Prometheus 3\'s le="1.0"',
      indicator: `    latency:
      success:
        metric: http_request_duration_seconds_bucket{le="1",job="api"}
      total:
        metric: http_request_duration_seconds_count{job="api"}
      grouping: [handler]
`,
      sli: {
        kind: "raw",
        goodQuery: 'sum by (handler) (rate(http_request_duration_seconds_bucket{job="api",le=~"1(\\\\.0)?"}[{{.window}}]))',
        totalQuery: 'sum by (handler) (rate(http_request_duration_seconds_count{job="api"}[{{.window}}]))',
      },
    },
    {
      name: 'latency, a whole bound written the Prometheus 3 way: le="5.0" matches "5" too',
      indicator: `    latency:
      success:
        metric: rpc_duration_seconds_bucket{le="5.0"}
      total:
        metric: rpc_duration_seconds_count
`,
      sli: { kind: "raw", goodQuery: 'sum(rate(rpc_duration_seconds_bucket{le=~"5(\\\\.0)?"}[{{.window}}]))', totalQuery: "sum(rate(rpc_duration_seconds_count[{{.window}}]))" },
    },
    {
      name: "bool_gauge: the samples are the events, the 1s the good ones",
      indicator: `    bool_gauge:
      metric: probe_success{job="blackbox"}
      grouping: [instance]
`,
      sli: {
        kind: "raw",
        goodQuery: 'sum by (instance) (sum_over_time(probe_success{job="blackbox"}[{{.window}}]))',
        totalQuery: 'sum by (instance) (count_over_time(probe_success{job="blackbox"}[{{.window}}]))',
      },
    },
  ];
  for (const c of table) {
    it(c.name, () => {
      expect(load(doc(c.indicator))[0]!.slos![0]!.sli).toEqual(c.sli);
    });
  }

  it("a matcher value with quotes and backslashes is escaped again as it was read", () => {
    const sli = load(doc(`    ratio:
      errors:
        metric: 'jobs_total{name="say \\"hi\\"",path=~"C:\\\\\\\\tmp.*",state="failed"}'
      total:
        metric: 'jobs_total{name="say \\"hi\\"",path=~"C:\\\\\\\\tmp.*"}'
`))[0]!.slos![0]!.sli;
    expect(sli).toMatchObject({ errorQuery: 'sum(rate(jobs_total{name="say \\"hi\\"",path=~"C:\\\\\\\\tmp.*",state="failed"}[{{.window}}]))' });
  });
});

describe("the spec around the indicator", () => {
  const RATIO = `    ratio:
      errors:
        metric: http_requests_total{code=~"5.."}
      total:
        metric: http_requests_total
`;

  it("metadata.namespace is the service, metadata.name the SLO; target, window and description carry over exactly", () => {
    const [svc] = load(doc(RATIO, "  description: Requests served without a 5xx.\n").replace('target: "99.5"', 'target: "99.95"').replace("window: 28d", "window: 4w"));
    expect(svc!.name).toBe("shop");
    expect(svc!.slos!.map((s) => [s.name, s.objective, s.window, s.description])).toEqual([["api-slo", 99.95, "4w", "Requests served without a 5xx."]]);
  });

  it("an SLO without a namespace belongs to the service default, as kubectl would place it", () => {
    expect(load(doc(RATIO).replace("  namespace: shop\n", ""))[0]!.name).toBe("default");
  });

  it("SLOs of one namespace in several documents are one service", () => {
    const two = `${doc(RATIO)}---\n${doc(RATIO).replace("name: api-slo", "name: api-slo-2")}---\n${doc(RATIO).replace("namespace: shop", "namespace: other")}`;
    expect(load(two).map((s) => [s.name, s.slos!.map((x) => x.name)])).toEqual([
      ["shop", ["api-slo", "api-slo-2"]],
      ["other", ["api-slo"]],
    ]);
  });

  it("only pyrra.dev/ labels and annotations carry over, the prefix removed, as Pyrra copies them onto its rules", () => {
    const yaml = doc(RATIO).replace(
      "  namespace: shop\n",
      "  namespace: shop\n  labels:\n    prometheus: k8s\n    role: alert-rules\n    pyrra.dev/team: storefront\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{}'\n    pyrra.dev/runbook: https://runbooks.example.com/api\n",
    );
    const s = load(yaml)[0]!.slos![0]!;
    expect(s.labels).toEqual({ team: "storefront" });
    expect(s.alerting).toEqual({ annotations: { runbook: "https://runbooks.example.com/api" } });
  });

  it("without alerting options the SLO gets llmops's page and ticket tiers and its default alert name", () => {
    expect(load(doc(RATIO))[0]!.slos![0]!.alerting).toBeUndefined();
  });

  it("alerting.name names the alert; burnrates: false and the deprecated disabled: true turn both tiers off", () => {
    const named = load(`${doc(RATIO)}  alerting:\n    name: ApiErrorBudgetBurn\n`)[0]!.slos![0]!;
    expect(named.alerting).toEqual({ name: "ApiErrorBudgetBurn" });
    for (const off of ["burnrates: false", "disabled: true"]) {
      const s = load(`${doc(RATIO)}  alerting:\n    ${off}\n`)[0]!.slos![0]!;
      expect(s.alerting).toEqual({ page: { disabled: true }, ticket: { disabled: true } });
    }
    expect(load(`${doc(RATIO)}  alerting:\n    burnrates: true\n    disabled: false\n`)[0]!.slos![0]!.alerting).toBeUndefined();
  });

  it("severities: fast and medium burn are the page tier's, slow and long-term burn the ticket tier's", () => {
    const s = load(`${doc(RATIO)}  alerting:\n    severities:\n      fastBurn: critical\n      mediumBurn: critical\n      longTermBurn: warning\n`)[0]!.slos![0]!;
    expect(s.alerting).toEqual({ page: { severity: "critical" }, ticket: { severity: "warning" } });
  });

  it("absent: false, Thanos' partial_response_strategy, performanceOverAccuracy and status are accepted", () => {
    const yaml = `${doc(RATIO, "  partial_response_strategy: warn\n  performanceOverAccuracy: true\n")}  alerting:\n    absent: false\n    absentName: ApiMetricsAbsent\nstatus:\n  type: PrometheusRule\n`;
    expect(load(yaml)[0]!.slos![0]!.name).toBe("api-slo");
  });
});

describe("what is refused names the Pyrra field and its line", () => {
  const BASE = `apiVersion: pyrra.dev/v1alpha1
kind: ServiceLevelObjective
metadata:
  name: api-errors
  namespace: shop
  labels:
    pyrra.dev/team: storefront
spec:
  target: "99.5"
  window: 28d
  indicator:
    ratio:
      errors:
        metric: http_requests_total{job="api",code=~"5.."}
      total:
        metric: http_requests_total{job="api"}
      grouping: [handler]
  alerting:
    name: ApiErrors
`;
  it("the base loads", () => {
    expect(load(BASE)[0]!.slos).toHaveLength(1);
  });
  const cases: [string, string, string, string, number, RegExp][] = [
    ["a wrong apiVersion", "apiVersion: pyrra.dev/v1alpha1", "apiVersion: pyrra.dev/v1", "apiVersion", 1, /must be "pyrra.dev\/v1alpha1"/],
    ["a wrong kind", "kind: ServiceLevelObjective", "kind: SLO", "kind", 2, /must be "ServiceLevelObjective"/],
    ["a misspelt spec field", "  window: 28d", "  windows: 28d", "spec.windows", 10, /unknown field/],
    ["a target written as a number", 'target: "99.5"', "target: 99.5", "spec.target", 9, /must be string/],
    ["a target in exponent notation", 'target: "99.5"', 'target: "9.95e1"', "spec.target", 9, /not a decimal percent/],
    ["a target of 100", 'target: "99.5"', 'target: "100"', "spec.target", 9, /out of range/],
    ["a target given as a ratio", 'target: "99.5"', 'target: "0.995"', "spec.target", 9, /is 0.995%, not 99.5%/],
    ["a target with more decimals than llmops resolves", 'target: "99.5"', 'target: "99.99995"', "spec.target", 9, /more than 4 decimals/],
    ["a window in hours", "window: 28d", "window: 672h", "spec.window", 10, /not supported/],
    ["a window not longer than 3d", "window: 28d", "window: 3d", "spec.window", 10, /not longer than the longest alert window/],
    ["an SLO name llmops cannot use", "name: api-errors", "name: api.errors", "metadata.name", 4, /cannot be used by llmops/],
    ["a namespace llmops cannot use as service name", "namespace: shop", "namespace: 1shop", "metadata.namespace", 5, /cannot be used as llmops's service name/],
    ["a pyrra.dev/ label that is no label name", "pyrra.dev/team: storefront", "pyrra.dev/team-name: storefront", "metadata.labels.pyrra.dev/team-name", 7, /cannot be a Prometheus label name/],
    ["a pyrra.dev/ label llmops sets itself", "pyrra.dev/team: storefront", "pyrra.dev/llmops_tier: storefront", "metadata.labels.pyrra.dev/llmops_tier", 7, /is set by llmops/],
    ["a selector that is a query", 'metric: http_requests_total{job="api",code=~"5.."}', 'metric: rate(http_requests_total{code=~"5.."}[5m])', "spec.indicator.ratio.errors.metric", 14, /not a vector selector/],
    ["a selector that does not parse", 'metric: http_requests_total{job="api"}', 'metric: http_requests_total{job="api"', "spec.indicator.ratio.total.metric", 16, /does not parse/],
    ["a regex RE2 refuses", 'code=~"5.."}', 'code=~"5(.."}', "spec.indicator.ratio.errors.metric", 14, /regex/],
    ["a selector by __name__", 'metric: http_requests_total{job="api"}', 'metric: \'{__name__="http_requests_total"}\'', "spec.indicator.ratio.total.metric", 16, /names no metric/],
    ["errors the same as total", 'code=~"5.."}', "}", "spec.indicator.ratio.errors.metric", 14, /the same/],
    ["a misspelt indicator field", "      errors:", "      error:", "spec.indicator.ratio.error", 14, /unknown field/],
    ["a grouping label that is no label name", "grouping: [handler]", "grouping: [handler.name]", "spec.indicator.ratio.grouping[0]", 17, /cannot be a Prometheus label name/],
    ["a grouping label listed twice", "grouping: [handler]", "grouping: [handler, handler]", "spec.indicator.ratio.grouping[1]", 17, /listed twice/],
    ["a grouping label that is also an SLO label", "grouping: [handler]", "grouping: [team]", "spec.indicator.ratio.grouping[0]", 17, /also a label of the SLO/],
    ["two indicators", "  alerting:\n", "    bool_gauge:\n      metric: up\n  alerting:\n", "spec.indicator.bool_gauge", 19, /only one indicator/],
    ["an alert name that is no identifier", "name: ApiErrors", "name: Api-Errors", "spec.alerting.name", 19, /cannot be an alert name/],
    ["absent alerts asked for", "    name: ApiErrors", "    absent: true", "spec.alerting.absent", 19, /absent alerts are not supported/],
    ["an absent alert named while absent alerts are on", "    name: ApiErrors", "    absentName: ApiAbsent", "spec.alerting.absentName", 19, /absent alerts are not supported/],
    ["two severities in one tier", "    name: ApiErrors", "    severities:\n      fastBurn: critical\n      mediumBurn: high", "spec.alerting.severities.mediumBurn", 21, /differs from fastBurn/],
    ["a templated severity", "    name: ApiErrors", "    severities:\n      slowBurn: '{{ $labels.team }}'", "spec.alerting.severities.slowBurn", 20, /is a template/],
    ["ruleOutput", "  alerting:\n", "  ruleOutput:\n    shortRulesLabels: { a: b }\n  alerting:\n", "spec.ruleOutput", 19, /ruleOutput is not supported/],
  ];
  for (const [name, from, to, field, line, what] of cases) {
    it(name, () => {
      expect(BASE).toContain(from);
      const e = refusedBy(() => load(BASE.replace(from, to)));
      expect(e.where.path).toBe(`document 1: ${field}`);
      expect(e.where.file).toMatch(new RegExp(`slo\\.yaml:${line}$`));
      expect(e.message).toMatch(what);
      expect(e.hint.length).toBeGreaterThan(10);
    });
  }

  it("latencyNative, saying why: promtool 2.42 cannot write native histogram samples", () => {
    const e = refusedBy(() => load(doc("    latencyNative:\n      latency: 200ms\n      total:\n        metric: rpc_duration_seconds{job=\"api\"}\n")));
    expect(e.where.path).toBe("document 1: spec.indicator.latencyNative");
    expect(e.message).toMatch(/latencyNative \(native histograms\) is not supported/);
    expect(e.hint).toMatch(/promtool 2\.42.*native histogram samples/);
  });

  const LATENCY = (success: string, grouping = "") => doc(`    latency:\n      success:\n        metric: ${success}\n      total:\n        metric: d_seconds_count\n${grouping}`);
  for (const [name, success, what] of [
    ["a success metric without le", "d_seconds_bucket", /has no le matcher/],
    ["an le regex", 'd_seconds_bucket{le=~"0.5"}', /one equality/],
    ["le=\"+Inf\"", 'd_seconds_bucket{le="+Inf"}', /not a bucket bound llmops can match/],
    ["a bound with a trailing zero", 'd_seconds_bucket{le="0.50"}', /not a bucket bound llmops can match/],
    ["a bound in exponent notation", 'd_seconds_bucket{le="5e-1"}', /not a bucket bound llmops can match/],
  ] as const) {
    it(`latency: ${name}`, () => {
      const e = refusedBy(() => load(LATENCY(`'${success}'`)));
      expect(e.where.path).toBe("document 1: spec.indicator.latency.success.metric");
      expect(e.message).toMatch(what);
    });
  }

  it("latency grouped by le", () => {
    const e = refusedBy(() => load(LATENCY('\'d_seconds_bucket{le="1"}\'', "      grouping: [le]\n")));
    expect(e.where.path).toBe("document 1: spec.indicator.latency.grouping[0]");
  });

  it("two SLOs of one name in one namespace, naming the other", () => {
    const e = refusedBy(() => load(`${BASE}---\n${BASE}`));
    expect(e.where.path).toBe("document 2: metadata.name");
    expect(e.message).toMatch(/defined twice in namespace shop/);
    expect(e.hint).toMatch(/document 1 of/);
  });
});
