/**
 * Whole generated dashboards compared with files under golden/. After a deliberate change,
 * regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/grafana/golden.test.ts`.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/commands/build.ts";
import { ROOT } from "../helpers.ts";

const GOLDEN = join(ROOT, "test/grafana/golden");
const CASES = [
  ["grafana/dashboards/LLMOps/llmops-overview.json", "llmops-overview.json"],
  ["grafana/dashboards/SLOs/slo-llm-agent-availability.json", "slo-llm-agent-availability.json"],
  ["grafana/dashboards/SLOs/slo-llm-agent-cost-per-request.json", "slo-llm-agent-cost-per-request.json"],
  ["grafana/provisioning/datasources/llmops.yaml", "datasources.yaml"],
] as const;

describe("golden dashboards of the default definitions", async () => {
  const { artifacts } = await build(join(ROOT, "definitions"));
  for (const [path, golden] of CASES) {
    it(path, () => {
      const got = artifacts.find((a) => a.path === path)?.content;
      expect(got, `${path} is generated`).toBeDefined();
      const file = join(GOLDEN, golden);
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(file, got!);
      expect(existsSync(file), `${file} exists (run with UPDATE_GOLDEN=1 to create it)`).toBe(true);
      expect(got).toBe(readFileSync(file, "utf8"));
    });
  }
});
