/**
 * A Sloth severity under `alerting.labels` or on one tier: page and ticket stay two alerts (the
 * `llmops_tier` label), their promtool tests pass, and the real amtool routes each tier to its
 * receiver whatever the severity is called.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { routeCases } from "../../src/validate/amtool.ts";
import { cli, definitionsDir, tempDir } from "../helpers.ts";
import { SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";

const sloth = (alerting: string) => `version: "prometheus/v1"
service: "checkout"
slos:
  - name: "requests-availability"
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
    alerting:
      name: CheckoutAvailability
${alerting}`;

const SHARED = `      labels:
        severity: critical
`;
// Sloth's getting-started: the page goes to a team's pager under its own severity word.
const PAGETEAM = `      page_alert:
        labels:
          severity: pageteam
      ticket_alert:
        labels:
          severity: slack
`;

type Rule = { alert?: string; labels?: Record<string, string> };

async function generated(alerting: string): Promise<{ defs: string; out: string; alerts: Rule[] }> {
  const defs = join(definitionsDir({ "checkout.sloth.yaml": sloth(alerting) }), "checkout.sloth.yaml");
  const out = tempDir();
  const r = await cli(["generate", "--definitions", defs, "--out", out]);
  expect(r.code, r.stderr).toBe(0);
  const file = parse(readFileSync(join(out, "prometheus/rules/checkout.yaml"), "utf8")) as { groups: { rules: Rule[] }[] };
  return { defs, out, alerts: file.groups.flatMap((g) => g.rules).filter((x) => x.alert === "CheckoutAvailability") };
}

/** The receiver the real amtool sends an alert with these labels to. */
function routed(out: string, labels: Record<string, string>): string {
  const args = ["config", "routes", "test", `--config.file=${join(out, "alertmanager/alertmanager.yml")}`, ...Object.entries(labels).map(([k, v]) => `${k}=${v}`)];
  return execFileSync("amtool", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n")[0]!.trim();
}

describe("burn-rate tiers carry llmops_tier besides the user's severity", () => {
  it("one severity for both tiers: page and ticket differ by llmops_tier, and the generated promtool tests pass", async () => {
    const { defs, out, alerts } = await generated(SHARED);
    expect(alerts.map((a) => a.labels)).toEqual([
      { severity: "critical", llmops_tier: "page" },
      { severity: "critical", llmops_tier: "ticket" },
    ]);
    const tests = readFileSync(join(out, "prometheus/tests/checkout.test.yaml"), "utf8");
    expect(tests).toContain("llmops_tier: page");
    expect(tests).toContain("llmops_tier: ticket");
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.stdout).toMatch(/ok\s+promtool test rules/);
    expect(v.stdout).toMatch(/ok\s+amtool routes test .*page\/critical→oncall, ticket\/critical→tickets/);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    // The real amtool: both tiers of the same severity reach different receivers.
    const base = { alertname: "CheckoutAvailability", severity: "critical", [SERVICE_LABEL]: "checkout", [SLO_LABEL]: "requests-availability" };
    expect(routed(out, { ...base, llmops_tier: "page" })).toBe("oncall");
    expect(routed(out, { ...base, llmops_tier: "ticket" })).toBe("tickets");
  }, 60_000);

  it("a custom page severity (pageteam) pages, and a custom ticket severity (slack) tickets", async () => {
    const { defs, out, alerts } = await generated(PAGETEAM);
    const [page, ticket] = alerts;
    expect(page!.labels).toEqual({ severity: "pageteam", llmops_tier: "page" });
    expect(ticket!.labels).toEqual({ severity: "slack", llmops_tier: "ticket" });
    const base = { alertname: "CheckoutAvailability", [SERVICE_LABEL]: "checkout", [SLO_LABEL]: "requests-availability" };
    expect(routed(out, { ...base, ...page!.labels })).toBe("oncall");
    expect(routed(out, { ...base, ...ticket!.labels })).toBe("tickets");
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.stdout).toMatch(/ok\s+amtool routes test .*page\/pageteam→oncall, ticket\/slack→tickets/);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  }, 60_000);

  it("the page of an SLO inhibits its ticket on the tier label, not on severity words", async () => {
    const { out } = await generated(PAGETEAM);
    const am = parse(readFileSync(join(out, "alertmanager/alertmanager.yml"), "utf8")) as { inhibit_rules: unknown[] };
    expect(am.inhibit_rules[0]).toEqual({ source_matchers: ['llmops_tier="page"'], target_matchers: ['llmops_tier="ticket"'], equal: [SERVICE_LABEL, SLO_LABEL] });
  });

  it("route cases cover every (tier, severity) pair of the model", async () => {
    const dir = definitionsDir({ "a.sloth.yaml": sloth(PAGETEAM), "b.sloth.yaml": sloth(SHARED).replace('service: "checkout"', 'service: "search"') });
    const { model } = await build(dir);
    const burn = routeCases(model).filter((c) => c.labels.llmops_tier);
    expect(burn.map((c) => [c.labels[SERVICE_LABEL], c.labels.llmops_tier, c.labels.severity, c.receiver]).sort()).toEqual([
      ["checkout", "page", "pageteam", "oncall"],
      ["checkout", "ticket", "slack", "tickets"],
      ["search", "page", "critical", "oncall"],
      ["search", "ticket", "critical", "tickets"],
    ]);
  });
});
