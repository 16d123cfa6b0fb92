/**
 * A user's query may keep labels named like the ones llmops puts on its own series: every
 * kube-prometheus series carries `service`, `namespace` and `pod`, and a grouped SLI keeps its
 * `by` labels. llmops's labels live in their own namespace, so every recording of such an SLO
 * still holds one series per group, and each group's burn rate pages on its own, with the
 * group's labels on the alert. Proven in the real promtool from raw series.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { SERVICE_LABEL, SLO_LABEL, TIER_LABEL } from "../../src/compile/prometheus/names.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, groupEvalOrder, tempDir } from "../helpers.ts";

interface Rule {
  alert?: string;
  record?: string;
  labels?: Record<string, string>;
}

/** A Sloth SLO whose queries keep kube-prometheus's `service` label and group by `route`. */
const SPEC = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum by (service, namespace, route) (rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum by (service, namespace, route) (rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutAvailability
      page_alert:
        labels:
          severity: pageteam
`;

/**
 * kube-prometheus's target labels on every series, from two Services over the same pods (so
 * series differ in `service` alone): /pay fails every request, /cart none (it has no error series).
 */
const SERVICES = ["checkout", "checkout-canary"];
const kube = (route: string, code: string, service = "checkout") =>
  `http_requests_total{job="checkout",namespace="shop",pod="checkout-7d9f-x2",service="${service}",instance="10.0.0.7:8080",route="${route}",code="${code}"}`;

describe("an SLO over series that carry a service label and a grouping", () => {
  it("records one series per group in every recording, and pages for the failing group only, with its labels", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "checkout.yaml"), SPEC);
    const gen = await cli(["generate", "--definitions", join(dir, "checkout.yaml"), "--out", join(dir, "out")]);
    expect(gen.code, gen.stderr).toBe(0);
    const rulesFile = join(dir, "out/prometheus/rules/checkout.yaml");
    const rules = (parse(readFileSync(rulesFile, "utf8")) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
    const own = `${SERVICE_LABEL}="checkout",${SLO_LABEL}="availability"`;
    // Every SLI recording (not the constant objective and budget ones) holds one series per route.
    const perGroup = rules.filter((r) => r.record && /^slo:(sli_|current_burn|period_)/.test(r.record)).map((r) => r.record!);
    expect(perGroup.length).toBeGreaterThan(8);
    const test = {
      rule_files: [rulesFile],
      group_eval_order: groupEvalOrder(rulesFile),
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: SERVICES.flatMap((svc) => [kube("/pay", "500", svc), kube("/cart", "200", svc)]).map((series) => ({ series, values: "0+60x120" })),
          promql_expr_test: [
            ...perGroup.map((name) => ({
              expr: `count by (route, service, namespace) (${name}{${own}})`,
              eval_time: "1h",
              exp_samples: SERVICES.flatMap((svc) => ["/cart", "/pay"].map((route) => ({ labels: `{namespace="shop",route="${route}",service="${svc}"}`, value: 1 }))),
            })),
            {
              expr: `slo:sli_error:ratio_rate1h{${own}}`,
              eval_time: "1h",
              exp_samples: SERVICES.flatMap((svc) =>
                [["/cart", 0] as const, ["/pay", 1] as const].map(([route, value]) => ({ labels: `slo:sli_error:ratio_rate1h{${own},namespace="shop",route="${route}",service="${svc}"}`, value })),
              ),
            },
            {
              expr: `ALERTS{alertname="CheckoutAvailability",alertstate="firing",${TIER_LABEL}="page"}`,
              eval_time: "1h",
              exp_samples: SERVICES.map((svc) => ({
                labels: `ALERTS{alertname="CheckoutAvailability",alertstate="firing",${TIER_LABEL}="page",${own},namespace="shop",route="/pay",service="${svc}",severity="pageteam"}`,
                value: 1,
              })),
            },
          ],
        },
      ],
    };
    writeFileSync(join(dir, "collision.test.yaml"), stringify(test));
    const r = spawnSync(findTool("promtool"), ["test", "rules", join(dir, "collision.test.yaml")], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });

  it("accepts service and slo as a user's own SLO labels: they are no longer llmops's", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "checkout.yaml"), SPEC.replace("  - name: availability\n", "  - name: availability\n    labels:\n      service: storefront\n      slo: tier-1\n"));
    const gen = await cli(["generate", "--definitions", join(dir, "checkout.yaml"), "--out", join(dir, "out")]);
    expect(gen.code, gen.stderr).toBe(0);
    const text = readFileSync(join(dir, "out/prometheus/rules/checkout.yaml"), "utf8");
    expect(text).toContain("service: storefront");
    expect(text).toContain(`${SLO_LABEL}: availability`);
  });
});
