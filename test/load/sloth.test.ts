/** Sloth specs: errors of the fields llmops translates name the Sloth field the user wrote. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
import { llmopsName } from "../../src/load/sloth.ts";
import { readYamlServices } from "../../src/load/yaml.ts";
import { definitionsDir, refusedBy } from "../helpers.ts";

const SLOTH = `version: "prometheus/v1"
service: checkout
labels:
  team: payments
slos:
  - name: availability
    objective: 99.9
    labels:
      tier: "1"
    sli:
      events:
        error_query: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total[{{.window}}]))
    alerting:
      name: CheckoutAvailability
      labels:
        owner: payments
      annotations:
        summary: Checkout fails
      page_alert:
        labels:
          route: pager
        annotations:
          runbook: https://runbooks.example.com/checkout
      ticket_alert:
        labels:
          route: tickets
`;

function refusal(yaml: string): UserError {
  expect(yaml).not.toBe(SLOTH);
  const dir = definitionsDir({ "sloth.yaml": yaml });
  return refusedBy(() => readYamlServices([join(dir, "sloth.yaml")]));
}

describe("Sloth fields are refused by their Sloth names and lines", () => {
  it("the base loads", () => {
    const dir = definitionsDir({ "sloth.yaml": SLOTH });
    expect(readYamlServices([join(dir, "sloth.yaml")])[0]!.slos).toHaveLength(1);
  });
  const cases: [string, string, string, string, number][] = [
    ["a service label key that is no label name", "  team: payments", '  "1team": payments', "labels.1team", 4],
    ["an SLO label key reserved by Prometheus", '      tier: "1"', '      __name__: "1"', "slos[0].labels.__name__", 9],
    ["an SLO label value with {{", '      tier: "1"', '      tier: "{{ x }}"', "slos[0].labels.tier", 9],
    ["a page_alert label key", "          route: pager", '          "1route": pager', "slos[0].alerting.page_alert.labels.1route", 22],
    ["a page_alert label value with U+2028", "          route: pager", '          route: "a\\u2028b"', "slos[0].alerting.page_alert.labels.route", 22],
    ["a ticket_alert label key", "          route: tickets", '          "bad key": tickets', "slos[0].alerting.ticket_alert.labels.bad key", 27],
    ["a page_alert annotation that is no template", "          runbook: https://runbooks.example.com/checkout", '          runbook: "{{ oops"', "slos[0].alerting.page_alert.annotations.runbook", 24],
    ["an alerting label value with a control character", "        owner: payments", '        owner: "a\\u0007b"', "slos[0].alerting.labels.owner", 17],
    ["an alert name starting with a digit", "      name: CheckoutAvailability", "      name: 9Checkout", "slos[0].alerting.name", 15],
    ["an objective with more than 4 decimals", "    objective: 99.9\n", "    objective: 99.99999999999999\n", "slos[0].objective", 7],
    ["an error query with an invalid regex", 'code=~"5.."}[{{.window}}]))', 'code=~"5(.."}[{{.window}}]))', "slos[0].sli.events.error_query", 12],
    ["a total query with an invalid regex", "total_query: sum(rate(http_requests_total[{{.window}}]))", 'total_query: sum(rate(http_requests_total{code=~"[z-a]"}[{{.window}}]))', "slos[0].sli.events.total_query", 13],
  ];
  for (const [name, from, to, field, line] of cases) {
    it(name, () => {
      const e = refusal(SLOTH.replace(from, to));
      expect(e.where.path).toBe(`document 1: ${field}`);
      expect(e.where.file).toMatch(new RegExp(`sloth\\.yaml:${line}$`));
    });
  }
});

/** SLOTH in Sloth's Kubernetes form: the group under spec, its fields in camelCase. */
const KUBERNETES = `apiVersion: sloth.slok.dev/v1
kind: PrometheusServiceLevel
metadata:
  name: slo-checkout
  namespace: monitoring
spec:
${SLOTH.replace(/^version:.*\n/, "")
  .replace("error_query", "errorQuery")
  .replace("total_query", "totalQuery")
  .replace("page_alert", "pageAlert")
  .replace("ticket_alert", "ticketAlert")
  .replace(/^(?=.)/gm, "  ")}`;

