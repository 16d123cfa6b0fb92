/**
 * The Pyrra corpus (test/interop/corpus/pyrra/): ServiceLevelObjectives of every indicator
 * llmops reads, grouped and not, over 7d to 30d windows, with every alerting option. The folder
 * generates and validates with the real promtool and amtool; each SLO lands in its namespace's
 * rules; a spec broken at one field is refused at that field; and a Pyrra spec compiles to the
 * very rules of the same SLOs written in TypeScript.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";
import { cli, ROOT, tempDir } from "../helpers.ts";

const CORPUS = resolve(ROOT, "test/interop/corpus/pyrra");
const FILES = readdirSync(CORPUS).filter((f) => f.endsWith(".yaml")).sort();

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
}

/** Each corpus SLO as `namespace/name`, with whether its alerting keeps burn-rate alerts. */
function corpusSlos(): { key: string; alerts: boolean }[] {
  return FILES.flatMap((f) =>
    parseAllDocuments(readFileSync(join(CORPUS, f), "utf8")).map((d) => {
      const o = d.toJS() as { metadata: { name: string; namespace?: string }; spec: { alerting?: { disabled?: boolean; burnrates?: boolean } } };
      const a = o.spec.alerting;
      return { key: `${o.metadata.namespace ?? "default"}/${o.metadata.name}`, alerts: !(a?.disabled === true || a?.burnrates === false) };
    }),
  );
}

