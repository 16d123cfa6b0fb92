/** llmops.yaml names its preset and translation strategy; a YAML-only project gets the same names as a TypeScript one. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cli, definitionsDir, tempDir } from "../helpers.ts";
import { findPrometheus3 } from "../live/harness.ts";

const sloth = `version: prometheus/v1
service: chat
slos:
  - name: availability
    objective: 99.5
    sli:
      events:
        error_query: sum(rate({"gen_ai.client.operation.duration_seconds_count", "error.type"!=""}[{{.window}}]))
        total_query: sum(rate({"gen_ai.client.operation.duration_seconds_count"}[{{.window}}]))
    alerting:
      name: ChatAvailability
`;

const projectYaml = (conventions: string, translation?: string) =>
  `apiVersion: llmops/v1\nkind: Project\nname: chat\nconventions: ${conventions}\n${translation ? `translation: ${translation}\n` : ""}`;

describe("llmops.yaml conventions and translation", () => {
  it("openlit under NoUTF8EscapingWithSuffixes: the rules read the dotted names in Prometheus 3's quoted form", async () => {
    const dir = definitionsDir({ "llmops.yaml": projectYaml("openlit", "NoUTF8EscapingWithSuffixes"), "slos/chat.yaml": sloth });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(existsSync(join(out, "grafana/dashboards/SLOs/slo-chat-availability.json"))).toBe(true);
    const rules = readFileSync(join(out, "prometheus/rules/chat.yaml"), "utf8");
    expect(rules).toContain('{"gen_ai.client.operation.duration_seconds_count", "error.type"!=""}');
  });
  it("an unknown preset or strategy is refused with exit 2, naming the field", async () => {
    for (const [c, t, field] of [["openllmetry", undefined, "conventions"], ["openlit", "Underscores", "translation"]] as const) {
      const dir = definitionsDir({ "llmops.yaml": projectYaml(c, t), "slos/chat.yaml": sloth });
      const r = await cli(["generate", "--definitions", dir, "--out", join(tempDir(), "generated")]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(field);
    }
  });
});

describe("alerts by a UTF-8 label", () => {
  it("name the label's value through index in their summary, and the generated test expands it", async () => {
    const { project } = await import("../helpers.ts");
    const index = project(
      `[service({ name: "chat", alerts: [alert.errorRate({ name: "ChatErrors", abovePercent: 5, by: ["gen_ai.request.model"] })] })]`,
      'presets.otelGenAI137({ translation: "NoUTF8EscapingWithSuffixes" })',
    );
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", definitionsDir({ "index.ts": index }), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const rules = readFileSync(join(out, "prometheus/rules/chat.yaml"), "utf8");
    expect(rules).toContain('({{ index $labels "gen_ai.request.model" }})');
    expect(rules).toContain('sum by (job, "gen_ai.request.model") (rate(');
    // The generated test expects the label's value in the summary, and promtool 3 agrees.
    const test = join(out, "prometheus/tests/chat.test.yaml");
    expect(readFileSync(test, "utf8")).toMatch(/summary: .*LLM error rate above 5% \(synthetic\)/);
    const run = spawnSync(findPrometheus3().promtool, ["test", "rules", test], { encoding: "utf8", timeout: 60_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  });
});
