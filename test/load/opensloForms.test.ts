/**
 * The forms OpenSLO users write, each read into the service specs the shared compiler takes:
 * lists of objects, bare counters, gauges, raw ratios, references that do not resolve, the
 * specification's defaults, windows in weeks and months, several objectives, time-slice
 * budgeting of ratios, openslo/v1alpha. Each refusal names the file and line, the document and
 * the field.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RawSLISpec, ServiceSpec, SLOSpec, TimesliceSLISpec } from "../../src/dsl/spec.ts";
import { counterRates } from "../../src/load/opensloRanges.ts";
import { readYamlServices } from "../../src/load/yaml.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";

function load(yaml: string): ServiceSpec[] {
  const dir = definitionsDir({ "openslo.yaml": yaml });
  return readYamlServices([join(dir, "openslo.yaml")]);
}
const refusal = (yaml: string) => refusedBy(() => load(yaml));
const slos = (yaml: string): SLOSpec[] => load(yaml).flatMap((s) => s.slos ?? []);
const only = (yaml: string): SLOSpec => {
  const all = slos(yaml);
  expect(all).toHaveLength(1);
  return all[0]!;
};

/** An SLO of service `shop` with an inline SLI whose spec is `sli` (indented under `spec:`), and the rest of its spec. */
function slo(sli: string, rest = "  budgetingMethod: Occurrences\n  objectives:\n    - target: 0.99\n", name = "shop-availability"): string {
  return `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
spec:
  service: shop
  indicator:
    metadata:
      name: ${name}-sli
    spec:
${sli.replace(/^/gm, "      ")}
${rest}`;
}

const metric = (query: string, extra = "type: Prometheus") => `metricSource:\n  ${extra}\n  spec:\n    query: '${query}'`;
const indent = (text: string, n: number) => text.replace(/^/gm, " ".repeat(n));
const ratio = (counter: string, pairs: Record<string, string>) =>
  `ratioMetric:\n${counter ? `  ${counter}\n` : ""}${Object.entries(pairs)
    .map(([k, q]) => `  ${k}:\n${indent(metric(q), 4)}`)
    .join("\n")}`;

const sliOf = (yaml: string) => only(yaml).sli;

describe("a document that is a list of OpenSLO objects", () => {
  const LIST = `- apiVersion: openslo/v1
  kind: Service
  metadata: { name: shop }
- apiVersion: openslo/v1
  kind: DataSource
  metadata: { name: prom }
  spec: { type: Prometheus }
- apiVersion: openslo/v1
  kind: SLO
  metadata: { name: shop-availability }
  spec:
    service: shop
    indicatorRef: shop-errors
    objectives: [{ target: 0.99 }]
`;
  const SLI = `---
apiVersion: openslo/v1
kind: SLI
metadata: { name: shop-errors }
spec:
  ratioMetric:
    counter: true
    bad: { metricSource: { metricSourceRef: prom, spec: { query: 'sum(rate(shop_requests_total{code="500"}[5m]))' } } }
    total: { metricSource: { metricSourceRef: prom, spec: { query: 'sum(rate(shop_requests_total[5m]))' } } }
`;
  it("is read object by object, references resolving to documents of their own in the same file", () => {
    const [shop] = load(LIST + SLI);
    expect(shop!.name).toBe("shop");
    expect(shop!.slos!.map((s) => s.name)).toEqual(["shop-availability"]);
    expect((shop!.slos![0]!.sli as RawSLISpec).errorQuery).toBe('sum(rate(shop_requests_total{code="500"}[{{.window}}]))');
  });
  it("an error names the object by its index in the list, and its line", () => {
    const e = refusal(LIST.replace("    service: shop\n", "") + SLI);
    expect(e.where.path).toBe("document 1: [2].spec.service");
    expect(e.message).toBe("missing required field");
    // The line of the deepest field there is: the object's spec.
    expect(e.where.file).toMatch(/openslo\.yaml:12$/);
  });
  it("an error found after the schema (an undefined reference) names the object too", () => {
    const e = refusal(LIST);
    expect(e.where.path).toBe("document 1: [2].spec.indicatorRef");
    expect(e.message).toBe('SLI "shop-errors" is not defined');
  });
  it("an item that is not an OpenSLO object is refused by its index", () => {
    const e = refusal(`${LIST}- version: prometheus/v1\n  service: shop\n  slos: []\n${SLI}`);
    expect(e.where.path).toBe("document 1: [3]");
    expect(e.where.file).toMatch(/openslo\.yaml:15$/);
    expect(e.message).toMatch(/not an OpenSLO object/);
  });
  it("an object defined twice names where the other one is, by document and index", () => {
    const e = refusal(LIST + SLI.replace("kind: SLI", "kind: DataSource").replace(/spec:\n(.|\n)*/, "spec: { type: Prometheus }\n").replace("shop-errors", "prom"));
    expect(e.where.path).toBe("document 2: metadata.name");
    expect(e.hint).toContain("document 1, [1] of");
  });
  it("an empty list holds no object", () => {
    expect(load(`[]\n---\n${SLI.slice(4).replace(/metricSourceRef: prom/g, "type: Prometheus")}`)).toEqual([]);
  });
});

