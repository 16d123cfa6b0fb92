/**
 * The period of specs that give none. Sloth YAML never says its period (Sloth takes
 * `--default-slo-period`), and a Kuadrant spec is meant for 28d: llmops.yaml's `defaultWindow`
 * and `--default-window` set it, an SLO's own window still wins, and an SLO that falls back to
 * the built-in 30d says so instead of being measured over a period nobody chose.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers.ts";

const SLOTH = `version: prometheus/v1
service: checkout
slos:
  - name: availability
    objective: 99.9
    sli:
      events:
        error_query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))
        total_query: sum(rate(http_requests_total{job="checkout"}[{{.window}}]))
`;

const OPENSLO_7D = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: weekly
spec:
  service: checkout
  indicator:
    metadata:
      name: weekly-errors
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{job="checkout"}[5m]))
  timeWindow:
    - duration: 7d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;

function folder(project?: string): string {
  const dir = tempDir();
  writeFileSync(join(dir, "checkout.sloth.yaml"), SLOTH);
  writeFileSync(join(dir, "weekly.openslo.yaml"), OPENSLO_7D);
  if (project !== undefined) writeFileSync(join(dir, "llmops.yaml"), `apiVersion: llmops/v1\nkind: Project\nname: shop\n${project}`);
  return dir;
}

const read = (out: string, path: string) => readFileSync(join(out, path), "utf8");

describe("the period of SLOs that give no window", () => {
  it("is llmops.yaml's defaultWindow: rules, catalogue and dashboards use it, and an SLO's own window wins", async () => {
    const dir = folder("defaultWindow: 28d\n");
    const out = join(dir, "out");
    const r = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).not.toContain("gives no window");
    const rules = read(out, "prometheus/rules/checkout.yaml");
    expect(rules).toContain("record: slo:sli_error:ratio_rate28d");
    expect(rules).toContain("expr: vector(28)");
    expect(rules).not.toContain("ratio_rate30d");
    // The OpenSLO SLO says 7d and keeps it.
    expect(rules).toContain("record: slo:sli_error:ratio_rate7d");
    const readme = read(out, "README.md");
    expect(readme).toContain("| Objective | 99.9% over 28d (the project's defaultWindow: the SLO gives no window) |");
    expect(readme).toContain("| Objective | 99% over 7d |");
    expect(read(out, "grafana/dashboards/SLOs/slo-checkout-availability.json")).toContain("objective 99.9% over 28d");
  });

  it("is --default-window when given, over llmops.yaml's, for generate and validate alike", async () => {
    const dir = folder("defaultWindow: 28d\n");
    const out = join(dir, "out");
    const r = await cli(["generate", "--definitions", dir, "--out", out, "--default-window", "14d"]);
    expect(r.code, r.stderr).toBe(0);
    expect(read(out, "prometheus/rules/checkout.yaml")).toContain("record: slo:sli_error:ratio_rate14d");
    expect(read(out, "README.md")).toContain("99.9% over 14d (from --default-window: the SLO gives no window)");
    const same = await cli(["generate", "--definitions", dir, "--out", out, "--default-window", "14d", "--check"]);
    expect(same.code, same.stdout + same.stderr).toBe(0);
    // Without the flag the tree is stale: the period is part of what generate writes.
    const stale = await cli(["generate", "--definitions", dir, "--out", out, "--check"]);
    expect(stale.code).toBe(1);
    const v = await cli(["validate", "--definitions", dir, "--out", out, "--default-window", "14d"]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it("falls back to 30d only with a warning naming the SLOs, and the catalogue says so", async () => {
    const dir = folder();
    const out = join(dir, "out");
    const r = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/warning: 1 SLO from YAML specs gives no window \(checkout\/availability\): measured over 30d.*defaultWindow in llmops\.yaml.*--default-window/);
    expect(read(out, "README.md")).toContain("99.9% over 30d (llmops's default: neither the SLO nor the project gives a window)");
  });

  it("refuses a default that is no SLO period, where it is written, and writes nothing", async () => {
    const dir = folder("defaultWindow: 1h\n");
    const out = join(dir, "out");
    const bad = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/llmops\.yaml.*defaultWindow.*"1h"/s);
    const flag = await cli(["generate", "--definitions", folder(), "--out", out, "--default-window", "5x"]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--default-window.*unknown window "5x"/s);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });
});
