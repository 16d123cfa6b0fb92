/**
 * What promtool and amtool must print for a check to pass, on the words of Debian's promtool
 * 2.42 / amtool 0.25 (captured from the real binaries) and of Prometheus 3.x (cmd/promtool:
 * `checkRules` prints `SUCCESS: N rules found`, `RulesUnitTestResult` prints `  SUCCESS` with
 * no `Unit Testing:` header since the JUnit output came in, 2.55).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigProblem as amtoolConfigProblem, routedTo } from "../../src/validate/amtool.ts";
import { canaryFor, rejected } from "../../src/validate/canary.ts";
import { DEADLINE, scaledLimit, toolTimeoutOverride } from "../../src/validate/deadline.ts";
import { checkConfigProblem } from "../../src/validate/prometheusConfig.ts";
import { checkRulesProblem, printsHeader, testRulesProblem } from "../../src/validate/promtool.ts";
import { Tool } from "../../src/validate/tools.ts";

describe("promtool check rules", () => {
  const v2 = "Checking prometheus/rules/a.yaml\n  SUCCESS: 115 rules found\n";
  it("passes on the count of rules the file holds, in 2.x and 3.x form (the same)", () => {
    expect(checkRulesProblem(v2, 115)).toBeUndefined();
  });
  it("fails on another count, on no count, on nothing, and on a lint FAILED next to a SUCCESS", () => {
    expect(checkRulesProblem(v2, 116)).toMatch(/reported 115 rules, but the file holds 116/);
    expect(checkRulesProblem("SUCCESS", 1)).toMatch(/did not report "SUCCESS: 1 rules found"/);
    expect(checkRulesProblem("", 1)).toMatch(/it printed nothing/);
    expect(checkRulesProblem(`${v2}  FAILED:\n1 duplicate rule(s) found.`, 115)).toMatch(/did not report/);
  });
});

describe("promtool test rules", () => {
  const v2 = "Unit Testing:  a.test.yaml\n  SUCCESS\n\n";
  const v3 = "  SUCCESS\n\n";
  it("2.x: SUCCESS under the header naming the file", () => {
    expect(printsHeader("Unit Testing:  canary.test.yaml\n  FAILED:\n")).toBe(true);
    expect(testRulesProblem(v2, "a.test.yaml", true)).toBeUndefined();
    expect(testRulesProblem("Unit Testing:  b.test.yaml\n  SUCCESS\n", "a.test.yaml", true)).toMatch(/did not print its "Unit Testing: a.test.yaml" header/);
    expect(testRulesProblem(v3, "a.test.yaml", true)).toMatch(/header/);
  });
  it("3.x: SUCCESS alone, since its canary showed it prints no header", () => {
    expect(printsHeader("  FAILED:\n    expr: \"vector(1)\", time: 0s,\n")).toBe(false);
    expect(testRulesProblem(v3, "a.test.yaml", false)).toBeUndefined();
  });
  it("fails without SUCCESS, with FAILED, on a SUCCESS that is some other line's", () => {
    expect(testRulesProblem("", "a.test.yaml", false)).toMatch(/did not report SUCCESS; it printed nothing/);
    expect(testRulesProblem("  SUCCESS\n  FAILED:\n", "a.test.yaml", false)).toMatch(/did not report SUCCESS/);
    expect(testRulesProblem("SUCCESS: 3 rules found", "a.test.yaml", false)).toMatch(/did not report SUCCESS/);
  });
});

describe("promtool check config", () => {
  const out = "Checking /g/prometheus.yml\n  SUCCESS: 2 rule files found\n SUCCESS: /g/prometheus.yml is valid prometheus config file syntax\n\nChecking /g/rules/a.yaml\n  SUCCESS: 3 rules found\n";
  it("passes on the config's own SUCCESS line and the count of its rule files", () => {
    expect(checkConfigProblem(out, "/g/prometheus.yml", ["rules/a.yaml", "rules/b.yaml"])).toBeUndefined();
    expect(checkConfigProblem(out, "/g/prometheus.yml", ["rules/*.yaml"])).toBeUndefined();
  });
  it("fails on another file's SUCCESS or another count", () => {
    expect(checkConfigProblem(out, "/h/prometheus.yml", ["a", "b"])).toMatch(/did not report "SUCCESS: \/h\/prometheus.yml is valid/);
    expect(checkConfigProblem(out, "/g/prometheus.yml", ["a", "b", "c"])).toMatch(/did not report the 3 rule files/);
  });
});

describe("amtool", () => {
  const out = "Checking '/g/alertmanager.yml'  SUCCESS\nFound:\n - global config\n - route\n - 2 inhibit rules\n - 2 receivers\n - 0 templates\n\n";
  it("check-config: its Checking … SUCCESS line for this file and the count of receivers", () => {
    expect(amtoolConfigProblem(out, "/g/alertmanager.yml", 2)).toBeUndefined();
    expect(amtoolConfigProblem(out, "/g/alertmanager.yml", 3)).toMatch(/did not report the 3 receivers/);
    expect(amtoolConfigProblem("SUCCESS", "/g/alertmanager.yml", 2)).toMatch(/did not report "Checking '\/g\/alertmanager.yml'  SUCCESS"/);
  });
  it("config routes test: the receivers on the first line of stdout", () => {
    expect(routedTo("oncall\n")).toBe("oncall");
    expect(routedTo("tickets\nWARNING: Expected receivers did not match resolved receivers.\n")).toBe("tickets");
    expect(routedTo("")).toBe("");
  });
});

describe("canaries", () => {
  it("the real promtool and amtool reject every one of them, saying FAILED", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmops-canary-test-"));
    for (const [tool, sub] of [["promtool", "check rules"], ["promtool", "test rules"], ["promtool", "check config"], ["amtool", "check-config"]] as const) {
      const c = canaryFor(tool, sub)!;
      writeFileSync(join(dir, c.fileName), c.content);
      let result: { code: number; stdout: string; stderr: string };
      try {
        execFileSync(tool, c.args(c.inFolder ? c.fileName : join(dir, c.fileName)), { cwd: dir, stdio: "pipe" });
        result = { code: 0, stdout: "", stderr: "" };
      } catch (e) {
        const err = e as { status: number; stdout: Buffer; stderr: Buffer };
        result = { code: err.status, stdout: String(err.stdout), stderr: String(err.stderr) };
      }
      expect(rejected({ ...result, signal: null, timedOut: false }), `${tool} ${sub}: ${result.stdout}${result.stderr}`).toBe(true);
    }
  });
});

describe("deadlines", () => {
  it(`scale as ${DEADLINE.baseSeconds} s + ${DEADLINE.secondsPerKB} s per KB + ${DEADLINE.secondsPerTestCase} s per test case`, () => {
    expect(scaledLimit(0)).toEqual({ seconds: 10, how: "10 s + 0.1 s/KB × 0 KB" });
    expect(scaledLimit(73 * 1024, 29)).toEqual({ seconds: 46.3, how: "10 s + 0.1 s/KB × 73 KB + 1 s × 29 test cases" });
    expect(new Tool("promtool", "/usr/bin/promtool", undefined).limit(2048, 3).seconds).toBe(13.2);
  });
  it("one override for every call: the flag over LLMOPS_TOOL_TIMEOUT", () => {
    expect(toolTimeoutOverride(undefined, {})).toBeUndefined();
    expect(toolTimeoutOverride(undefined, { LLMOPS_TOOL_TIMEOUT: "" })).toBeUndefined();
    expect(toolTimeoutOverride("2.5", { LLMOPS_TOOL_TIMEOUT: "9" })).toEqual({ seconds: 2.5, how: "--tool-timeout 2.5" });
    expect(toolTimeoutOverride(undefined, { LLMOPS_TOOL_TIMEOUT: "9" })).toEqual({ seconds: 9, how: "LLMOPS_TOOL_TIMEOUT=9" });
    expect(new Tool("amtool", "/usr/bin/amtool", { seconds: 2, how: "x" }).limit(1e9, 1000).seconds).toBe(2);
    for (const bad of ["", "0", "-1", "abc", "Infinity"]) expect(() => toolTimeoutOverride(bad, {})).toThrow(/not a positive number of seconds/);
  });
});