describe("counters written bare, without a range (counter: true)", () => {
  const template = (q: string) => {
    const t = counterRates(q);
    if (!t.ok) throw new Error(t.problem);
    return t.template;
  };
  it("a selector becomes the sum of its rates over each window", () => {
    expect(template('http_requests_total{code=~"5.."}')).toBe('sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))');
  });
  it("an aggregation keeps its grouping, each selector its rate", () => {
    expect(template("sum by (route) (search_queries_total{status!=\"error\"})")).toBe('sum by (route) (rate(search_queries_total{status!="error"}[{{.window}}]))');
    expect(template("sum(a_total) + sum(b_total)")).toBe("sum(rate(a_total[{{.window}}])) + sum(rate(b_total[{{.window}}]))");
  });
  it("offset and @ stay after the range", () => {
    expect(template("x_total offset 1h")).toBe("sum(rate(x_total[{{.window}}] offset 1h))");
    expect(template("sum(x_total @ end())")).toBe("sum(rate(x_total[{{.window}}] @ end()))");
  });
  it("a selector in parentheses is still one selector", () => {
    expect(template("(x_total)")).toBe("sum((rate(x_total[{{.window}}])))");
  });
  it("a selector name inside a string is not one", () => {
    expect(template('sum(label_replace(x_total, "dst", "y_total", "src", ".*"))')).toBe('sum(label_replace(rate(x_total[{{.window}}]), "dst", "y_total", "src", ".*"))');
  });
  it("is what the importer does with a bad/total SLI of bare counters", () => {
    const sli = sliOf(slo(ratio("counter: true", { bad: 'http_requests_total{job="shop",code=~"5.."}', total: 'http_requests_total{job="shop"}' })));
    expect(sli).toEqual({ kind: "raw", errorQuery: 'sum(rate(http_requests_total{job="shop",code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="shop"}[{{.window}}]))' });
  });
  it("queries with a range keep it as the window, and [{{.window}}] is kept as written", () => {
    const sli = sliOf(slo(ratio("counter: true", { good: "sum(rate(x_total{ok=\"1\"}[{{.window}}]))", total: "sum(rate(x_total[5m]))" })));
    expect(sli).toEqual({ kind: "raw", goodQuery: 'sum(rate(x_total{ok="1"}[{{.window}}]))', totalQuery: "sum(rate(x_total[{{.window}}]))" });
  });
  it("a bare query whose metric does not say counter is refused at the query", () => {
    const e = refusal(slo(ratio("", { bad: "x_total{code=\"500\"}", total: "sum(rate(x_total[5m]))" })));
    expect(e.where.path).toBe("document 1: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query");
    expect(e.where.file).toMatch(/openslo\.yaml:\d+$/);
    expect(e.hint).toMatch(/counter: true/);
  });
  it("a query that does not parse is refused at the query", () => {
    const e = refusal(slo(ratio("counter: true", { bad: "sum(x_total", total: "x_total" })));
    expect(e.where.path).toBe("document 1: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query");
    expect(e.message).toMatch(/does not parse/);
  });
});

