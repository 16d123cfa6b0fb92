/**
 * The Sloth conformance corpus (corpus/sloth/): the forms Sloth's documents, examples and tests
 * use, written once as prometheus/v1 specs (prometheus-v1/) and once as PrometheusServiceLevel
 * objects (kubernetes/). Each folder generates and passes `validate` with the real promtool and
 * amtool; the two compile to the same files, and the Sloth specs to what the same SLOs written
 * in TypeScript compile to. Every spec of invalid/ exits 2 naming its file and line, the
 * document and the field.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { SLO_LABEL, TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { listFiles } from "../../src/write/index.ts";
import { cli, ROOT, tempDir } from "../helpers.ts";

const CORPUS = resolve(ROOT, "test/interop/corpus/sloth");
const FORMS = ["prometheus-v1", "kubernetes"] as const;

/** Per llmops service, its SLOs (the llmops names) and the burn-rate tiers each alerts on. */
const EXPECTED: Record<string, Record<string, string[]>> = {
  checkout: { "requests-availability": ["page", "ticket"], "requests-latency": ["page", "ticket"] },
  search: { "index-freshness": ["page", "ticket"], "result-quality": ["page", "ticket"] },
  ledger: { "writes-availability": [], "reads-availability": ["ticket"], "replication-lag": ["page"] },
  "payments-api": {
    card_authorisation: ["page", "ticket"],
    "refunds-p99-latency": ["page", "ticket"],
    "slo-3ds-challenge": ["page", "ticket"],
    "webhook-delivery": ["page", "ticket"],
    payout_batches: ["page", "ticket"],
  },
  notifications: { "push-delivery": ["page", "ticket"] },
  auth: { "login-availability": ["page", "ticket"] },
  sessions: { "token-refresh": ["page", "ticket"] },
};

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function rulesOf(out: string, service: string): Rule[] {
  const file = parse(readFileSync(join(out, "prometheus/rules", `${service}.yaml`), "utf8")) as { groups: { rules: Rule[] }[] };
  return file.groups.flatMap((g) => g.rules);
}

/** The SLO an alert is about: the one its expression selects. */
const sloOf = (r: Rule): string | undefined => new RegExp(`${SLO_LABEL}="([^"]+)"`).exec(r.expr)?.[1];

const outs = new Map<string, string>();

describe("the Sloth corpus generates and validates, in both of Sloth's forms", () => {
  beforeAll(async () => {
    await Promise.all(
      FORMS.map(async (form) => {
        const out = tempDir();
        const r = await cli(["generate", "--definitions", join(CORPUS, form), "--out", out]);
        expect(r.code, r.stderr).toBe(0);
        outs.set(form, out);
      }),
    );
  }, 300_000);

  for (const form of FORMS) {
    it(`${form}: validate passes with the real promtool and amtool`, async () => {
      const r = await cli(["validate", "--definitions", join(CORPUS, form), "--out", outs.get(form)!]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/promtool test rules/);
      expect(r.stdout).toMatch(/amtool check-config/);
    }, 300_000);

    it(`${form}: every corpus SLO is recorded, with the alert tiers its spec leaves on`, () => {
      const out = outs.get(form)!;
      expect(listFiles(join(out, "prometheus/rules")).sort()).toEqual(Object.keys(EXPECTED).map((s) => `${s}.yaml`).sort());
      for (const [service, slos] of Object.entries(EXPECTED)) {
        const rules = rulesOf(out, service);
        const recorded = new Set(rules.filter((r) => r.record).map((r) => r.labels?.[SLO_LABEL]));
        expect([...recorded].sort(), service).toEqual(Object.keys(slos).sort());
        for (const [slo, tiers] of Object.entries(slos)) {
          const alerting = rules.filter((r) => r.alert && sloOf(r) === slo).map((r) => r.labels?.[TIER_LABEL]);
          expect(alerting.sort(), `${service}/${slo}`).toEqual(tiers);
        }
      }
    });
  }

  it("tier labels and annotations land on their alerts, a custom severity such as pageteam included", () => {
    const alerts = rulesOf(outs.get("kubernetes")!, "checkout").filter((r) => r.alert === "CheckoutHighErrorRate");
    const page = alerts.find((a) => a.labels?.[TIER_LABEL] === "page")!;
    const ticket = alerts.find((a) => a.labels?.[TIER_LABEL] === "ticket")!;
    expect(page.labels).toMatchObject({ severity: "pageteam", routing_key: "payments", category: "availability" });
    expect(page.annotations).toMatchObject({ summary: "Checkout requests fail faster than the SLO allows", runbook: "https://runbooks.example.org/checkout/errors" });
    expect(ticket.labels).toMatchObject({ severity: "slack", slack_channel: "#payments-alerts" });
    expect(ticket.labels).not.toHaveProperty("routing_key");
  });

  it("names llmops spells differently keep the Sloth original in sloth_service and sloth_slo", () => {
    const alerts = rulesOf(outs.get("prometheus-v1")!, "payments-api").filter((r) => r.alert);
    const bySlo = new Map(alerts.map((a) => [sloOf(a), a.annotations ?? {}]));
    expect(bySlo.get("card_authorisation")).toMatchObject({ sloth_service: "Payments.API", sloth_slo: "Card_Authorisation" });
    expect(bySlo.get("refunds-p99-latency")).toMatchObject({ sloth_slo: "refunds.p99.latency" });
    expect(bySlo.get("slo-3ds-challenge")).toMatchObject({ sloth_slo: "3ds-challenge" });
    expect(bySlo.get("webhook-delivery")).toMatchObject({ sloth_slo: "webhook__delivery" });
    // A name llmops takes as it is has no original to keep.
    expect(bySlo.get("payout_batches")).not.toHaveProperty("sloth_slo");
    expect(bySlo.get("payout_batches")).toMatchObject({ sloth_service: "Payments.API" });
    // Names Sloth and llmops spell alike carry nothing extra.
    for (const a of rulesOf(outs.get("prometheus-v1")!, "checkout").filter((r) => r.alert)) expect(Object.keys(a.annotations ?? {})).not.toContain("sloth_slo");
  });

  it("numbers and booleans as label and annotation values become the strings Sloth reads", () => {
    for (const form of FORMS) {
      const rules = rulesOf(outs.get(form)!, "notifications");
      expect(rules.find((r) => r.record)!.labels).toMatchObject({ tier: "1", critical: "true", priority: "2", sample_ratio: "0.5", paging: "true" });
      const page = rules.find((r) => r.alert && r.labels?.[TIER_LABEL] === "page")!;
      const ticket = rules.find((r) => r.alert && r.labels?.[TIER_LABEL] === "ticket")!;
      expect(page.labels).toMatchObject({ escalation_level: "3", severity: "page", shift: "1" });
      expect(page.annotations).toMatchObject({ escalate_after_minutes: "15", public: "false" });
      expect(ticket.labels).toMatchObject({ sla_hours: "24" });
      expect(ticket.annotations).toMatchObject({ dashboard_id: "4821" });
    }
  });

  it("the prometheus/v1 and the Kubernetes form compile to identical files", () => {
    const [v1, k8s] = FORMS.map((f) => outs.get(f)!);
    const files = listFiles(v1!);
    expect(files.some((f) => f.startsWith("prometheus/rules/"))).toBe(true);
    expect(listFiles(k8s!)).toEqual(files);
    for (const f of files) expect(readFileSync(join(k8s!, f), "utf8"), f).toBe(readFileSync(join(v1!, f), "utf8"));
  });
});

