/**
 * OpenSLO calendar-aligned time windows (`calendar` with `isRolling: false`, or left out): one
 * calendar week, month or quarter in UTC compiles to a calendar SLO period; what the rules
 * cannot follow (another length, a start off a boundary, another time zone) is refused with
 * exit 2 at the field that says it.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readYamlServices } from "../../src/load/yaml.ts";
import { cli, definitionsDir, refusedBy, ROOT, tempDir } from "../helpers.ts";

const CORPUS = join(ROOT, "test/interop/corpus/openslo-calendar/checkout.yaml");
const corpus = readFileSync(CORPUS, "utf8");

function load(yaml: string) {
  const dir = definitionsDir({ "slo.yaml": yaml });
  return readYamlServices([join(dir, "slo.yaml")]);
}

/** The corpus with `from` replaced once; the replacement must apply. */
function edit(from: string, to: string): string {
  const out = corpus.replace(from, to);
  expect(out, `${from} in the corpus`).not.toBe(corpus);
  return out;
}

const MONTHLY_WINDOW = `    - duration: 1M
      isRolling: false
      calendar:
        startTime: 2024-01-01 00:00:00
        timeZone: UTC`;

describe("the OpenSLO calendar corpus", () => {
  it("reads each calendar window as its calendar period", () => {
    const [checkout] = load(corpus);
    expect(checkout!.slos!.map((s) => [s.name, s.window])).toEqual([
      ["availability-monthly", { calendar: "month" }],
      ["availability-weekly", { calendar: "week" }],
      ["availability-quarterly", { calendar: "quarter" }],
    ]);
  });

  it("compiles and validates: period-to-date recordings, the burn-rate factor against a 30-day month", { timeout: 120_000 }, async () => {
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", CORPUS, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const rules = readFileSync(join(out, "prometheus/rules/checkout.yaml"), "utf8");
    for (const unit of ["month", "week", "quarter"]) expect(rules).toContain(`record: slo:sli_error:ratio_${unit}_to_date`);
    // The condition's 14.4 over 1h is the workbook's page factor of a 30-day period.
    expect(rules).toMatch(/slo:sli_error:ratio_rate1h\{[^}]*llmops_slo="availability-monthly"[^}]*\} > \(14\.4 \* 0\.005\)/);
    const val = await cli(["validate", "--definitions", CORPUS, "--out", out]);
    expect(val.code, val.stdout + val.stderr).toBe(0);
  });
});

describe("an OpenSLO calendar window llmops cannot follow is refused at its field", () => {
  const cases: { name: string; from: string; to: string; path: string; message: RegExp; hint?: RegExp }[] = [
    { name: "two months", from: "duration: 1M", to: "duration: 2M", path: "spec.timeWindow[0].duration", message: /calendar-aligned time window of "2M" is not supported/, hint: /1w.*1M.*1Q/ },
    { name: "a year", from: "duration: 1M", to: "duration: 1Y", path: "spec.timeWindow[0].duration", message: /"1Y" is not supported/ },
    { name: "seven days", from: "duration: 1w", to: "duration: 7d", path: "spec.timeWindow[0].duration", message: /"7d" is not supported/, hint: /duration: 1w/ },
    { name: "three months", from: "duration: 1Q", to: "duration: 3M", path: "spec.timeWindow[0].duration", message: /"3M" is not supported/, hint: /duration: 1Q/ },
    { name: "a month from the 15th", from: "startTime: 2024-01-01 00:00:00\n        timeZone: UTC\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", to: "startTime: 2024-01-15 00:00:00\n        timeZone: UTC\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", path: "spec.timeWindow[0].calendar.startTime", message: /"2024-01-15 00:00:00" is not the start of a calendar month/, hint: /2024-01-01 00:00:00/ },
    { name: "a month from noon", from: "startTime: 2024-01-01 00:00:00\n        timeZone: UTC\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", to: "startTime: 2024-01-01 12:30:00\n        timeZone: UTC\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", path: "spec.timeWindow[0].calendar.startTime", message: /not the start of a calendar month/ },
    { name: "a week from a Wednesday", from: 'startTime: "2024-01-01 00:00:00"', to: 'startTime: "2024-01-03 00:00:00"', path: "spec.timeWindow[0].calendar.startTime", message: /"2024-01-03 00:00:00" \(a Wednesday\) is not the start of a calendar week/, hint: /Monday/ },
    { name: "a quarter from February", from: "startTime: 2024-04-01 00:00:00", to: "startTime: 2024-02-01 00:00:00", path: "spec.timeWindow[0].calendar.startTime", message: /not the start of a calendar quarter/, hint: /January, April, July or October/ },
    { name: "no such date", from: "startTime: 2024-04-01 00:00:00", to: "startTime: 2024-02-30 00:00:00", path: "spec.timeWindow[0].calendar.startTime", message: /"2024-02-30 00:00:00" is not a date and time/ },
    { name: "a date without a time", from: "startTime: 2024-04-01 00:00:00", to: 'startTime: "2024-04-01"', path: "spec.timeWindow[0].calendar.startTime", message: /is not a date and time/ },
    { name: "New York time", from: "        timeZone: UTC\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", to: "        timeZone: America/New_York\n  budgetingMethod: Occurrences\n  objectives:\n    - displayName", path: "spec.timeWindow[0].calendar.timeZone", message: /time zone "America\/New_York" is not supported: calendar periods follow UTC only/, hint: /Prometheus's date functions/ },
    { name: "no time zone", from: "        timeZone: Etc/UTC\n", to: "", path: "spec.timeWindow[0].calendar.timeZone", message: /missing required field/, hint: /timeZone: UTC/ },
    { name: "a rolling window with a calendar", from: "      isRolling: false\n      calendar:\n        startTime: 2024-04-01", to: "      isRolling: true\n      calendar:\n        startTime: 2024-04-01", path: "spec.timeWindow[0].isRolling", message: /a rolling time window takes no calendar/ },
    { name: "isRolling false without a calendar", from: MONTHLY_WINDOW, to: "    - duration: 30d\n      isRolling: false", path: "spec.timeWindow[0].calendar", message: /needs calendar/ },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.path}`, () => {
      const e = refusedBy(() => load(edit(c.from, c.to)));
      expect(e.where.path).toMatch(new RegExp(`^document \\d+: ${c.path.replace(/[.[\]]/g, "\\$&")}$`));
      expect(e.message).toMatch(c.message);
      if (c.hint) expect(e.hint).toMatch(c.hint);
    });
  }

  it("exits 2 naming the file, line, document and field, with generated/ left as it was", async () => {
    const dir = definitionsDir({ "slo.yaml": edit("duration: 1M", "duration: 2M") });
    const out = tempDir();
    writeFileSync(join(out, "keep.txt"), "before\n");
    const r = await cli(["generate", "--definitions", dir, "--out", out, "--json"]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { error: { file: string; path: string; message: string } };
    const line = corpus.split("\n").findIndex((l) => l.includes("duration: 1M")) + 1;
    expect(report.error.file.endsWith(`slo.yaml:${line}`), report.error.file).toBe(true);
    expect(report.error.path).toBe("document 3: spec.timeWindow[0].duration");
    expect(readFileSync(join(out, "keep.txt"), "utf8")).toBe("before\n");
  });
});