describe("ratio metrics that are not counters (counter: false)", () => {
  it("average their per-second values over each window", () => {
    const sli = sliOf(slo(ratio("counter: false", { bad: 'sum(job:requests:rate5m{code="500"})', total: "sum(job:requests:rate5m)" })));
    expect(sli).toEqual({ kind: "raw", errorQuery: 'avg_over_time(sum(job:requests:rate5m{code="500"})[{{.window}}:])', totalQuery: "avg_over_time(sum(job:requests:rate5m)[{{.window}}:])" });
  });
});

describe("raw ratio metrics (rawType)", () => {
  const raw = (type: string, q: string) => `ratioMetric:\n  rawType: ${type}\n  raw:\n${indent(metric(q), 4)}`;
  it("failure: the ratio is the error ratio, its ranges following the window", () => {
    expect(sliOf(slo(raw("failure", "sum(rate(x_total{e=\"1\"}[5m])) / sum(rate(x_total[5m]))")))).toEqual({ kind: "raw", errorRatio: 'sum(rate(x_total{e="1"}[{{.window}}])) / sum(rate(x_total[{{.window}}]))' });
  });
  it("success: the error ratio is its complement", () => {
    expect(sliOf(slo(raw("success", "avg(job:ok:ratio_rate[{{.window}}])")))).toEqual({ kind: "raw", errorRatio: "1 - avg(job:ok:ratio_rate[{{.window}}])" });
  });
  it("a ratio without a range is averaged over each window", () => {
    expect(sliOf(slo(raw("success", "avg(job:ok:ratio5m)")))).toEqual({ kind: "raw", errorRatio: "1 - avg_over_time(avg(job:ok:ratio5m)[{{.window}}:])" });
  });
  it("raw without rawType, and raw beside total, are refused by field", () => {
    expect(refusal(slo(`ratioMetric:\n  raw:\n${indent(metric("avg(r)"), 4)}`)).where.path).toBe("document 1: spec.indicator.spec.ratioMetric.rawType");
    expect(refusal(slo(`${raw("success", "avg(r)")}\n  total:\n${indent(metric("sum(rate(x_total[5m]))"), 4)}`)).where.path).toBe("document 1: spec.indicator.spec.ratioMetric.total");
  });
});