describe("a Sloth spec compiles to the rules of the same SLOs written in TypeScript", () => {
  it("names mapped to llmops names and label values read as strings, rule for rule", async () => {
    const rules = async (definitions: string) => {
      const { artifacts } = await build(definitions);
      return new Map(artifacts.filter((a) => /^prometheus\/(rules|tests)\/(payments-api|notifications)\./.test(a.path)).map((a) => [a.path, a.content]));
    };
    const ts = await rules(join(CORPUS, "typescript/names-scalars.ts"));
    expect([...ts.keys()].sort()).toEqual([
      "prometheus/rules/notifications.yaml",
      "prometheus/rules/payments-api.yaml",
      "prometheus/tests/notifications.test.yaml",
      "prometheus/tests/payments-api.test.yaml",
    ]);
    for (const form of FORMS) expect(await rules(join(CORPUS, form)), form).toEqual(ts);
  });
});

interface Invalid {
  /** Below invalid/: a file, or a folder read as one project. */
  path: string;
  /** The file and line the error names, below invalid/. */
  at: string;
  /** `document N: field`. */
  field: string;
  message: RegExp;
}

const INVALID: Invalid[] = [
  { path: "version-v2.yaml", at: "version-v2.yaml:1", field: "document 1: version", message: /^Sloth spec version "prometheus\/v2" is not one llmops reads$/ },
  { path: "kubernetes-v1alpha1.yaml", at: "kubernetes-v1alpha1.yaml:1", field: "document 1: apiVersion", message: /PrometheusServiceLevel of apiVersion "sloth\.slok\.dev\/v1alpha1" is not one llmops reads/ },
  { path: "kubernetes-no-apiversion.yaml", at: "kubernetes-no-apiversion.yaml:1", field: "document 1: apiVersion", message: /a Sloth PrometheusServiceLevel needs apiVersion: sloth\.slok\.dev\/v1/ },
  { path: "kubernetes-other-kind.yaml", at: "kubernetes-other-kind.yaml:2", field: "document 1: kind", message: /Sloth's Kubernetes kind "ServiceLevelObjective" is not an SLO spec/ },
  { path: "prometheusrule.yaml", at: "prometheusrule.yaml:2", field: "document 1: kind", message: /^a Prometheus Operator PrometheusRule is not an SLO spec$/ },
  { path: "rule-file.yaml", at: "rule-file.yaml:2", field: "document 1: groups", message: /^a Prometheus rule file is not an SLO spec$/ },
  { path: "configmap.yaml", at: "configmap.yaml:1", field: "document 1: apiVersion", message: /^a Kubernetes ConfigMap \(v1\) is not an SLO spec$/ },
  { path: "objective-100.yaml", at: "objective-100.yaml:5", field: "document 1: slos[0].objective", message: /^objective 100 leaves no error budget$/ },
  { path: "objective-101-kubernetes.yaml", at: "objective-101-kubernetes.yaml:10", field: "document 1: spec.slos[0].objective", message: /objective 101 is out of range/ },
  { path: "sli-plugin.yaml", at: "sli-plugin.yaml:8", field: "document 1: slos[0].sli.plugin", message: /^Sloth SLI plugins are not supported: sloth-common\/http\/availability$/ },
  { path: "sli-plugin-kubernetes.yaml", at: "sli-plugin-kubernetes.yaml:12", field: "document 1: spec.slos[0].sli.plugin", message: /^Sloth SLI plugins are not supported: team\/checkout-availability$/ },
  { path: "slo-plugins.yaml", at: "slo-plugins.yaml:12", field: "document 1: slos[0].plugins.chain", message: /^Sloth SLO plugins are not supported: sloth\.dev\/contrib\/info_labels\/v1, sloth\.dev\/core\/debug\/v1$/ },
  { path: "group-plugins-kubernetes.yaml", at: "group-plugins-kubernetes.yaml:10", field: "document 1: spec.sloPlugins.chain", message: /^Sloth SLO plugins are not supported: sloth\.dev\/contrib\/rule_intervals\/v1$/ },
  { path: "override-without-plugins.yaml", at: "override-without-plugins.yaml:11", field: "document 1: slos[0].plugins.overridePrevious", message: /overridePrevious is set but the chain has no plugins/ },
  { path: "kubernetes-snake-field.yaml", at: "kubernetes-snake-field.yaml:18", field: "document 1: spec.slos[0].alerting.page_alert", message: /^unknown field$/ },
  { path: "v1-camel-field.yaml", at: "v1-camel-field.yaml:13", field: "document 1: slos[0].alerting.pageAlert", message: /^unknown field$/ },
  { path: "kubernetes-metadata-typo.yaml", at: "kubernetes-metadata-typo.yaml:5", field: "document 1: metadata.namspace", message: /^unknown field$/ },
  { path: "kubernetes-no-spec.yaml", at: "kubernetes-no-spec.yaml:1", field: "document 1: spec", message: /^missing required field$/ },
  { path: "kubernetes-no-window.yaml", at: "kubernetes-no-window.yaml:13", field: "document 1: spec.slos[0].sli.events.errorQuery", message: /no \{\{\.window\}\} placeholder/ },
  { path: "kubernetes-two-sli-types.yaml", at: "kubernetes-two-sli-types.yaml:12", field: "document 1: spec.slos[0].sli", message: /^only one SLI type is allowed$/ },
  { path: "kubernetes-label-list.yaml", at: "kubernetes-label-list.yaml:9", field: "document 1: spec.labels.team", message: /must be string,number,boolean/ },
  { path: "kubernetes-null-label.yaml", at: "kubernetes-null-label.yaml:9", field: "document 1: spec.labels.team", message: /must be string,number,boolean/ },
  { path: "kubernetes-page-label-key.yaml", at: "kubernetes-page-label-key.yaml:18", field: "document 1: spec.slos[0].alerting.pageAlert.labels.1route", message: /"1route" cannot be a Prometheus label name/ },
  { path: "bad-name.yaml", at: "bad-name.yaml:4", field: "document 1: slos[0].name", message: /SLO name "-requests-" is not valid/ },
  { path: "slo-collision.yaml", at: "slo-collision.yaml:10", field: "document 1: slos[1].name", message: /^the Sloth SLO names "requests-availability" and "Requests\.Availability" both become the llmops SLO name "requests-availability"$/ },
  { path: "service-collision", at: "service-collision/checkout.yaml:2", field: "document 1: service", message: /^the Sloth service names "Checkout" and "checkout" both become the llmops service name "checkout"$/ },
];

// Each case is a CLI run of its own: they run side by side.
describe.concurrent("invalid Sloth specs exit 2 naming file and line, document and field", () => {
  it("the table covers every file of invalid/", ({ expect }) => {
    const listed = new Set(INVALID.map((c) => c.path));
    const top = new Set(listFiles(join(CORPUS, "invalid")).map((f) => f.split("/")[0]!));
    expect([...top].sort()).toEqual([...listed].sort());
  });

  it.for(INVALID)("$path", async (c, { expect }) => {
    const out = tempDir();
    const r = await cli(["generate", "--definitions", join(CORPUS, "invalid", c.path), "--out", out, "--json"]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const report = JSON.parse(r.stdout) as { ok: boolean; error: { file: string; path: string; message: string; hint: string } };
    expect(report.ok).toBe(false);
    expect(report.error.file).toBe(`test/interop/corpus/sloth/invalid/${c.at}`);
    expect(report.error.path).toBe(c.field);
    expect(report.error.message).toMatch(c.message);
    expect(report.error.hint.length).toBeGreaterThan(10);
    expect(listFiles(out)).toEqual([]);
  });
});
