/**
 * The same SLO written three ways — Sloth, OpenSLO, TypeScript — compiles to the same rules,
 * and the Sloth one's promtool tests pass in the real promtool.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { cli, ROOT, tempDir } from "../helpers.ts";

const FIX = resolve(ROOT, "test/fixtures/interop");

/** The rule files of a definitions path, by path. */
async function rules(definitions: string): Promise<Map<string, string>> {
  const { artifacts } = await build(definitions);
  return new Map(artifacts.filter((a) => /^prometheus\/(rules|tests)\//.test(a.path)).map((a) => [a.path, a.content]));
}

describe("Sloth and OpenSLO specs compile exactly like TypeScript", () => {
  it("gives identical rule files and promtool tests for one SLO written three ways", async () => {
    const ts = await rules(join(FIX, "checkout.ts"));
    const sloth = await rules(join(FIX, "checkout.sloth.yaml"));
    const openslo = await rules(join(FIX, "checkout.openslo.yaml"));
    expect([...ts.keys()]).toEqual(["prometheus/rules/checkout.yaml", "prometheus/tests/checkout.test.yaml"]);
    expect(sloth).toEqual(ts);
    expect(openslo).toEqual(ts);
    // The OpenSLO ranges were rewritten per window, not left at 5m.
    expect(ts.get("prometheus/rules/checkout.yaml")).toContain(
      '(sum(rate(http_requests_total{job="checkout",code=~"5.."}[1h])) or 0 * sum(rate(http_requests_total{job="checkout"}[1h]))) / sum(rate(http_requests_total{job="checkout"}[1h]))',
    );
  });

  it("a 99.9% Sloth SLO over 30 days pages just above 14.4x burn, stays silent at 0.9x, and promtool agrees", async () => {
    const out = tempDir();
    const r = await cli(["generate", "--definitions", join(FIX, "checkout.sloth.yaml"), "--out", out]);
    expect(r.code).toBe(0);
    const tests = parse(readFileSync(join(out, "prometheus/tests/checkout.test.yaml"), "utf8")) as {
      tests: { name: string; alert_rule_test: { exp_alerts: { exp_labels: Record<string, string> }[] }[] }[];
    };
    // The case driving the page pair 14.4x over 1h/5m: its burn is the one the generator picks above 14.4.
    const page = tests.tests.find((t) => /14\.4x/.test(t.name) && /1h\/5m/.test(t.name) && !/nothing fires/.test(t.name))!;
    const burn = /burn ([\d.]+)x/.exec(page.name)?.[1] ?? String(Number(/ratio ([\d.]+)\)/.exec(page.name)![1]) / 0.001);
    expect(Number(burn)).toBeGreaterThan(14.4);
    expect(Number(burn)).toBeLessThanOrEqual(16);
    expect(page.alert_rule_test[0]!.exp_alerts.map((a) => a.exp_labels.severity)).toContain("page");
    const quiet = tests.tests.find((t) => t.name.includes("burn 0.9x"))!;
    expect(quiet.alert_rule_test[0]!.exp_alerts).toEqual([]);
    const run = execFileSync("promtool", ["test", "rules", "checkout.test.yaml"], { cwd: join(out, "prometheus/tests"), encoding: "utf8" });
    expect(run).toContain("SUCCESS");
  });

  it("Sloth page_alert/ticket_alert labels win over the tier defaults, severity included", async () => {
    const dir = tempDir();
    copyFileSync(join(ROOT, "definitions/slos/providers.sloth.yaml"), join(dir, "providers.yaml"));
    const { model } = await build(dir);
    const tiers = model.services[0]!.slos[0]!.tiers;
    expect(tiers.map((t) => [t.tier, t.severity, t.labels.category])).toEqual([
      ["page", "critical", "availability"],
      ["ticket", "warning", "availability"],
    ]);
  });

  it("an OpenSLO AlertPolicy becomes explicit burn-rate tiers, the short window 1/12 of the lookback", async () => {
    const { model } = await build(join(ROOT, "definitions/slos/providers.openslo.yaml"));
    const slo = model.services[0]!.slos[0]!;
    expect(slo.period).toBe("28d");
    expect(slo.tiers.map((t) => [t.tier, t.severity, t.for, t.windows.map((w) => `${w.factor}x ${w.long}/${w.short}`)])).toEqual([
      ["page", "page", "2m", ["14.4x 1h/5m"]],
      ["ticket", "ticket", "30m", ["2x 1d/2h"]],
    ]);
  });
});
