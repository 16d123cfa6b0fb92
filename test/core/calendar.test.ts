/**
 * Calendar-aligned SLO periods: the period's error ratio, burn rate and budget remaining count
 * only what happened since the current calendar week or month began (UTC), and start afresh at
 * the boundary. Proven in the real promtool from the raw request counters, evaluated either
 * side of a boundary, with the rules `llmops generate` writes.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { defineProject, presets, service, sli, slo, type SLOSpec } from "../../src/index.ts";
import { normalize } from "../../src/model/normalize.ts";
import { periodErrorRatio, rec, SERVICE_LABEL, SLO_LABEL } from "../../src/compile/prometheus/names.ts";
import { sliRecordingRules, metadataRules } from "../../src/compile/prometheus/sliRules.ts";
import { periodNumber } from "../../src/promql/calendar.ts";
import { queries } from "../../src/vocabulary/queries.ts";
import { findTool } from "../../src/validate/tools.ts";
import { cli, definitionsDir, groupEvalOrder, project, refusedBy, tempDir } from "../helpers.ts";

const MINUTE = 60;
const DAY = 86400;

/** promtool's tests start at the epoch, 1970-01-01 00:00 UTC, a Thursday. */
const FEB_1970 = 31 * DAY;
const MONDAY_1970_01_05 = 4 * DAY;

function promtool(file: string): { code: number | null; output: string } {
  const r = spawnSync(findTool("promtool"), ["test", "rules", file], { encoding: "utf8" });
  return { code: r.status, output: r.stdout + r.stderr };
}

const ERRORS = 'sum(rate(llm_requests_total{job="chat",status="error"}[{{.window}}]))';
const TOTAL = 'sum(rate(llm_requests_total{job="chat"}[{{.window}}]))';

/** One service, one SLO per SLI form a calendar period reads differently: event-weighted, and a raw ratio averaged. */
function calendarProject(unit: "week" | "month"): string {
  const window = `{ calendar: "${unit}" }`;
  return project(`[
    service({
      name: "chat",
      slos: [
        slo({ name: "availability", objective: 98, window: ${window}, sli: sli.availability() }),
        slo({ name: "raw-ratio", objective: 98, window: ${window}, sli: sli.raw({ errorRatio: ${JSON.stringify(`${ERRORS} / ${TOTAL}`)} }) }),
      ],
    }),
  ]`);
}

/**
 * Requests a minute from `boundary` - 3h: half of them failing up to the boundary, 1 in 100
 * after it, until `boundary` + 2h. The 5m rate recorded at the boundary is all of the old
 * share, those after it all of the new.
 */
function traffic(boundary: number): { series: string; values: string }[] {
  const startMin = boundary / MINUTE - 180;
  const endMin = boundary / MINUTE + 120;
  const counter = (first: number, then: number) => `_x${startMin} 0+${first}x180 ${first * 180 + then}+${then}x${endMin - boundary / MINUTE - 1}`;
  return [
    { series: 'llm_requests_total{job="chat",status="error"}', values: counter(50, 1) },
    { series: 'llm_requests_total{job="chat",status="ok"}', values: counter(50, 99) },
  ];
}

async function boundaryTest(unit: "week" | "month", boundary: number): Promise<{ code: number | null; output: string }> {
  const dir = definitionsDir({ "index.ts": calendarProject(unit) });
  const out = tempDir();
  const gen = await cli(["generate", "--definitions", dir, "--out", out]);
  expect(gen.code, gen.stderr).toBe(0);
  const rulesFile = join(out, "prometheus/rules/chat.yaml");
  const ratio = periodErrorRatio({ period: unit === "week" ? "7d" : "30d", calendar: unit });
  const at = (name: string, series: string) => `${series}{${SERVICE_LABEL}="chat",${SLO_LABEL}="${name}"}`;
  const sample = (name: string, series: string, value: number) => ({ expr: at(name, series), exp_samples: [{ labels: at(name, series), value }] });
  const expect_ = (t: number, name: string, errorRatio: number) =>
    [sample(name, ratio, errorRatio), sample(name, rec.periodBurnRate, errorRatio / 0.02), sample(name, rec.budgetRemaining, 1 - errorRatio / 0.02)].map((c) => ({ ...c, eval_time: `${t / MINUTE}m` }));
  const cases = ["availability", "raw-ratio"].flatMap((name) => [
    // Half an hour before the boundary: this period's requests, half of them failed.
    ...expect_(boundary - 30 * MINUTE, name, 0.5),
    // At the boundary the sample recorded then closes the old period: the new one has none yet.
    { expr: at(name, ratio), eval_time: `${boundary / MINUTE}m`, exp_samples: [] },
    // After it: only the new period's requests, 1 in 100 failed; the failures of the hours
    // before the boundary are not counted (with them the ratio would be above 0.2).
    ...expect_(boundary + 30 * MINUTE, name, 0.01),
    ...expect_(boundary + 120 * MINUTE, name, 0.01),
  ]);
  const test = {
    rule_files: [rulesFile],
    group_eval_order: groupEvalOrder(rulesFile),
    // promtool evaluates every rule at every step from the epoch on: 30m steps keep a month
    // short, and fall on the boundary, so one sample is recorded at it.
    evaluation_interval: "30m",
    tests: [
      {
        interval: "1m",
        input_series: traffic(boundary),
        promql_expr_test: [
          ...cases,
          // The nominal length the burn-rate factors use.
          { ...sample("availability", rec.periodDays, unit === "week" ? 7 : 30), eval_time: `${boundary / MINUTE}m` },
        ],
      },
    ],
  };
  const file = join(out, "calendar.test.yaml");
  writeFileSync(file, stringify(test));
  return promtool(file);
}