function rulesIn(out: string): Rule[] {
  const dir = join(out, "prometheus/rules");
  return readdirSync(dir).flatMap((f) => (parse(readFileSync(join(dir, f), "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));
}

describe("the Pyrra corpus", () => {
  it("generates, validates with the real promtool and amtool, and records and alerts on every SLO", async () => {
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", CORPUS, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const val = await cli(["validate", "--definitions", CORPUS, "--out", out]);
    expect(val.code, val.stdout + val.stderr).toBe(0);
    expect(val.stdout).toMatch(/ok +promtool test rules +prometheus\/tests\/checkout\.test\.yaml/);
    expect(val.stdout).toMatch(/ok +amtool check-config/);

    const rules = rulesIn(out);
    const slos = corpusSlos();
    expect(slos.length).toBeGreaterThanOrEqual(8);
    const key = (r: Rule) => `${r.labels?.[SERVICE_LABEL]}/${r.labels?.[SLO_LABEL]}`;
    const recorded = new Set(rules.filter((r) => r.record === "slo:sli_error:ratio_rate5m").map(key));
    expect([...recorded].sort()).toEqual(slos.map((s) => s.key).sort());
    for (const s of slos) {
      const [svc, name] = s.key.split("/");
      const alerts = rules.filter((r) => r.alert !== undefined && r.expr.includes(`${SERVICE_LABEL}="${svc}",${SLO_LABEL}="${name}"`));
      // The page and ticket tiers, or none where burnrates: false or disabled: true.
      expect(alerts.length, s.key).toBe(s.alerts ? 2 : 0);
    }
  });

  it("keeps each grouping: every query of a grouped SLO sums by its labels", async () => {
    const { model } = await build(CORPUS);
    const sli = (svc: string, name: string) => model.services.find((s) => s.name === svc)!.slos.find((s) => s.name === name)!.sli;
    const errors = sli("checkout", "checkout-errors");
    expect(errors.kind === "raw" && errors.events).toEqual({
      error: 'sum by (route) (rate(checkout_http_requests_total{service="checkout",status=~"5.."}[{{.window}}]))',
      total: 'sum by (route) (rate(checkout_http_requests_total{service="checkout"}[{{.window}}]))',
    });
    const probes = sli("default", "homepage-probes");
    expect(probes.kind === "raw" && probes.events?.total).toBe('sum by (instance) (count_over_time(probe_success{job="blackbox",module="http_2xx"}[{{.window}}]))');
    const latency = sli("checkout", "checkout-latency");
    expect(latency.kind === "raw" && latency.events?.good).toBe('sum by (route, method) (rate(checkout_http_request_duration_seconds_bucket{service="checkout",le=~"1(\\\\.0)?"}[{{.window}}]))');
  });

  it("carries windows, targets, labels, annotations and alerting options into the model", async () => {
    const { model } = await build(CORPUS);
    const all = model.services.flatMap((s) => s.slos.map((x) => ({ s: s.name, ...x })));
    const get = (name: string) => all.find((x) => x.name === name)!;
    expect(all.map((x) => [x.name, x.objectivePercent, x.period]).sort()).toEqual(
      [
        ["checkout-api-latency", 99.95, "30d"],
        ["checkout-errors", 99.5, "14d"],
        ["checkout-latency", 95, "28d"],
        ["homepage-probes", 99, "7d"],
        ["payments-availability", 99.9, "28d"],
        ["payments-latency", 99, "28d"],
        ["search-indexing", 90, "7d"],
        ["search-queries", 99.9, "28d"],
      ].sort(),
    );
    expect(get("checkout-errors").budget).toBe(0.005);
    expect(get("checkout-api-latency").budget).toBe(0.0005);
    expect(get("checkout-errors").labels).toEqual({ team: "storefront" });
    expect(get("search-queries").labels).toEqual({});
    expect(get("checkout-errors").alertName).toBe("CheckoutErrorBudgetBurn");
    expect(get("checkout-errors").tiers.map((t) => t.annotations.runbook_url)).toEqual(["https://runbooks.example.com/checkout/errors", "https://runbooks.example.com/checkout/errors"]);
    expect(get("checkout-latency").tiers.map((t) => [t.tier, t.severity])).toEqual([
      ["page", "critical"],
      ["ticket", "warning"],
    ]);
    expect(get("payments-latency").tiers.map((t) => [t.tier, t.severity])).toEqual([
      ["page", "page"],
      ["ticket", "ticket"],
    ]);
    expect(get("search-queries").tiers).toEqual([]);
    expect(get("search-indexing").tiers).toEqual([]);
  });
});

describe("a corpus spec broken at one field: exit 2 naming file:line, document and field", () => {
  const cases: { name: string; file: string; from: string; to: string; at: string; path: string; message: RegExp }[] = [
    { name: "a target written as a number", file: "payments.yaml", from: 'target: "99.9"', to: "target: 99.9", at: "payments.yaml:14", path: "document 1: spec.target", message: /must be string/ },
    { name: "a target of 100%", file: "payments.yaml", from: 'target: "99"', to: 'target: "100"', at: "payments.yaml:32", path: "document 2: spec.target", message: /out of range/ },
    { name: "a target finer than llmops resolves", file: "payments.yaml", from: 'target: "99.9"', to: 'target: "99.999999"', at: "payments.yaml:14", path: "document 1: spec.target", message: /more than 4 decimals/ },
    { name: "a window of hours", file: "payments.yaml", from: "window: 4w\n  indicator:\n    ratio", to: "window: 672h\n  indicator:\n    ratio", at: "payments.yaml:15", path: "document 1: spec.window", message: /window "672h" is not supported/ },
    { name: "a misspelt field", file: "payments.yaml", from: "  description: Card payments answered", to: "  descripton: Card payments answered", at: "payments.yaml:31", path: "document 2: spec.descripton", message: /unknown field/ },
    { name: "an errors query in place of a selector", file: "payments.yaml", from: 'metric: payment_api_requests_total{job="payment-api",code=~"5.."}', to: 'metric: sum(rate(payment_api_requests_total{code=~"5.."}[5m]))', at: "payments.yaml:19", path: "document 1: spec.indicator.ratio.errors.metric", message: /not a vector selector/ },
    { name: "a success bucket without le", file: "payments.yaml", from: ',le="0.3"}', to: "}", at: "payments.yaml:37", path: "document 2: spec.indicator.latency.success.metric", message: /no le matcher/ },
    { name: "a grouping label that is no label name", file: "checkout.yaml", from: "        - route\n", to: "        - route-name\n", at: "checkout.yaml:23", path: "document 1: spec.indicator.ratio.grouping[0]", message: /cannot be a Prometheus label name/ },
    { name: "absent alerts asked for", file: "probes.yaml", from: "absent: false", to: "absent: true", at: "probes.yaml:16", path: "document 1: spec.alerting.absent", message: /absent alerts are not supported/ },
    { name: "severities that split a tier", file: "checkout.yaml", from: "mediumBurn: critical", to: "mediumBurn: high", at: "checkout.yaml:46", path: "document 2: spec.alerting.severities.mediumBurn", message: /differs from fastBurn/ },
    {
      name: "a native histogram latency",
      file: "checkout.yaml",
      from: '    latency:\n      success:\n        metric: checkout_api_duration_seconds_bucket{le="2.5"}\n      total:\n        metric: checkout_api_duration_seconds_count\n',
      to: "    latencyNative:\n      latency: 2500ms\n      total:\n        metric: checkout_api_duration_seconds\n",
      at: "checkout.yaml:60",
      path: "document 3: spec.indicator.latencyNative",
      message: /latencyNative \(native histograms\) is not supported/,
    },
    { name: "a wrong apiVersion", file: "search.yaml", from: "apiVersion: pyrra.dev/v1alpha1\nkind: ServiceLevelObjective\nmetadata:\n  name: search-indexing", to: "apiVersion: pyrra.dev/v1\nkind: ServiceLevelObjective\nmetadata:\n  name: search-indexing", at: "search.yaml:32", path: "document 2: apiVersion", message: /must be "pyrra.dev\/v1alpha1"/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const text = readFileSync(join(CORPUS, c.file), "utf8");
      expect(text).toContain(c.from);
      const dir = tempDir();
      for (const f of FILES) copyFileSync(join(CORPUS, f), join(dir, f));
      writeFileSync(join(dir, c.file), text.replace(c.from, c.to));
      const r = await cli(["generate", "--definitions", dir, "--out", join(dir, "out"), "--json"]);
      expect(r.code, r.stderr).toBe(2);
      const { error } = JSON.parse(r.stdout) as { error: { file: string; path: string; message: string; hint: string } };
      expect(error.file.endsWith(c.at), error.file).toBe(true);
      expect(error.path).toBe(c.path);
      expect(error.message).toMatch(c.message);
      expect(error.hint.length).toBeGreaterThan(10);
    });
  }
});

describe("a Pyrra spec compiles exactly like TypeScript", () => {
  it("payments.yaml gives the rule file and promtool tests of the same SLOs written with sli.raw", async () => {
    const files = async (definitions: string) => {
      const { artifacts } = await build(definitions);
      return new Map(artifacts.filter((a) => /^prometheus\/(rules|tests)\//.test(a.path)).map((a) => [a.path, a.content]));
    };
    const pyrra = await files(join(CORPUS, "payments.yaml"));
    const ts = await files(resolve(ROOT, "test/fixtures/interop/payments.ts"));
    expect([...pyrra.keys()]).toEqual(["prometheus/rules/payments.yaml", "prometheus/tests/payments.test.yaml"]);
    expect(pyrra).toEqual(ts);
    expect(pyrra.get("prometheus/rules/payments.yaml")).toContain('payment_api_request_duration_seconds_bucket{job="payment-api",le=~"0\\\\.3"}[1h]');
  });
});
