/**
 * UTF-8 names (translation NoUTF8EscapingWithSuffixes, NoTranslation) are Prometheus 3's quoted
 * form, which promtool 2.x cannot parse: validate says which checks need promtool 3 and how to
 * point it at one (exit 3, a missing tool); with promtool 3 those checks run and pass.
 */
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, definitionsDir, project, ROOT } from "../helpers.ts";
import { findPrometheus3 } from "../live/harness.ts";
import { findTool } from "../../src/validate/tools.ts";

let defs = "";
let out = "";

beforeAll(async () => {
  const services = `[service({ name: "svc", slos: [slo({ name: "availability", objective: 99.5, sli: sli.availability() }), slo({ name: "latency", objective: 95, sli: sli.latency({ threshold: 5.12 }) })] })]`;
  defs = definitionsDir({ "index.ts": project(services, `presets.otelGenAI137({ translation: "NoUTF8EscapingWithSuffixes" })`) });
  out = join(defs, "generated");
  const r = await cli(["generate", "--definitions", defs, "--out", out]);
  expect(r.code, r.stderr).toBe(0);
}, 60_000);

const validate = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(["validate", "--definitions", defs, "--out", out, ...args], { env });

describe("validate with UTF-8 metric names", () => {
  it("with promtool 2.x: exit 3, naming the checks that need promtool 3 and how to give validate one", async () => {
    const promtool2 = findTool("promtool");
    const r = await validate(["--promtool", promtool2]);
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stderr).toContain(`promtool at ${promtool2} is version 2.`);
    expect(r.stderr).toMatch(/UTF-8 metric and label names \(translation NoUTF8EscapingWithSuffixes\)/);
    expect(r.stderr).toMatch(/The checks promtool check rules, promtool test rules, promtool check config need promtool 3\.0 or later/);
    expect(r.stderr).toMatch(/hint: pass --promtool PATH or set PROMTOOL to a promtool 3\.x/);
    // Found through PROMTOOL too.
    const env = await validate([], { PROMTOOL: promtool2 });
    expect(env.code).toBe(3);
  }, 60_000);

  it("with promtool 3: check rules and check config run on the quoted names and pass", async () => {
    const { promtool } = findPrometheus3();
    const r = await validate(["--promtool", promtool, "--json"]);
    const report = JSON.parse(r.stdout) as { checks: { check: string; file: string; status: string; message: string }[] };
    const promtoolChecks = report.checks.filter((c) => c.check === "promtool check rules" || c.check === "promtool check config");
    expect(promtoolChecks.map((c) => c.check)).toEqual(expect.arrayContaining(["promtool check rules", "promtool check config"]));
    expect(promtoolChecks.filter((c) => c.status !== "pass"), JSON.stringify(promtoolChecks, null, 1)).toEqual([]);
    // The rule files do hold quoted UTF-8 names.
    const rules = report.checks.find((c) => c.check === "promtool check rules")!;
    expect(rules.message).toMatch(/\d+ rules/);
  }, 120_000);

  it("a relative --promtool path means the same in every check, promtool test rules' folder included", async () => {
    const rel = relative(ROOT, findPrometheus3().promtool);
    expect(rel.startsWith("/")).toBe(false);
    const r = await validate(["--promtool", rel, "--json"]);
    expect(r.code, r.stderr).not.toBe(3);
    const report = JSON.parse(r.stdout) as { checks: { check: string; status: string; message: string }[] };
    const tests = report.checks.filter((c) => c.check === "promtool test rules");
    expect(tests.length).toBeGreaterThan(0);
    expect(tests.map((c) => c.message).join("\n")).not.toMatch(/could not be started|ENOENT/);
  }, 120_000);
});
