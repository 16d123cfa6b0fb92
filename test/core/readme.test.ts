/** The definitions README.md shows compile, so the documentation cannot drift from the DSL. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

describe("README examples", () => {
  it("the example definition and dashboard generate", async () => {
    const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const project = blocks.find((b) => b.includes("defineProject("))!;
    const dashboard = blocks.find((b) => b.includes("export const overview"))!;
    expect(project).toBeDefined();
    expect(dashboard).toBeDefined();
    const index = project
      .replace('from "llmops";', 'from "llmops";\nimport { overview } from "./dashboard.ts";')
      .replace(/\n\}\);\s*$/, "\n  dashboards: [overview],\n});\n");
    const defs = definitionsDir({ "index.ts": index, "dashboard.ts": dashboard });
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, "grafana/dashboards/LLMOps/llmops-overview.json"), "utf8")).toContain("Request rate");
    expect(readFileSync(join(out, "prometheus/rules/llm-agent.yaml"), "utf8")).toContain("HighLLMErrorRate");
  });

  it("the preset example (Which preset) builds conventions a project compiles with", async () => {
    const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const example = blocks.find((b) => /^conventions: presets\./.test(b.trim()))!;
    expect(example).toBeDefined();
    const index = `import { defineProject, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "readme-preset",
  ${example.trim()}
  services: [service({ name: "chat", slos: [
    slo({ name: "latency", objective: 95, window: "30d", sli: sli.latency({ threshold: 3 }) }),
    slo({ name: "quality", objective: 95, window: "30d", sli: sli.timeslice({ measure: "quality", op: ">=", threshold: 4 }) }),
  ] })],
});
`;
    const out = join(tempDir(), "generated");
    const r = await cli(["generate", "--definitions", definitionsDir({ "index.ts": index }), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    const rules = readFileSync(join(out, "prometheus/rules/chat.yaml"), "utf8");
    expect(rules).toContain('{"gen_ai.client.operation.duration_seconds_bucket", job="chat",le=~"3(\\\\.0)?"}');
    expect(rules).toContain('{"app.quality.score", job="chat"}');
  });
});