function load(files: Record<string, string>) {
  const dir = definitionsDir(files);
  return readYamlServices(Object.keys(files).map((f) => join(dir, f)));
}

describe("Sloth's Kubernetes form (PrometheusServiceLevel)", () => {
  it("reads as the prometheus/v1 spec it holds", () => {
    const [v1] = load({ "sloth.yaml": SLOTH });
    const [k8s] = load({ "k8s.yaml": KUBERNETES });
    expect(k8s).toEqual(v1);
    expect(k8s!.slos![0]!.alerting?.page?.labels).toEqual({ route: "pager" });
  });

  const cases: [string, string, string, string, number][] = [
    ["a page alert label key", "            route: pager", '            "1route": pager', "spec.slos[0].alerting.pageAlert.labels.1route", 27],
    ["an error query with an invalid regex", 'code=~"5.."}[{{.window}}]))', 'code=~"5(.."}[{{.window}}]))', "spec.slos[0].sli.events.errorQuery", 17],
    ["the same error and total query", "totalQuery: sum(rate(http_requests_total[{{.window}}]))", 'totalQuery: sum(rate(http_requests_total{code=~"5.."}[{{.window}}]))', "spec.slos[0].sli.events.totalQuery", 18],
    ["the prometheus/v1 spelling of a field", "        ticketAlert:", "        ticket_alert:", "spec.slos[0].alerting.ticket_alert", 31], // the line of its value,
  ];
  for (const [name, from, to, field, line] of cases) {
    it(`names the field as written: ${name}`, () => {
      const yaml = KUBERNETES.replace(from, to);
      expect(yaml).not.toBe(KUBERNETES);
      const dir = definitionsDir({ "k8s.yaml": yaml });
      const e = refusedBy(() => readYamlServices([join(dir, "k8s.yaml")]));
      expect(e.where.path).toBe(`document 1: ${field}`);
      expect(e.where.file).toMatch(new RegExp(`k8s\\.yaml:${line}$`));
    });
  }

  it("a label named like a renamed field keeps its name in errors", () => {
    const yaml = KUBERNETES.replace("    team: payments", '    page_alert: "a\\u0007b"');
    const dir = definitionsDir({ "k8s.yaml": yaml });
    const e = refusedBy(() => readYamlServices([join(dir, "k8s.yaml")]));
    expect(e.where.path).toBe("document 1: spec.labels.page_alert");
  });

  it("reads the object as kubectl prints it back: server metadata and status", () => {
    const yaml = KUBERNETES.replace("  namespace: monitoring\n", '  namespace: monitoring\n  uid: 0b7c\n  resourceVersion: "42"\n  generation: 2\n  creationTimestamp: null\n  labels:\n    prometheus: prometheus\n').concat("status:\n  processedSLOs: 1\n  promOpRulesGenerated: true\n");
    expect(load({ "k8s.yaml": yaml })[0]!.slos).toHaveLength(1);
  });
});

