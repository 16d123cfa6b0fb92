/**
 * The bundled project's generated promtool tests pass on both promtool versions llmops supports:
 * Debian's 2.42 (PATH or PROMTOOL) and 3.x (PROMTOOL3, else .tools/prometheus3/ from
 * scripts/ensure-tools.sh; missing, the test fails saying how to get it).
 *
 * Prometheus 3's lookback is left-open: at an evaluation step an alert no longer sees a
 * recording made exactly one evaluation interval (the tests' 5m) earlier. So the test files
 * name the order of the rule groups, recordings before the alerts that read them; without it
 * promtool takes the groups in Go map order, and on 3.x an alert whose recordings came later
 * never fired, in a different test group on every run. Range selectors are left-open too:
 * `rate(x[1m])` over input a minute apart holds one sample, so the tests of a rule with a
 * range that short (the OpenSLO corpus's one-minute time slices) sample their input finer.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { cli, ROOT, tempDir } from "../helpers.ts";
import { findPrometheus3 } from "../live/harness.ts";
import { findTool } from "../../src/validate/tools.ts";

const TESTS = join(ROOT, "generated/prometheus/tests");
const testFiles = readdirSync(TESTS).filter((f) => f.endsWith(".test.yaml")).sort();

const promtool = (version: "2" | "3"): string => (version === "2" ? findTool("promtool") : findPrometheus3().promtool);

function major(bin: string): string {
  const v = spawnSync(bin, ["--version"], { encoding: "utf8" });
  return /version (\d+)\./.exec(v.stdout + v.stderr)?.[1] ?? `unknown (${(v.stdout + v.stderr).trim().split("\n")[0]})`;
}

function testRules(bin: string, cwd: string, files: string[]) {
  const r = spawnSync(bin, ["test", "rules", ...files], { cwd, encoding: "utf8", timeout: 240_000 });
  return { status: r.status, out: r.stdout + r.stderr };
}

interface TestFile {
  rule_files: string[];
  group_eval_order?: string[];
  tests: unknown[];
}

describe("generated promtool tests on promtool 2.x and 3.x", () => {
  it("the bundled project's test files exist", () => {
    expect(testFiles.length).toBeGreaterThan(0);
  });

  for (const [version, label] of [["2", "promtool 2.x"], ["3", "promtool 3.x"]] as const) {
    it(`pass on ${label}`, () => {
      const bin = promtool(version);
      expect(major(bin), `${bin} is not promtool ${version}`).toBe(version);
      const r = testRules(bin, TESTS, testFiles);
      expect(r.out).not.toContain("FAILED");
      expect(r.status, r.out).toBe(0);
      expect(r.out.match(/SUCCESS/g)?.length).toBe(testFiles.length);
    }, 300_000);
  }

  it("every test file evaluates its rule file's groups in the file's order, recordings before alerts", () => {
    for (const f of testFiles) {
      const test = parse(readFileSync(join(TESTS, f), "utf8")) as TestFile;
      expect(test.rule_files).toHaveLength(1);
      const rules = parse(readFileSync(join(TESTS, test.rule_files[0]!), "utf8")) as { groups: { name: string; rules: { record?: string; alert?: string }[] }[] };
      expect(test.group_eval_order, f).toEqual(rules.groups.map((g) => g.name));
      // No group reads a recording a later group makes: the recording-only groups come first.
      const firstAlerting = rules.groups.findIndex((g) => g.rules.some((r) => r.alert !== undefined));
      expect(firstAlerting, f).toBeGreaterThan(0);
      expect(rules.groups.slice(firstAlerting).every((g) => g.rules.some((r) => r.alert !== undefined)), f).toBe(true);
    }
  });

  it("the order matters: alerts evaluated before their recordings still pass on 2.x and fail on 3.x", () => {
    const f = "llm-providers.test.yaml";
    const test = parse(readFileSync(join(TESTS, f), "utf8")) as TestFile;
    const dir = mkdtempSync(join(tmpdir(), "llmops-order-"));
    const reversed = { ...test, rule_files: test.rule_files.map((p) => join(TESTS, p)), group_eval_order: [...test.group_eval_order!].reverse() };
    writeFileSync(join(dir, f), stringify(reversed, { lineWidth: 0 }));
    const two = testRules(promtool("2"), dir, [f]);
    expect(two.status, two.out).toBe(0);
    const three = testRules(promtool("3"), dir, [f]);
    expect(three.status, three.out).toBe(1);
    expect(three.out).toMatch(/got:\[\]/);
  }, 300_000);

  // The OpenSLO corpus's one-minute slices; its test (corpusOpenslo) runs validate on promtool 2.x.
  it("the OpenSLO corpus's generated tests pass on promtool 3.x", async () => {
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", join(ROOT, "test/interop/corpus/openslo"), "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const dir = join(out, "prometheus/tests");
    const files = readdirSync(dir).filter((f) => f.endsWith(".test.yaml"));
    expect(files).toContain("ingest.test.yaml");
    expect(readFileSync(join(dir, "ingest.test.yaml"), "utf8")).toContain("interval: 30s");
    const r = testRules(promtool("3"), dir, files);
    expect(r.out).not.toContain("FAILED");
    expect(r.status, r.out).toBe(0);
  }, 300_000);
});