describe("a calendar SLO period starts afresh at its boundary", () => {
  it("month: the ratio, burn rate and budget remaining before 1 February count January, after it February only", { timeout: 120_000 }, async () => {
    const r = await boundaryTest("month", FEB_1970);
    expect(r.code, r.output).toBe(0);
  });

  it("week: the same at Monday 00:00 UTC", { timeout: 60_000 }, async () => {
    const r = await boundaryTest("week", MONDAY_1970_01_05);
    expect(r.code, r.output).toBe(0);
  });
});

describe("the period numbers the rules label samples with", () => {
  /** Each unit's number just before and at a boundary, evaluated by promtool. */
  const boundaries: { unit: "week" | "month" | "quarter"; at: number; what: string }[] = [
    { unit: "week", at: MONDAY_1970_01_05, what: "Monday 1970-01-05" },
    { unit: "week", at: MONDAY_1970_01_05 + 7 * DAY, what: "Monday 1970-01-12" },
    { unit: "month", at: FEB_1970, what: "1970-02-01" },
    { unit: "month", at: 365 * DAY, what: "1971-01-01" },
    { unit: "quarter", at: 90 * DAY, what: "1970-04-01" },
    { unit: "quarter", at: 365 * DAY, what: "1971-01-01" },
  ];

  it("go up by one exactly at each boundary, and not a second before it", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "rules.yaml"), "groups: []\n");
    const expr = (unit: (typeof boundaries)[number]["unit"], t: number) => `${periodNumber(unit, `vector(${t})`)} - ${periodNumber(unit, `vector(${t - 1})`)}`;
    const test = {
      rule_files: ["rules.yaml"],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: [],
          promql_expr_test: boundaries.flatMap((b) => [
            { expr: expr(b.unit, b.at), eval_time: "0m", exp_samples: [{ labels: "{}", value: 1 }] },
            { expr: expr(b.unit, b.at - 1), eval_time: "0m", exp_samples: [{ labels: "{}", value: 0 }] },
            { expr: expr(b.unit, b.at + 3600), eval_time: "0m", exp_samples: [{ labels: "{}", value: 0 }] },
          ]),
        },
      ],
    };
    writeFileSync(join(dir, "numbers.test.yaml"), stringify(test));
    const r = promtool(join(dir, "numbers.test.yaml"));
    expect(r.code, r.output).toBe(0);
  });
});

describe("calendar windows in the model", () => {
  const model = (window: SLOSpec["window"], objective = 99.5) =>
    normalize(defineProject({ name: "t", conventions: presets.lab(), services: [service({ name: "chat", slos: [slo({ name: "s", objective, window, sli: sli.availability() })] })] }), "t.ts").services[0]!.slos[0]!;

  it.each([
    ["week", "7d", [3.36, 1.4, 0.7, 0.233333333333]],
    ["month", "30d", [14.4, 6, 3, 1]],
    ["quarter", "90d", [43.2, 18, 9, 3]],
  ] as const)("a calendar %s counts as %s for the burn-rate factors", (unit, nominal, factors) => {
    const s = model({ calendar: unit });
    expect(s.calendar).toBe(unit);
    expect(s.period).toBe(nominal);
    expect(s.tiers.flatMap((t) => t.windows.map((w) => w.factor))).toEqual(factors);
    const days = metadataRules(s).find((r) => r.record === rec.periodDays);
    expect(days?.expr).toBe(`vector(${Number(nominal.slice(0, -1))})`);
  });

  it("records the period ratio under its own name, and no rolling period ratio", () => {
    const s = model({ calendar: "month" });
    const records = sliRecordingRules(s).map((r) => r.record);
    expect(records).toContain("slo:sli_error:ratio_month_to_date");
    expect(records).not.toContain(rec.errorRatio("30d"));
    expect(metadataRules(s).find((r) => r.record === rec.periodBurnRate)?.expr).toContain("slo:sli_error:ratio_month_to_date{");
  });

  it("keeps a rolling window as it was", () => {
    const s = model("30d");
    expect(s.calendar).toBeUndefined();
    expect(sliRecordingRules(s).map((r) => r.record)).toContain(rec.errorRatio("30d"));
  });

  it.each(["Europe/Paris", "America/New_York", "UTC+1"])("refuses the time zone %s, naming the field and why", (zone) => {
    const e = refusedBy(() => model({ calendar: "month", timeZone: zone }));
    expect(e.where.path).toMatch(/slos\[0\] "s"\.window\.timeZone$/);
    expect(e.message).toBe(`time zone "${zone}" is not supported: calendar periods follow UTC only`);
    expect(e.hint).toContain("Prometheus's date functions");
  });

  it("takes timeZone UTC", () => {
    expect(model({ calendar: "month", timeZone: "UTC" }).calendar).toBe("month");
  });
});

