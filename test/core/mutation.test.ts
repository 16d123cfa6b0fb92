/**
 * The generated promtool tests catch wrong rules: each mutation of the bundled project's rule
 * file below makes the real `promtool test rules` fail, naming the alert. Test groups shared by
 * several SLOs must keep that power, even against an alert reading another SLO's series.
 */
import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTool } from "../../src/validate/tools.ts";
import { cli, tempDir } from "../helpers.ts";

const RULES = "prometheus/rules/llm-agent.yaml";
const TESTS = "prometheus/tests/llm-agent.test.yaml";

/** `text` with the first rule of alert `alert` changed by `change`. */
function mutateRule(text: string, alert: string, change: (rule: string) => string): string {
  const start = text.indexOf(`- alert: ${alert}\n`);
  expect(start, `no alert ${alert}`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("- alert:", start + 1);
  const rule = text.slice(start, end < 0 ? undefined : end);
  return text.slice(0, start) + change(rule) + (end < 0 ? "" : text.slice(end));
}

/** Every occurrence of `from` in a rule replaced by `to`. */
const replace = (from: string, to: string) => (rule: string) => {
  expect(rule.includes(from), `the rule has no "${from}"`).toBe(true);
  return rule.split(from).join(to);
};

describe("generated promtool tests catch wrong rules", async () => {
  const out = join(tempDir(), "generated");
  const gen = await cli(["generate", "--out", out]);
  const promtool = findTool("promtool");
  const original = readFileSync(join(out, RULES), "utf8");

  const run = (rules: string) => {
    const dir = tempDir();
    cpSync(join(out, "prometheus"), join(dir, "prometheus"), { recursive: true });
    writeFileSync(join(dir, RULES), rules);
    const r = spawnSync(promtool, ["test", "rules", join(dir, TESTS)], { encoding: "utf8" });
    return { code: r.status, output: r.stdout + r.stderr };
  };

  it("passes unmutated", () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(run(original).code).toBe(0);
  });

  it.each([
    ["a wrong factor in one window pair", "AvailabilityErrorBudgetBurn", replace('ratio_rate6h{llmops_service="llm-agent",llmops_slo="availability"} > (6 * 0.005)', 'ratio_rate6h{llmops_service="llm-agent",llmops_slo="availability"} > (6.6 * 0.005)')],
    ["a burn alert reading another SLO's recordings", "LatencyErrorBudgetBurn", replace('slo="latency"}', 'slo="availability"}')],
    ["a threshold alert's threshold", "HighLLMErrorRate", replace("> 0.05", "> 0.07")],
  ])("%s fails a test of %s", (_what, alert, mutate) => {
    const mutated = mutateRule(original, alert, mutate);
    expect(mutated).not.toBe(original);
    const r = run(mutated);
    expect(r.code).not.toBe(0);
    expect(r.output).toContain(`alertname: ${alert}`);
  });
});
