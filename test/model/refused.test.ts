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
    index: project(`[service({ name: "svc", labels: { llmops_slo: "x" }, slos: [${AVAILABILITY}] })]`),
    where: /services\[0\] "svc"\.labels\.llmops_slo/,
    what: /the label "llmops_slo" is set by llmops/,
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
  {
    name: "a tier label of llmops's own in an SLO's alerting labels",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { page: { labels: { llmops_tier: "ticket" } } } })`),
    where: /slos\[0\] "a"\.alerting\.page\.labels\.llmops_tier/,
    what: /the label "llmops_tier" is set by llmops/,
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
  // Panel options, checked like every other field.
  ...((): Case[] => {
    const stat = (opts: string) => withProject(`dashboards: [dashboard({ title: "D", panels: [panel.stat({ ${opts}, queries: (q) => [{ expr: q.requestRate() }] })] })],`);
    return [
      { name: "a panel without a description", index: stat(`title: "S", unit: "short"`), where: /dashboards\[0\]\.panels\[0\]/, what: /missing required field "description"/ },
      { name: "a panel unit that is no string", index: stat(`title: "S", description: "d", unit: 5`), where: /dashboards\[0\]\.panels\[0\]\.unit/, what: /must be string/ },
      { name: "an empty panel unit", index: stat(`title: "S", description: "d", unit: ""`), where: /dashboards\[0\]\.panels\[0\]\.unit/, what: /must not be empty/ },
      { name: "a typo in a panel option", index: stat(`title: "S", description: "d", unit: "short", widht: 6`), where: /dashboards\[0\]\.panels\[0\]/, what: /unknown field "widht"/ },
      { name: "a panel width of null", index: stat(`title: "S", description: "d", unit: "short", width: null`), where: /dashboards\[0\]\.panels\[0\]\.width/, what: /must be integer/ },
      { name: "an empty panel title", index: stat(`title: "", description: "d", unit: "short"`), where: /dashboard "D" panel ""\.title/, what: /a panel needs a title/ },
      {
        name: "a panel that lists an alert twice",
        index: stat(`title: "S", description: "d", unit: "short", alerts: ["AvailabilityErrorBudgetBurn", "AvailabilityErrorBudgetBurn"]`),
        where: /dashboard "D" panel "S"\.alerts/,
        what: /alert "AvailabilityErrorBudgetBurn" is listed twice/,
      },
    ];
  })(),
  {
    name: "an empty row title",
    index: withProject(`dashboards: [dashboard({ title: "D", rows: [{ title: " ", panels: [] }] })],`),
    where: /dashboard "D" row " "\.title/,
    what: /a row needs a title/,
  },
  // Queries of one's own: regexes checked as DSL matchers are, and something to record.
  {
    name: "an invalid regex in sli.raw errorRatio",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.raw({ errorRatio: 'sum(rate(e{model=~"("}[{{.window}}])) / sum(rate(t[{{.window}}]))' }) })`),
    where: /slos\[0\] "a"\.sli\.errorRatio/,
    what: /the regex "\(" is not a valid regular expression/,
  },
  {
    name: "a lookahead in an errorQuery regex",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.raw({ errorQuery: 'sum(rate(e{model!~"gpt(?!-4)"}[{{.window}}]))', totalQuery: "sum(rate(t[{{.window}}]))" }) })`),
    where: /sli\.errorQuery/,
    what: /lookahead.*RE2/,
  },
  {
    name: "a totalQuery that is only the window placeholder",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.raw({ errorQuery: "sum(rate(e[{{.window}}]))", totalQuery: "{{.window}}" }) })`),
    where: /slos\[0\] "a"\.sli\.totalQuery/,
    what: /the query selects no series/,
  },
  {
    name: "an invalid regex in a timeslice query",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.timeslice({ measure: { query: "avg_over_time(q{m=~'['}[{{.window}}])" }, op: "<", threshold: 1 }) })`),
    where: /sli\.measure\.query/,
    what: /the regex "\[" is not a valid regular expression/,
  },
  {
    name: "an empty unit of a timeslice query",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.timeslice({ measure: { query: "avg_over_time(q[{{.window}}])", unit: "" }, op: "<", threshold: 1 }) })`),
    where: /sli\.measure\.unit/,
    what: /the unit is empty/,
  },
  // Numbers no output can hold, wherever they are.
  {
    name: "Infinity as a burn window factor",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { page: { windows: [{ long: "1h", short: "5m", factor: Infinity }] } } })`),
    where: /slos\[0\] "a"\.alerting\.page\.windows\[0\]\.factor/,
    what: /Infinity is not a finite number/,
  },
  {
    name: "Infinity as a monthly budget",
    index: project(`[service({ name: "svc", slos: [${AVAILABILITY}], spendBudget: { monthlyUsd: Infinity } })]`),
    where: /services\[0\] "svc"\.spendBudget\.monthlyUsd/,
    what: /Infinity is not a finite number/,
  },
  {
    name: "NaN as a timeslice threshold",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.timeslice({ measure: "costPerRequest", op: "<", threshold: NaN }) })`),
    where: /slos\[0\] "a"\.sli\.threshold/,
    what: /NaN is not a finite number/,
  },
  {
    name: "-Infinity as a simulator rate",
    index: withProject(`stack: { simulator: { requestsPerSecond: -Infinity } },`),
    where: /stack\.simulator\.requestsPerSecond/,
    what: /-Infinity/,
  },
  // Durations.
  {
    name: "an empty alert window",
    index: withAlert(`alert.errorRate({ name: "E", abovePercent: 5, window: "" })`),
    where: /alerts\[0\] "E"\.window/,
    what: /"" is not a duration/,
  },
  {
    name: "a for longer than Prometheus can hold",
    index: withAlert(`alert.serviceDown({ name: "Down", for: "99999999999999999999d" })`),
    where: /alerts\[0\] "Down"\.for/,
    what: /longer than Prometheus and Alertmanager can hold/,
  },
  // Severities route alerts.
  {
    name: "an empty tier severity",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { page: { severity: "" } } })`),
    where: /slos\[0\] "a"\.alerting\.page\.severity/,
    what: /the severity is empty/,
  },
  {
    name: "a template as a tier severity",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { ticket: { severity: "{{ $value }}" } } })`),
    where: /alerting\.ticket\.severity/,
    what: /is a template/,
  },
  {
    name: "U+2028 in a tier severity",
    index: withSlo(`slo({ name: "a", objective: 99, sli: sli.availability(), alerting: { page: { severity: "a\\u2028b" } } })`),
    where: /alerting\.page\.severity/,
    what: /U\+2028/,
  },
  {
    name: "an empty threshold alert severity",
    index: withAlert(`alert.serviceDown({ name: "Down", severity: "" })`),
    where: /alerts\[0\] "Down"\.severity/,
    what: /the severity is empty/,
  },
  {
    name: "an empty spend budget severity",
    index: project(`[service({ name: "svc", slos: [${AVAILABILITY}], spendBudget: { monthlyUsd: 100, severity: "" } })]`),
    where: /services\[0\] "svc"\.spendBudget\.severity/,
    what: /the severity is empty/,
  },
  {
    name: "a latency alert above 0 seconds",
    index: withAlert(`alert.latencyQuantile({ name: "Slow", quantile: 0.95, above: 0 })`),
    where: /alerts\[0\] "Slow"\.above/,
    what: /above 0 seconds is always true/,
  },
  // Receivers and the stack.
  ...((): Case[] => {
    const mail = (fields: string) =>
      withProject(`stack: { alerting: { receivers: [{ kind: "email", name: "mail", ${fields} }], routes: { page: "mail" }, defaultReceiver: "mail" } },`);
    const ok = { to: `to: "oncall@example.com"`, from: `from: "llmops@example.com"`, smarthost: `smarthost: "smtp.example.com:587"` };
    const withField = (field: keyof typeof ok, value: string) => mail(Object.entries({ ...ok, [field]: `${field}: ${value}` }).map(([, v]) => v).join(", "));
    return [
      { name: "an empty email to", index: withField("to", `""`), where: /stack\.alerting\.receivers\[0\]\.to/, what: /to is empty/ },
      { name: "an email from without @", index: withField("from", `"llmops"`), where: /stack\.alerting\.receivers\[0\]\.from/, what: /"llmops" is not an email address/ },
      { name: "an empty smarthost", index: withField("smarthost", `""`), where: /stack\.alerting\.receivers\[0\]\.smarthost/, what: /smarthost is empty/ },
      { name: "a smarthost without a port", index: withField("smarthost", `"smtp.example.com"`), where: /receivers\[0\]\.smarthost/, what: /is not host:port/ },
      { name: "an empty SMTP password secret", index: mail(`${Object.values(ok).join(", ")}, authUsername: "u", authPasswordSecret: ""`), where: /receivers\[0\]\.authPasswordSecret/, what: /authPasswordSecret is empty/ },
      { name: "U+2028 in an SMTP user name", index: mail(`${Object.values(ok).join(", ")}, authUsername: "u\\u2028v"`), where: /stack\.alerting\.receivers\[0\]\.authUsername/, what: /U\+2028/ },
    ];
  })(),
  {
    name: "an empty Slack channel",
    index: withProject(`stack: { alerting: { receivers: [{ kind: "slack", name: "chat", channel: "" }], routes: { page: "chat" } } },`),
    where: /stack\.alerting\.receivers\[0\]\.channel/,
    what: /channel is empty/,
  },
  {
    name: "a zero repeat interval, which Alertmanager refuses",
    index: withProject(`stack: { alerting: { repeatInterval: "0s" } },`),
    where: /stack\.alerting\.repeatInterval/,
    what: /repeatInterval cannot be zero/,
  },
  {
    name: "an empty default receiver",
    index: withProject(`stack: { alerting: { defaultReceiver: "" } },`),
    where: /stack\.alerting\.defaultReceiver/,
    what: /the default receiver is empty/,
  },
  {
    name: "a PrometheusRule label key with a space",
    index: withProject(`outputs: { prometheusOperator: { labels: { "bad key": "x" } } },`),
    where: /outputs\.prometheusOperator\.labels\.bad key/,
    what: /"bad key" is not a Kubernetes label key/,
  },
  {
    name: "an empty PrometheusRule label key",
    index: withProject(`outputs: { prometheusOperator: { labels: { "": "x" } } },`),
    where: /outputs\.prometheusOperator\.labels\./,
    what: /"" is not a Kubernetes label key/,
  },
  {
    name: "a PrometheusRule label value Kubernetes refuses",
    index: withProject(`outputs: { prometheusOperator: { labels: { "example.com/team": "-x" } } },`),
    where: /outputs\.prometheusOperator\.labels\.example\.com\/team/,
    what: /"-x" is not a Kubernetes label value/,
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
