/**
 * The bundled definitions enable every rule output: generated/ holds PrometheusRule and Mimir
 * ruler files with the plain rule files' groups, none over 20 rules, and validate runs promtool
 * on the rules inside them. `--json` reports are one JSON document.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../helpers.ts";
import { listFiles } from "../../src/write/index.ts";

interface Group {
  name: string;
  rules: unknown[];
}
const read = (p: string): unknown => parse(readFileSync(join(ROOT, "generated", p), "utf8"));

describe("rule outputs for scale", () => {
  const files = listFiles(join(ROOT, "generated"));
  const services = files.filter((f) => f.startsWith("prometheus/rules/")).map((f) => f.replace(/^prometheus\/rules\/(.*)\.yaml$/, "$1"));

  it("generated/ has a PrometheusRule and a Mimir file per service, with the plain files' groups", () => {
    expect(services).toEqual(["llm-agent", "llm-providers"]);
    for (const s of services) {
      const plain = (read(`prometheus/rules/${s}.yaml`) as { groups: Group[] }).groups;
      const pr = read(`kubernetes/prometheusrule-${s}.yaml`) as { apiVersion: string; kind: string; metadata: { name: string; namespace: string; labels: Record<string, string> }; spec: { groups: Group[] } };
      expect(pr.apiVersion).toBe("monitoring.coreos.com/v1");
      expect(pr.kind).toBe("PrometheusRule");
      expect(pr.metadata).toEqual({ name: `llmops-${s}`, namespace: "monitoring", labels: { "app.kubernetes.io/managed-by": "llmops", release: "prometheus" } });
      expect(pr.spec.groups).toEqual(plain);
      const mimir = read(`mimir/${s}.yaml`) as { namespace: string; groups: Group[] };
      expect(mimir.namespace).toBe(s);
      expect(mimir.groups).toEqual(plain);
      for (const g of plain) expect(g.rules.length).toBeLessThanOrEqual(20);
    }
  });

  it("validate --json runs promtool check rules on the rules inside them", async () => {
    const out = tempDir();
    expect((await cli(["generate", "--out", out])).code).toBe(0);
    const r = await cli(["validate", "--out", out, "--json"]);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { check: string; file: string; status: string; message: string }[]; timings: { totalMs: number } };
    expect(r.code).toBe(0);
    expect(report.ok).toBe(true);
    const embedded = report.checks.filter((c) => c.check.startsWith("promtool check rules ("));
    expect(embedded.map((c) => c.file).sort()).toEqual(["kubernetes/prometheusrule-llm-agent.yaml", "kubernetes/prometheusrule-llm-providers.yaml", "mimir/llm-agent.yaml", "mimir/llm-providers.yaml"]);
    for (const c of embedded) expect(c.status).toBe("pass");
    for (const c of report.checks) expect(Object.keys(c).sort()).toEqual(["check", "file", "message", "status"]);
    expect(report.timings.totalMs).toBeGreaterThan(0);
  });

  it("generate --json is one JSON document with files written, stale and extra, and timings", async () => {
    const out = tempDir();
    const first = JSON.parse((await cli(["generate", "--out", out, "--json"])).stdout) as { ok: boolean; files: string[]; written: string[]; drift: { stale: string[]; missing: string[]; extra: string[] }; timings: Record<string, number> };
    expect(first.ok).toBe(true);
    expect(first.written).toEqual(first.files);
    expect(Object.keys(first.timings)).toEqual(["loadMs", "compileWriteMs"]);
    const check = await cli(["generate", "--out", out, "--check", "--json"]);
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { drift: { stale: string[] } }).drift.stale).toEqual([]);
  });

  it("outputs are off by default: a Sloth file alone writes plain Prometheus files only, and validates on its own metrics", async () => {
    const out = tempDir();
    const defs = join(ROOT, "test/fixtures/interop/checkout.sloth.yaml");
    expect((await cli(["generate", "--definitions", defs, "--out", out])).code).toBe(0);
    const got = listFiles(out);
    expect(got).toContain("prometheus/rules/checkout.yaml");
    expect(got.filter((f) => f.startsWith("kubernetes/") || f.startsWith("mimir/"))).toEqual([]);
    // http_requests_total is not in the lab conventions, but the spec names it on purpose.
    const v = await cli(["validate", "--definitions", defs, "--out", out]);
    expect(v.stdout).toMatch(/validate: all \d+ checks passed/);
    expect(v.code).toBe(0);
  });
});