describe("a calendar SLO project through the CLI", () => {
  it("generates and validates: rules, generated promtool tests, dashboards and catalogue", { timeout: 120_000 }, async () => {
    const dir = definitionsDir({
      "index.ts": project(`[
        service({
          name: "chat",
          slos: [
            slo({ name: "availability", objective: 99.5, window: { calendar: "month" }, sli: sli.availability() }),
            slo({ name: "weekly", objective: 99, window: { calendar: "week", timeZone: "UTC" }, sli: sli.availability() }),
            slo({ name: "quarterly", objective: 99.9, window: { calendar: "quarter" }, sli: sli.raw({ errorRatio: ${JSON.stringify(`${ERRORS} / ${TOTAL}`)} }) }),
            slo({ name: "cost", objective: 95, window: { calendar: "month" }, sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: 0.05, slice: "1m" }) }),
            slo({ name: "rolling", objective: 99, window: "28d", sli: sli.availability() }),
          ],
        }),
      ]`),
    });
    const out = tempDir();
    const gen = await cli(["generate", "--definitions", dir, "--out", out]);
    expect(gen.code, gen.stderr).toBe(0);
    const val = await cli(["validate", "--definitions", dir, "--out", out]);
    expect(val.code, val.stdout + val.stderr).toBe(0);
    // The generated promtool tests ran, and passed, for every SLO.
    expect(val.stdout).toMatch(/ok\s+promtool test rules/);

    const rules = (parse(readFileSync(join(out, "prometheus/rules/chat.yaml"), "utf8")) as { groups: { rules: { record?: string }[] }[] }).groups.flatMap((g) => g.rules.map((r) => r.record));
    for (const name of ["slo:sli_error:ratio_month_to_date", "slo:sli_error:ratio_week_to_date", "slo:sli_error:ratio_quarter_to_date", rec.errorRatio("28d")]) expect(rules).toContain(name);

    const dashboard = readFileSync(join(out, "grafana/dashboards/SLOs/slo-chat-availability.json"), "utf8");
    expect(dashboard).toContain("over calendar month (UTC)");
    expect(dashboard).toContain("SLI (month to date)");
    expect(dashboard).toContain("slo:sli_error:ratio_month_to_date{");
    expect(dashboard).toContain("whole again when the next calendar month begins");
    const readme = readFileSync(join(out, "README.md"), "utf8");
    expect(readme).toContain("99.5% over calendar month (UTC)");
    expect(readme).toContain("minutes of the calendar month (UTC) period (counted as 30d)");
    expect(readme).toContain("99% over 28d");
  });

  it("refuses another time zone with exit 2, naming the field", async () => {
    const dir = definitionsDir({
      "index.ts": project(`[service({ name: "chat", slos: [slo({ name: "availability", objective: 99.5, window: { calendar: "month", timeZone: "Europe/Berlin" }, sli: sli.availability() })] })]`),
    });
    const r = await cli(["generate", "--definitions", dir, "--out", tempDir(), "--json"]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { error: { path: string; message: string; hint: string } };
    expect(report.error.path).toMatch(/window\.timeZone$/);
    expect(report.error.message).toContain("calendar periods follow UTC only");
    expect(report.error.hint).toContain("UTC");
  });

  it("refuses an unknown calendar unit with exit 2, naming the field", async () => {
    const dir = definitionsDir({
      "index.ts": project(`[service({ name: "chat", slos: [slo({ name: "availability", objective: 99.5, window: { calendar: "year" } as never, sli: sli.availability() })] })]`),
    });
    const r = await cli(["generate", "--definitions", dir, "--out", tempDir(), "--json"]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { error: { path: string; message: string } };
    expect(report.error.path).toMatch(/window\.calendar$/);
    expect(report.error.message).toMatch(/"week", "month", "quarter"/);
  });
});

describe("the dashboard query helper", () => {
  it("q.sli reads a calendar SLO's ratio so far this period, and a rolling one's as before", () => {
    const q = queries(presets.lab(), []);
    expect(q.sli("chat", "availability", { calendar: "month" })).toBe(`1 - slo:sli_error:ratio_month_to_date{${SERVICE_LABEL}="chat",${SLO_LABEL}="availability"}`);
    expect(q.sli("chat", "availability")).toBe(`1 - ${rec.errorRatio("30d")}{${SERVICE_LABEL}="chat",${SLO_LABEL}="availability"}`);
  });
});