describe("metric sources", () => {
  const DS = (type: string, details: string) => `apiVersion: openslo/v1\nkind: DataSource\nmetadata: { name: src }\nspec:\n  type: ${type}\n  connectionDetails:${details}\n---\n`;
  const viaRef = (ref: string, inline = false) =>
    slo(ratio("counter: true", { bad: "x_total{e=\"1\"}", total: "x_total" })).replace(/^( *)type: Prometheus$/gm, (_, sp: string) => `${sp}metricSourceRef: ${ref}${inline ? `\n${sp}type: Prometheus` : ""}`);
  it("a metricSourceRef naming no DataSource is fine with the type inline", () => {
    expect(sliOf(viaRef("prometheus-elsewhere", true))).toMatchObject({ kind: "raw" });
  });
  it("without the type inline it is refused at metricSourceRef", () => {
    const e = refusal(viaRef("prometheus-elsewhere"));
    expect(e.where.path).toBe("document 1: spec.indicator.spec.ratioMetric.bad.metricSource.metricSourceRef");
    expect(e.message).toBe('DataSource "prometheus-elsewhere" is not defined');
  });
  for (const [form, details] of [
    ["a map", "\n    url: http://prometheus:9090\n    auth: { user: x }"],
    ["a list", "\n    - url: http://prometheus:9090\n    - timeout: 30s"],
    ["left empty", ""],
  ] as const) {
    it(`connectionDetails as ${form}`, () => {
      expect(sliOf(DS("Prometheus", details) + viaRef("src"))).toMatchObject({ kind: "raw" });
    });
  }
  for (const type of ["Datadog", "Sumo Logic", "CloudWatch"]) {
    it(`a ${type} DataSource is refused at the metricSourceRef naming it, with its type`, () => {
      const e = refusal(DS(type, "\n    - apiKey: x") + viaRef("src"));
      expect(e.where.path).toBe("document 2: spec.indicator.spec.ratioMetric.bad.metricSource.metricSourceRef");
      expect(e.message).toContain(`is of type "${type}"`);
    });
    it(`a ${type} type inline is refused at type`, () => {
      const e = refusal(slo(ratio("counter: true", { bad: "x", total: "y" }).replace("type: Prometheus", `type: ${type}`)));
      expect(e.where.path).toBe("document 1: spec.indicator.spec.ratioMetric.bad.metricSource.type");
      expect(e.message).toBe(`metric source type "${type}" is not supported`);
    });
  }
});

describe("the specification's defaults", () => {
  const POLICY = `---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: shop-paging }
spec:
  conditions:
    - kind: AlertCondition
      metadata: { name: fast }
      spec: { severity: page, condition: { op: gt, threshold: 14.4, lookbackWindow: 1h } }
`;
  const good = ratio("counter: true", { bad: "x_total{e=\"1\"}", total: "x_total" });
  it("a condition without kind is a burn-rate one, and without alertAfter fires at once (0m)", () => {
    const s = only(slo(good, "  objectives:\n    - target: 0.99\n  alertPolicies: [shop-paging]\n") + POLICY);
    expect(s.alerting).toEqual({ page: { windows: [{ long: "1h", factor: 14.4 }], severity: "page", for: "0s" }, ticket: { disabled: true } });
  });
  for (const empty of ["alertPolicies:", "alertPolicies: []", "alertPolicies: null"]) {
    it(`${empty}: no policy, the default tiers`, () => {
      expect(only(slo(good, `  objectives:\n    - target: 0.99\n  ${empty}\n`)).alerting).toBeUndefined();
    });
  }
  it("a condition kind other than burnrate is refused by name", () => {
    const e = refusal(slo(good, "  objectives:\n    - target: 0.99\n  alertPolicies: [shop-paging]\n") + POLICY.replace("{ op: gt", "{ kind: threshold, op: gt"));
    expect(e.where.path).toBe("document 2: spec.conditions[0].spec.condition.kind");
  });
});

describe("rolling windows", () => {
  const good = ratio("counter: true", { bad: "x_total{e=\"1\"}", total: "x_total" });
  const win = (w: string) => slo(good, `  timeWindow:\n    - ${w}\n  objectives:\n    - target: 0.99\n`);
  for (const [duration, window] of [["1w", "1w"], ["4w", "4w"], ["28d", "28d"], ["1M", "30d"], ["2M", "60d"], ["1Q", "90d"], ["1Y", "365d"], ["168h", "7d"]] as const) {
    it(`${duration} is ${window}`, () => {
      expect(only(win(`duration: ${duration}\n      isRolling: true`)).window).toBe(window);
    });
  }
  it("a rolling window that names a time zone: the zone changes nothing", () => {
    expect(only(win("duration: 28d\n      isRolling: true\n      calendar: { timeZone: America/New_York }")).window).toBe("28d");
  });
  it("a time zone that is none is refused at timeZone", () => {
    expect(refusal(win("duration: 28d\n      isRolling: true\n      calendar: { timeZone: Nowhere/City }")).where.path).toBe("document 1: spec.timeWindow[0].calendar.timeZone");
  });
  for (const bad of ["90m", "36h", "0d", "1.5w", "1y"]) {
    it(`${bad} is refused at duration`, () => {
      expect(refusal(win(`duration: ${bad}\n      isRolling: true`)).where.path).toBe("document 1: spec.timeWindow[0].duration");
    });
  }
});

