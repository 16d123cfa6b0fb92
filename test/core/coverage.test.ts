/** Every alert the bundled definitions generate has a firing and a silent promtool case, and they pass. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { cli, tempDir } from "../helpers.ts";

interface RuleFile { groups: { rules: { alert?: string }[] }[] }
interface TestFile { tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[] }

describe("the bundled definitions", async () => {
  const out = join(tempDir(), "generated");
  const gen = await cli(["generate", "--out", out]);

  it("generate", () => expect(gen.code, gen.stderr).toBe(0));

  it("every alert has a case where it fires and one where it stays silent", () => {
    for (const f of readdirSync(join(out, "prometheus/rules"))) {
      const rules = parse(readFileSync(join(out, "prometheus/rules", f), "utf8")) as RuleFile;
      const tests = parse(readFileSync(join(out, "prometheus/tests", f.replace(/\.yaml$/, ".test.yaml")), "utf8")) as TestFile;
      const cases = tests.tests.flatMap((t) => t.alert_rule_test ?? []);
      const alerts = new Set(rules.groups.flatMap((g) => g.rules.map((r) => r.alert).filter((a): a is string => !!a)));
      expect(alerts.size).toBeGreaterThan(0);
      for (const a of alerts) {
        expect(cases.some((c) => c.alertname === a && c.exp_alerts.length > 0), `${a} fires somewhere`).toBe(true);
        expect(cases.some((c) => c.alertname === a && c.exp_alerts.length === 0), `${a} stays silent somewhere`).toBe(true);
      }
    }
  });

  it("validate runs promtool over every rule and test file and passes", async () => {
    const r = await cli(["validate", "--out", out]);
    for (const f of readdirSync(join(out, "prometheus/rules"))) {
      expect(r.stdout).toMatch(new RegExp(`ok\\s+promtool check rules\\s+prometheus/rules/${f}`));
      expect(r.stdout).toMatch(new RegExp(`ok\\s+promtool test rules\\s+prometheus/tests/${f.replace(/\.yaml$/, ".test.yaml")}`));
    }
  });
});
