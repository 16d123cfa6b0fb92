/** The definitions README.md shows compile, so the documentation cannot drift from the DSL. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, definitionsDir, ROOT, tempDir } from "../helpers.ts";

describe("README examples", () => {
  it("the example definition and dashboard generate", async () => {
    const blocks = [...readFileSync(join(ROOT, "README.md"), "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const [project, dashboard] = blocks as [string, string];
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
});