describe("several objectives", () => {
  const good = ratio("counter: true", { bad: "x_total{e=\"1\"}", total: "x_total" });
  const objectives = (list: string) => slos(slo(good, `  objectives:\n${list}`));
  it("become one SLO each, named after their displayNames, or their index without one", () => {
    const all = objectives("    - displayName: Internal Objective\n      target: 0.999\n    - displayName: 'SLA: 99% (contract)'\n      targetPercent: 99\n    - target: 0.95\n");
    expect(all.map((s) => [s.name, s.objective])).toEqual([
      ["shop-availability-internal-objective", 99.9],
      ["shop-availability-sla-99-contract", 99],
      ["shop-availability-2", 95],
    ]);
    expect(new Set(all.map((s) => JSON.stringify(s.sli))).size).toBe(1);
  });
  it("letters with accents are read without them", () => {
    expect(objectives("    - displayName: Très rapide\n      target: 0.99\n    - displayName: Lent\n      target: 0.9\n").map((s) => s.name)).toEqual(["shop-availability-tres-rapide", "shop-availability-lent"]);
  });
  it("one objective keeps the SLO's name", () => {
    expect(objectives("    - displayName: Internal\n      target: 0.999\n").map((s) => s.name)).toEqual(["shop-availability"]);
  });
  it("two that would share a name are refused at the second one's displayName", () => {
    const e = refusal(slo(good, "  objectives:\n    - displayName: Fast\n      target: 0.99\n    - displayName: '  fast! '\n      target: 0.9\n"));
    expect(e.where.path).toBe("document 1: spec.objectives[1].displayName");
    expect(e.message).toBe('SLO "shop-availability-fast" is defined twice in service "shop"');
    expect(e.hint).toContain("spec.objectives[0].displayName");
  });
  it("an objective's name taken by another SLO of the service is refused too", () => {
    const e = refusal(`${slo(good, "  objectives:\n    - target: 0.99\n", "shop-availability-fast")}---\n${slo(good, "  objectives:\n    - displayName: Fast\n      target: 0.99\n    - displayName: Slow\n      target: 0.9\n")}`);
    expect(e.where.path).toBe("document 2: spec.objectives[0].displayName");
  });
});

describe("ratio metrics budgeted by time slices", () => {
  const bad = ratio("counter: true", { bad: "sum(rate(x_total{e=\"1\"}[5m]))", total: "sum(rate(x_total[5m]))" });
  it("Timeslices: a slice is good when its success ratio reaches timeSliceTarget", () => {
    const sli = sliOf(slo(bad, "  budgetingMethod: Timeslices\n  objectives:\n    - target: 0.99\n      timeSliceTarget: 0.95\n      timeSliceWindow: 1m\n")) as TimesliceSLISpec;
    expect(sli).toEqual({
      kind: "timeslice",
      measure: { query: '1 - ((sum(rate(x_total{e="1"}[{{.window}}])) or 0 * sum(rate(x_total[{{.window}}]))) / sum(rate(x_total[{{.window}}])))' },
      op: ">=",
      threshold: 0.95,
      slice: "1m",
    });
  });
  it("Timeslices without timeSliceTarget is refused at the objective", () => {
    expect(refusal(slo(bad, "  budgetingMethod: Timeslices\n  objectives:\n    - target: 0.99\n")).where.path).toBe("document 1: spec.objectives[0].timeSliceTarget");
  });
  it("RatioTimeslices: the slices' error ratios averaged over each window, slices without events left out", () => {
    const good = ratio("counter: true", { good: "ok_total", total: "all_total" });
    const sli = sliOf(slo(good, "  budgetingMethod: RatioTimeslices\n  objectives:\n    - target: 0.99\n      timeSliceWindow: 2m\n")) as RawSLISpec;
    expect(sli).toEqual({
      kind: "raw",
      errorRatio: "avg_over_time((((sum(rate(all_total[2m])) - (sum(rate(ok_total[2m])) or 0 * sum(rate(all_total[2m])))) / sum(rate(all_total[2m]))) >= 0)[{{.window}}:])",
    });
  });
});

