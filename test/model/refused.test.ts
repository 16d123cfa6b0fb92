/**
 * Definitions whose output a target or our own validate would reject are refused by generate,
 * naming the file, the object and the field, with a hint; the output folder stays as it was.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listFiles } from "../../src/write/index.ts";
import { cli, definitionsDir, project, tempDir } from "../helpers.ts";

const AVAILABILITY = `slo({ name: "availability", objective: 99.5, sli: sli.availability() })`;
const withSlo = (slo: string) => project(`[service({ name: "svc", slos: [${slo}] })]`);
const withAlert = (a: string) => project(`[service({ name: "svc", alerts: [${a}] })]`);
const withProject = (extra: string) =>
  `import { defineProject, dashboard, panel, presets, service, sli, slo } from "llmops";
export default defineProject({
  name: "test",
  conventions: presets.lab(),
  services: [service({ name: "svc", slos: [${AVAILABILITY}] })],
  ${extra}
});
`;

interface Case {
  name: string;
  index: string;
  where: RegExp;
  what: RegExp;
}

const CASES: Case[] = [
  // Silently ignored definitions.
  { name: "a top-level typo", index: withProject(`dashbaords: [],`), where: /index\.ts: \(project\)/, what: /unknown field "dashbaords"/ },
  // Accepted input whose output validate rejected.
  {
    name: "U+2028 in an SLO label",
    index: withSlo(`slo({ name: "a", objective: 99, labels: { team: "x\\u2028y" }, sli: sli.availability() })`),
    where: /slos\[0\] "a"\.labels\.team/,
    what: /control or line-separator character U\+2028/,
  },
  {
    name: "a control character in an annotation",
    index: withAlert(`alert.errorRate({ name: "E", abovePercent: 5, annotations: { summary: "bad\\u0007bell" } })`),
    where: /alerts\[0\] "E"\.annotations\.summary/,
    what: /U\+0007/,
  },
  {
    name: "U+2029 in a matcher value",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability({ filter: { model: "x\\u2029" } }) })`),
    where: /sli\.filter\.model/,
    what: /U\+2029/,
  },
  {
    name: "an unclosed {{ in an alerting label",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { labels: { team: "{{x" } } })`),
    where: /slos\[0\] "a"\.alerting\.labels\.team/,
    what: /never closed/,
  },
  {
    name: "a template action Prometheus would not expand as tests expect, in a tier label",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { page: { labels: { team: "{{ .Foo }}" } } } })`),
    where: /alerting\.page\.labels\.team/,
    what: /\{\{ \.Foo \}\} is not supported/,
  },
  {
    name: "{{ in a label of recorded series",
    index: withSlo(`slo({ name: "a", objective: 99, labels: { team: "{{ $labels.job }}" }, sli: sli.availability() })`),
    where: /slos\[0\] "a"\.labels\.team/,
    what: /labels of recorded series are not templates/,
  },
  {
    name: "a reserved label name",
    index: project(`[service({ name: "svc", labels: { slo: "x" }, slos: [${AVAILABILITY}] })]`),
    where: /services\[0\] "svc"\.labels\.slo/,
    what: /the label "slo" is set by llmops/,
  },
  {
    name: "a label name starting with __",
    index: withAlert(`alert.serviceDown({ name: "Down", labels: { __name__: "x" } })`),
    where: /alerts\[0\] "Down"\.labels\.__name__/,
    what: /cannot be a Prometheus label name/,
  },
  {
    name: "invalid PromQL in sli.raw errorRatio",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.raw({ errorRatio: "sum(rate(x[{{.window}}])" }) })`),
    where: /slos\[0\] "a"\.sli\.errorRatio/,
    what: /PromQL does not parse at character 16/,
  },
  {
    name: "invalid PromQL in sli.raw totalQuery",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.raw({ errorQuery: "sum(rate(e[{{.window}}]))", totalQuery: "sum(rate(t[{{.window}}])) by" }) })`),
    where: /sli\.totalQuery/,
    what: /PromQL does not parse/,
  },
  {
    name: "invalid PromQL in a timeslice query",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.timeslice({ measure: { query: "avg_over_time(q[{{.window}}]" }, op: "<", threshold: 1 }) })`),
    where: /sli\.measure\.query/,
    what: /PromQL does not parse/,
  },
  {
    name: "an objective finer than floating point resolves",
    index: withSlo(`slo({ name: "a", objective: 99.99999999999999, sli: sli.availability() })`),
    where: /slos\[0\] "a"\.objective/,
    what: /objective 99\.99999999999999 has more than 4 decimals/,
  },
  {
    name: "a project without services",
    index: project(`[]`),
    where: /index\.ts: services:/,
    what: /the project has no services/,
  },
  {
    name: "a regex matcher that does not compile",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability({ filter: { model: { op: "=~", value: "(" } } }) })`),
    where: /slos\[0\] "a"\.sli\.filter\.model/,
    what: /the regex "\(" is not a valid regular expression/,
  },
  {
    name: "a regex with a lookahead RE2 lacks",
    index: withAlert(`alert.errorRate({ name: "E", abovePercent: 5, filter: { model: { op: "!~", value: "gpt(?!-4)" } } })`),
    where: /alerts\[0\] "E"\.filter\.model/,
    what: /lookahead.*RE2/,
  },
  // Fields no output used.
  {
    name: "by on a serviceDown alert",
    index: withAlert(`alert.serviceDown({ name: "Down", by: ["instance"] })`),
    where: /alerts\[0\] "Down"\.by/,
    what: /serviceDown alerts once per scrape target already/,
  },
  {
    name: "a filter on a timeslice SLI of one's own query",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.timeslice({ measure: { query: "avg_over_time(q[{{.window}}])" }, op: "<", threshold: 1, filter: { model: "x" } }) })`),
    where: /slos\[0\] "a"\.sli\.filter/,
    what: /cannot apply a filter/,
  },
  {
    name: "maxPerRow on a panel that does not repeat",
    index: withProject(`dashboards: [dashboard({ title: "D", panels: [panel.stat({ title: "S", description: "d", unit: "short", maxPerRow: 3, queries: (q) => [{ expr: q.requestRate() }] })] })],`),
    where: /dashboard "D" panel "S"/,
    what: /maxPerRow applies to a repeated panel only/,
  },
  // Accepted input that passed validate but should not.
  {
    name: "a javascript: runbook URL",
    index: withSlo(`slo({ name: "a", objective: 99, runbookUrl: "javascript:alert(1)", sli: sli.availability() })`),
    where: /slos\[0\] "a"\.runbookUrl/,
    what: /"javascript:alert\(1\)" is not an absolute http or https URL/,
  },
  {
    name: "a relative runbook URL on a threshold alert",
    index: withAlert(`alert.serviceDown({ name: "Down", runbookUrl: "runbooks/down.md" })`),
    where: /alerts\[0\] "Down"\.runbookUrl/,
    what: /not an absolute http or https URL/,
  },
  {
    name: "a dashboard refresh that is no interval",
    index: withProject(`dashboards: [dashboard({ title: "D", refresh: "abc", rows: [] })],`),
    where: /dashboard "D"\.refresh/,
    what: /"abc" is not a Grafana refresh interval/,
  },
  {
    name: "a dashboard time that is no time",
    index: withProject(`dashboards: [dashboard({ title: "D", time: { from: "yesterday", to: "now" }, rows: [] })],`),
    where: /dashboard "D"\.time\.from/,
    what: /"yesterday" is not a Grafana time/,
  },
  // Thresholds that are no number an alert can compare with.
  {
    name: "NaN as a cost alert's threshold",
    index: withAlert(`alert.costRate({ name: "Cost", perHourAbove: NaN })`),
    where: /alerts\[0\] "Cost"\.perHourAbove/,
    what: /NaN is not a threshold in US dollars per hour/,
  },
  {
    name: "a negative token rate threshold",
    index: withAlert(`alert.tokenRate({ name: "Tokens", above: -5 })`),
    where: /alerts\[0\] "Tokens"\.above/,
    what: /-5 is not a threshold in tokens per second/,
  },
  {
    name: "Infinity as a latency alert's threshold",
    index: withAlert(`alert.latencyQuantile({ name: "Slow", quantile: 0.95, above: Infinity })`),
    where: /alerts\[0\] "Slow"\.above/,
    what: /Infinity is not a threshold in seconds/,
  },
];

/** Every file under `dir` with its inode and content: equal only if nothing was rewritten. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) out[f] = `${statSync(join(dir, f)).ino} ${readFileSync(join(dir, f), "utf8")}`;
  return out;
}

describe("generate refuses definitions whose output would be rejected", () => {
  let defs: string;
  let out: string;
  let before: Record<string, string>;
  beforeAll(async () => {
    // An output folder llmops wrote, so only the definitions can be the reason for a refusal.
    defs = definitionsDir({ "index.ts": withSlo(AVAILABILITY) });
    out = join(tempDir(), "generated");
    const first = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(first.code, first.stderr).toBe(0);
    before = tree(out);
  });

  it.each(CASES)("$name", async ({ index, where, what }) => {
    writeFileSync(join(defs, "index.ts"), index);
    const r = await cli(["generate", "--definitions", defs, "--out", out]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: \S*index\.ts(:\d+)?: /m);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).toMatch(/\n {2}hint: \S/);
    expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/);
    expect(r.stderr.length, "a short message, no source dump").toBeLessThan(2000);
    expect(tree(out)).toEqual(before);
  });
});
