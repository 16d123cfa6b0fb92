/**
 * Conformance corpus of OpenSLO: our own specs in every form OpenSLO's specification, its
 * examples, its SDK and Sloth's reader use (corpus/openslo/), generated as one definitions
 * folder and validated with the real promtool and amtool; the invalid forms of
 * corpus/openslo-invalid/ each exit 2 naming the file and line, the document and the field.
 * Where TypeScript says the same thing naturally, the spec compiles to the very same rules.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

const CORPUS = join(ROOT, "test/interop/corpus/openslo");
const INVALID = join(ROOT, "test/interop/corpus/openslo-invalid");

/** Every SLO of the corpus, by service: the names each form must compile to. */
const EXPECTED: Record<string, string[]> = {
  checkout: ["requests-availability"],
  search: ["search-availability"],
  catalog: ["catalog-availability"],
  inventory: ["inventory-availability"],
  payments: ["payments-success"],
  wifi: ["wifi-satisfaction", "wifi-auth-failures", "wifi-roaming"],
  orders: ["orders-availability"],
  api: ["api-availability-internal-objective", "api-availability-sla-contract", "api-availability-2"],
  ingest: ["ingest-good-minutes"],
  export: ["export-ratio-slices"],
  queue: ["queue-lag", "queue-search-latency"],
  "k8s-apiserver": ["apiserver-latency-0", "apiserver-latency-1", "apiserver-availability", "apiserver-etcd-latency"],
};

interface RuleFile {
  groups: { rules: { record?: string; alert?: string; expr: string; labels?: Record<string, string> }[] }[];
}

describe("the OpenSLO corpus", () => {
  it("generates as one folder, validate passes with the real promtool and amtool, and every corpus SLO is in the rules", async () => {
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", CORPUS, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const val = await cli(["validate", "--definitions", CORPUS, "--out", out]);
    expect(val.code, val.stdout + val.stderr).toBe(0);
    expect(val.stdout).toMatch(/ok\s+promtool test rules/);
    expect(val.stdout).toMatch(/ok\s+amtool check-config/);
    for (const [service, names] of Object.entries(EXPECTED)) {
      const rules = parse(readFileSync(join(out, "prometheus/rules", `${service}.yaml`), "utf8")) as RuleFile;
      const labelled = rules.groups.flatMap((g) => g.rules).filter((r) => r.labels?.[SERVICE_LABEL] === service);
      expect([...new Set(labelled.map((r) => r.labels![SLO_LABEL]))].sort(), service).toEqual([...names].sort());
      // Each SLO pages: its burn-rate alert is there.
      const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);
      for (const name of names) expect(alerts.some((r) => r.expr.includes(`${SLO_LABEL}="${name}"`)), `${service}/${name} alert`).toBe(true);
    }
    // The objects of catalog-only.yaml compile to nothing of their own.
    expect(() => readFileSync(join(out, "prometheus/rules/reporting.yaml"))).toThrow();
  }, 180_000);

  it("compiles each form through the shared builders: rates of bare counters, averages of gauges, ratios per slice", async () => {
    const { model } = await build(CORPUS);
    const sli = (service: string, slo: string) => model.services.find((s) => s.name === service)!.slos.find((s) => s.name === slo)!.sli;
    expect(sli("checkout", "requests-availability")).toMatchObject({ kind: "raw", events: { error: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))' } });
    expect(sli("search", "search-availability")).toMatchObject({ kind: "raw", events: { good: 'sum by (route) (rate(search_queries_total{job="search",status!="error"}[{{.window}}]))' } });
    expect(sli("payments", "payments-success")).toMatchObject({ kind: "raw", events: { total: "avg_over_time(sum(job:payment_attempts:rate5m)[{{.window}}:])" } });
    expect(sli("ingest", "ingest-good-minutes")).toMatchObject({ kind: "timeslice", op: ">=", threshold: 0.95, slice: "1m" });
    const periods = Object.fromEntries(model.services.flatMap((s) => s.slos.map((o) => [`${s.name}/${o.name}`, o.period])));
    expect(periods).toMatchObject({ "payments/payments-success": "30d", "inventory/inventory-availability": "28d", "wifi/wifi-satisfaction": "7d", "k8s-apiserver/apiserver-availability": "28d" });
    const search = model.services.find((s) => s.name === "search")!.slos[0]!;
    expect(search.tiers.map((t) => [t.tier, t.for, t.windows.map((w) => `${w.factor}x ${w.long}`)])).toEqual([["page", "0s", ["14.4x 1h"]]]);
  });
});

/** The rule files and promtool tests of one service. */
async function serviceRules(definitions: string, service: string): Promise<string[]> {
  const { artifacts } = await build(definitions);
  return [`prometheus/rules/${service}.yaml`, `prometheus/tests/${service}.test.yaml`].map((p) => {
    const a = artifacts.find((x) => x.path === p);
    expect(a, p).toBeDefined();
    return a!.content;
  });
}

const ts = (service: string, slo: string) => `import { defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "corpus",
  conventions: presets.lab(),
  services: [service({ name: "${service}", slos: [slo(${slo})] })],
});
`;

