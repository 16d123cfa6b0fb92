/** Sloth specs: errors of the fields llmops translates name the Sloth field the user wrote. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.ts";
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
