/**
 * A PrometheusRule's `metadata.name` is a DNS-1123 subdomain, whatever the service is called:
 * Kubernetes refuses `_`, which service names may hold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { prometheusRuleNames } from "../../src/compile/prometheus/operator.ts";
import { cli, definitionsDir, tempDir } from "../helpers.ts";

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

describe("PrometheusRule names", () => {
  it("turn a service name's _ into -, and keep two services apart that would then share one", () => {
    const names = prometheusRuleNames(["llm_agent", "chat", "a_b", "a-b"]);
    expect(names.get("llm_agent")).toBe("llmops-llm-agent");
    expect(names.get("chat")).toBe("llmops-chat");
    expect(names.get("a-b")).toBe("llmops-a-b");
    expect(names.get("a_b")).toMatch(/^llmops-a-b-[0-9a-f]{8}$/);
    for (const n of names.values()) expect(n).toMatch(DNS_SUBDOMAIN);
  });

  it("are what generate writes for a service named with _", async () => {
    const defs = definitionsDir({
      "index.ts": `import { defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "test",
  conventions: presets.lab(),
  services: [service({ name: "llm_agent", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() })] })],
  outputs: { prometheusOperator: { labels: { "example.com/release": "prometheus" } } },
});
`,
    });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const rule = parse(readFileSync(join(out, "kubernetes", "prometheusrule-llm_agent.yaml"), "utf8")) as { metadata: { name: string; labels: Record<string, string> } };
    expect(rule.metadata.name).toBe("llmops-llm-agent");
    expect(rule.metadata.labels["example.com/release"]).toBe("prometheus");
  });
});