describe("corpus specs compile to the rules their TypeScript twins compile to", () => {
  const cases: [string, string, string][] = [
    [
      "bad/total of bare counters, in the list form",
      "checkout",
      `{ name: "requests-availability", objective: 99.9, window: "30d", description: "Checkout requests that succeed.",
         sli: sli.raw({ errorQuery: 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))' }) }`,
    ],
    [
      "good/total with their own ranges",
      "catalog",
      `{ name: "catalog-availability", objective: 99.5, description: "Catalog pages that load.",
         sli: sli.raw({ goodQuery: 'sum(rate(http_requests_total{job="catalog",code!~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="catalog"}[{{.window}}]))' }) }`,
    ],
    [
      "Timeslices over a ratio: the slice's success ratio against timeSliceTarget",
      "ingest",
      `{ name: "ingest-good-minutes", objective: 99, window: "28d",
         sli: sli.timeslice({ measure: { query: '1 - ((sum(rate(ingest_batches_total{result="error"}[{{.window}}])) or 0 * sum(rate(ingest_batches_total[{{.window}}]))) / sum(rate(ingest_batches_total[{{.window}}])))' }, op: ">=", threshold: 0.95, slice: "1m" }) }`,
    ],
  ];
  for (const [name, service, spec] of cases) {
    it(name, async () => {
      const dir = definitionsDir({ "index.ts": ts(service, spec) });
      const [want, got] = await Promise.all([serviceRules(join(dir, "index.ts"), service), serviceRules(CORPUS, service)]);
      expect(got).toEqual(want);
    });
  }
});

/** Each invalid spec: the line, and the document and field its error names. */
const INVALID_CASES: [file: string, at: string, what: RegExp][] = [
  ["list-item-without-service.yaml", "17: document 1: [2].spec.service", /missing required field/],
  ["list-item-not-openslo.yaml", "6: document 1: [1]", /not an OpenSLO object/],
  ["list-item-datadog.yaml", "15: document 1: [1].spec.ratioMetric.good.metricSource.type", /metric source type "Datadog" is not supported/],
  ["bare-query-without-counter.yaml", "16: document 1: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query", /no range selector .* does not say whether it counts/],
  ["raw-without-raw-type.yaml", "12: document 1: spec.indicator.spec.ratioMetric.rawType", /missing required field/],
  ["raw-with-total.yaml", "19: document 1: spec.indicator.spec.ratioMetric.total", /give raw, or good or bad events with total, not both/],
  ["unresolved-ref-without-type.yaml", "15: document 1: spec.indicator.spec.ratioMetric.bad.metricSource.metricSourceRef", /DataSource "prometheus-nowhere" is not defined/],
  ["inline-sumo-logic.yaml", "20: document 1: spec.indicator.spec.ratioMetric.total.metricSource.type", /metric source type "Sumo Logic" is not supported/],
  ["datasource-cloudwatch.yaml", "24: document 2: spec.indicator.spec.ratioMetric.good.metricSource.metricSourceRef", /DataSource "cloudwatch" is of type "CloudWatch"/],
  ["objective-names-collide.yaml", "28: document 1: spec.objectives[1].displayName", /SLO "api-availability-internal-objective" is defined twice/],
  ["timeslices-without-slice-target.yaml", "25: document 1: spec.objectives[0].timeSliceTarget", /missing required field/],
  ["rolling-window-not-days.yaml", "24: document 1: spec.timeWindow[0].duration", /not whole days/],
  ["rolling-window-bad-time-zone.yaml", "27: document 1: spec.timeWindow[0].calendar.timeZone", /is not a time zone/],
  ["alert-condition-kind.yaml", "8: document 1: spec.condition.kind", /must be one of "burnrate"/],
  ["alert-policies-not-a-list.yaml", "26: document 1: spec.alertPolicies", /must be array/],
  ["unreferenced-condition-op.yaml", "9: document 1: spec.condition.op", /burn-rate op "lte" is not supported/],
  ["unreferenced-sli-without-metric.yaml", "7: document 1: spec", /neither ratioMetric nor thresholdMetric/],
  ["sli-ratio-and-threshold.yaml", "7: document 1: spec.thresholdMetric", /not both/],
  ["v1alpha-datadog.yaml", "13: document 1: spec.objectives[0].ratioMetrics.good.source", /metric source "datadog" is not supported/],
  ["v1alpha-alert-policy.yaml", "3: document 1: kind", /must be one of "SLO", "Service"/],
  ["v1alpha-calendar.yaml", "24: document 1: spec.timeWindows[0].calendar", /calendar-aligned time windows of openslo\/v1alpha are not supported/],
];

describe("the invalid OpenSLO corpus", () => {
  it.each(INVALID_CASES)("%s exits 2 at line %s", async (file, at, what) => {
    const out = tempDir();
    const r = await cli(["generate", "--definitions", join(INVALID, file), "--out", join(out, "generated")]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const first = r.stderr.split("\n")[0]!;
    expect(first).toContain(`${file}:${at}: `);
    expect(first).toMatch(what);
    expect(r.stderr).toMatch(/\n {2}hint: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(join(out, "generated/prometheus/prometheus.yml"))).toThrow();
  });

  it("a file of Services and SLIs and no SLO: nothing to compile, exit 2, nothing written", async () => {
    const out = tempDir();
    const r = await cli(["generate", "--definitions", join(INVALID, "only-services.yaml"), "--out", join(out, "generated")]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/only-services\.yaml: the YAML definitions define no SLO \(they hold Service, SLI objects only\): nothing to compile/);
    expect(() => readFileSync(join(out, "generated/prometheus/prometheus.yml"))).toThrow();
  });

  it("covers every file of the invalid corpus", async () => {
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(INVALID).sort()).toEqual([...INVALID_CASES.map((c) => c[0]), "only-services.yaml"].sort());
  });
});