describe("Sloth names llmops spells differently", () => {
  it("maps capitals, dots, separator runs and a leading digit deterministically", () => {
    expect(["checkout", "My.Service", "Card_Auth", "a__b", "a-_b", "x.y-z", "2fa", "9", "payout_batches"].map((n) => llmopsName(n, "slo"))).toEqual([
      "checkout",
      "my-service",
      "card_auth",
      "a-b",
      "a-b",
      "x-y-z",
      "slo-2fa",
      "slo-9",
      "payout_batches",
    ]);
    expect(llmopsName("2048.Game", "service")).toBe("service-2048-game");
  });

  it("keeps the original names in annotations of the SLO's alerts; the user's own annotation wins", () => {
    const yaml = SLOTH.replace("service: checkout", "service: Shop.Checkout").replace("  - name: availability", "  - name: Availability.V2").replace("summary: Checkout fails", "summary: Checkout fails\n        sloth_slo: mine");
    const [s] = load({ "sloth.yaml": yaml });
    expect(s!.name).toBe("shop-checkout");
    expect(s!.slos![0]!.name).toBe("availability-v2");
    expect(s!.slos![0]!.alerting?.annotations).toEqual({ sloth_service: "Shop.Checkout", sloth_slo: "mine", summary: "Checkout fails" });
  });

  it("an SLO without alerting still records its original name", () => {
    const [s] = load({ "sloth.yaml": SLOTH.replace(/    alerting:[\s\S]*$/, "").replace("  - name: availability", "  - name: Availability") });
    expect(s!.slos![0]!.alerting).toEqual({ annotations: { sloth_slo: "Availability" } });
  });

  it("leaves names llmops takes as they are, with nothing added", () => {
    const [s] = load({ "sloth.yaml": SLOTH });
    expect(s!.name).toBe("checkout");
    expect(Object.keys(s!.slos![0]!.alerting?.annotations ?? {})).toEqual(["summary"]);
  });

  it("refuses two Sloth services of one llmops name, naming both; one name in two files is one service", () => {
    const other = SLOTH.replace("service: checkout", "service: Checkout").replace("name: availability", "name: latency").replace("name: CheckoutAvailability", "name: CheckoutLatency");
    const dir = definitionsDir({ "a.yaml": SLOTH, "b.yaml": other });
    const e = refusedBy(() => readYamlServices([join(dir, "a.yaml"), join(dir, "b.yaml")]));
    expect(e.where.file).toMatch(/b\.yaml:2$/);
    expect(e.where.path).toBe("document 1: service");
    expect(e.message).toBe('the Sloth service names "checkout" and "Checkout" both become the llmops service name "checkout"');
    expect(e.hint).toMatch(/a\.yaml:2 \(document 1\)/);
    const same = load({ "a.yaml": SLOTH, "c.yaml": other.replace("service: Checkout", "service: checkout") });
    expect(same.map((s) => [s.name, s.slos!.map((x) => x.name)])).toEqual([["checkout", ["availability", "latency"]]]);
  });

  it("refuses two Sloth SLOs of one llmops name across documents of one file", () => {
    const second = SLOTH.replace("  - name: availability", "  - name: Availability").replace("name: CheckoutAvailability", "name: CheckoutAvailability2");
    const dir = definitionsDir({ "sloth.yaml": `${SLOTH}---\n${second}` });
    const e = refusedBy(() => readYamlServices([join(dir, "sloth.yaml")]));
    expect(e.where.path).toBe("document 2: slos[0].name");
    expect(e.message).toMatch(/"availability" and "Availability" both become the llmops SLO name "availability"/);
  });
});

describe("Sloth blocks left empty", () => {
  it("labels, annotations, alerting and tiers given as null are absent, as in Sloth", () => {
    const yaml = SLOTH.replace("labels:\n  team: payments", "labels:").replace("    labels:\n      tier: \"1\"", "    labels:\n    description:").replace(/      ticket_alert:\n        labels:\n          route: tickets\n/, "      ticket_alert:\n");
    const [s] = load({ "sloth.yaml": yaml });
    expect(s!.slos![0]!.labels).toBeUndefined();
    expect(s!.slos![0]!.description).toBeUndefined();
    expect(s!.slos![0]!.alerting?.ticket).toBeUndefined();
    const [bare] = load({ "sloth.yaml": SLOTH.replace(/    alerting:[\s\S]*$/, "    alerting:\n") });
    expect(bare!.slos![0]!.alerting).toBeUndefined();
  });
});