describe("threshold metrics", () => {
  const threshold = `thresholdMetric:\n${indent(metric("max(queue_lag)"), 2)}`;
  it("a gauge without a range is taken as written", () => {
    const sli = sliOf(slo(threshold, "  budgetingMethod: Timeslices\n  objectives:\n    - op: lt\n      value: 100\n      target: 0.99\n      timeSliceTarget: 0.9\n")) as TimesliceSLISpec;
    expect(sli.measure).toEqual({ query: "avg_over_time((max(queue_lag) < bool 100)[{{.window}}:])" });
  });
  it("under Occurrences each data point is an occurrence: the error ratio is the share of points that miss", () => {
    const sli = sliOf(slo(threshold, "  budgetingMethod: Occurrences\n  objectives:\n    - op: lt\n      value: 100\n      target: 0.99\n"));
    expect(sli).toEqual({ kind: "raw", errorRatio: "1 - avg_over_time((max(queue_lag) < bool 100)[{{.window}}:])" });
  });
});

describe("openslo/v1alpha", () => {
  const v1alpha = (objectives: string, rest = "") => `apiVersion: openslo/v1alpha
kind: SLO
metadata: { name: web-availability, displayName: Web }
spec:
  service: web
  budgetingMethod: Occurrences
  objectives:
${objectives}${rest}`;
  const m = (q: string, source = "prometheus") => `{ source: ${source}, queryType: promql, query: '${q}' }`;
  const RATIO = `    - target: 0.999\n      ratioMetrics:\n        good: ${m('sum(rate(web_total{code!~"5.."}[{{.window}}]))')}\n        total: ${m("sum(rate(web_total[{{.window}}]))")}\n`;
  it("Sloth's form: each objective's ratioMetrics, a window of days", () => {
    const s = only(v1alpha(RATIO, "  timeWindows: [{ count: 28, unit: Day }]\n"));
    expect(s).toMatchObject({ name: "web-availability", objective: 99.9, window: "28d", sli: { kind: "raw", goodQuery: 'sum(rate(web_total{code!~"5.."}[{{.window}}]))', totalQuery: "sum(rate(web_total[{{.window}}]))" } });
  });
  it("several objectives, bare counters (incremental), weeks and months", () => {
    const bare = RATIO.replace("ratioMetrics:\n", "ratioMetrics:\n        incremental: true\n").replace(/sum\(rate\((web_total[^[]*)\[\{\{\.window\}\}\]\)\)/g, "$1");
    const all = slos(v1alpha(bare + RATIO.replace("0.999", "0.99"), "  timeWindows: [{ count: 1, unit: Month, isRolling: true }]\n"));
    expect(all.map((s) => [s.name, s.window])).toEqual([
      ["web-availability-0", "30d"],
      ["web-availability-1", "30d"],
    ]);
    expect((all[0]!.sli as RawSLISpec).goodQuery).toBe('sum(rate(web_total{code!~"5.."}[{{.window}}]))');
  });
  it("a threshold indicator with Timeslices", () => {
    const s = only(`apiVersion: openslo/v1alpha
kind: SLO
metadata: { name: web-latency }
spec:
  service: web
  budgetingMethod: Timeslices
  indicator: { thresholdMetric: ${m("histogram_quantile(0.99, sum by (le) (rate(web_seconds_bucket[5m])))")} }
  objectives: [{ op: lte, value: 0.3, target: 0.99, timeSliceTarget: 0.9 }]
  timeWindows: [{ count: 2, unit: Week, isRolling: true }]
`);
    expect(s.window).toBe("2w");
    expect(s.sli).toEqual({ kind: "timeslice", measure: { query: "avg_over_time((histogram_quantile(0.99, sum by (le) (rate(web_seconds_bucket[5m]))) <= bool 0.3)[{{.window}}:])" }, op: ">=", threshold: 0.9, slice: "5m" });
  });
  it("a Service of v1alpha names the service", () => {
    expect(load(`apiVersion: openslo/v1alpha\nkind: Service\nmetadata: { name: web }\nspec: { description: The web. }\n---\n${v1alpha(RATIO)}`).map((s) => s.name)).toEqual(["web"]);
  });
  it("a source other than Prometheus is refused at source", () => {
    const e = refusal(v1alpha(RATIO.replace("good: { source: prometheus", "good: { source: datadog")));
    expect(e.where.path).toBe("document 1: spec.objectives[0].ratioMetrics.good.source");
  });
  it("a calendar window is refused at calendar", () => {
    expect(refusal(v1alpha(RATIO, "  timeWindows: [{ count: 1, unit: Month, calendar: { startTime: '2024-01-01 00:00:00', timeZone: UTC } }]\n")).where.path).toBe("document 1: spec.timeWindows[0].calendar");
  });
  it("hours that make no whole day are refused at count", () => {
    expect(refusal(v1alpha(RATIO, "  timeWindows: [{ count: 36, unit: Hour, isRolling: true }]\n")).where.path).toBe("document 1: spec.timeWindows[0].count");
  });
  it("v1 fields are unknown in v1alpha", () => {
    const e = refusal(v1alpha(RATIO, "  timeWindow: [{ duration: 28d }]\n"));
    expect(e.where.path).toBe("document 1: spec.timeWindow");
    expect(e.message).toBe("unknown field");
  });
  it("kinds v1alpha does not have are refused at kind", () => {
    const e = refusal("apiVersion: openslo/v1alpha\nkind: SLI\nmetadata: { name: x }\nspec: {}\n");
    expect(e.where.path).toBe("document 1: kind");
    expect(e.message).toBe('must be one of "SLO", "Service"');
  });
});

describe("objects no SLO uses", () => {
  it("an SLI with neither a ratio nor a threshold metric is refused", () => {
    const e = refusal("apiVersion: openslo/v1\nkind: SLI\nmetadata: { name: nothing }\nspec: { description: x }\n");
    expect(e.where.path).toBe("document 1: spec");
    expect(e.message).toBe("the SLI has neither ratioMetric nor thresholdMetric");
  });
  it("an SLI's queries are checked", () => {
    const e = refusal("apiVersion: openslo/v1\nkind: SLI\nmetadata: { name: x }\nspec:\n  ratioMetric:\n    bad: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(x_total[5m]))' } } }\n    total: { metricSource: { type: Prometheus, spec: { query: 'y_total' } } }\n");
    expect(e.where.path).toBe("document 1: spec.ratioMetric.total.metricSource.spec.query");
  });
  it("a policy's conditions resolve and are checked", () => {
    const policy = "apiVersion: openslo/v1\nkind: AlertPolicy\nmetadata: { name: p }\nspec:\n  conditions: [{ conditionRef: missing }]\n";
    expect(refusal(policy).where.path).toBe("document 1: spec.conditions[0].conditionRef");
    const cond = "apiVersion: openslo/v1\nkind: AlertCondition\nmetadata: { name: c }\nspec: { severity: page, condition: { op: lt, threshold: 2, lookbackWindow: 1h } }\n";
    expect(refusal(cond).where.path).toBe("document 1: spec.condition.op");
  });
  it("a Service without spec, as OpenSLO's SDK writes it, is fine", () => {
    expect(load("- apiVersion: openslo/v1\n  kind: Service\n  metadata: { name: shop }\n")).toEqual([]);
  });
});
