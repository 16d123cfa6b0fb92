/**
 * The numbers test: every panel target of every generated dashboard, evaluated by promtool on
 * the synthetic world of numbersWorld.ts, shows what numbersTable.ts says the engineer should
 * read, once with every variable at All and once at one value. A target without an entry in the
 * table, or an entry without its target, fails the test.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { findTool } from "../../src/validate/tools.ts";
import { cli, tempDir } from "../helpers.ts";
import { MACROS, ONE_VALUE, REPEAT_VALUE, TABLE, type Expectation, type Reading, type Sample } from "./numbersTable.ts";
import { EVAL_TIME, INTERVAL, RAW, RECORDED, inputSeries, rawSeries } from "./numbersWorld.ts";

interface Variable {
  name: string;
  type: string;
  allValue?: string | null;
}
interface Target {
  refId?: string;
  expr?: string;
  datasource?: { type?: string };
}
interface Panel {
  title?: string;
  repeat?: string;
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  uid: string;
  panels?: Panel[];
  templating?: { list?: Variable[] };
}

/** A PromQL target of a dashboard panel. */
interface PanelTarget {
  key: string;
  folder: string;
  expr: string;
  repeat?: string;
  variables: Variable[];
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function panelTargets(root: string): PanelTarget[] {
  const out: PanelTarget[] = [];
  for (const file of walk(root).filter((f) => f.endsWith(".json"))) {
    const d = JSON.parse(readFileSync(file, "utf8")) as Dashboard;
    const variables = (d.templating?.list ?? []).filter((v) => v.type !== "datasource");
    const folder = relative(root, file).split("/")[0]!;
    const visit = (p: Panel) => {
      for (const t of p.targets ?? []) {
        // Trace and log targets (Jaeger, Tempo) carry their own query fields, not PromQL.
        if (typeof t.expr !== "string" || ["jaeger", "tempo", "loki"].includes(t.datasource?.type ?? "")) continue;
        out.push({ key: `${d.uid} | ${p.title ?? ""} | ${t.refId ?? ""}`, folder, expr: t.expr, repeat: p.repeat || undefined, variables });
      }
      for (const c of p.panels ?? []) visit(c);
    };
    for (const p of d.panels ?? []) visit(p);
  }
  return out;
}

const escapeRegex = (s: string) => s.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");

/** The query as Grafana sends it: macros and variables replaced, or why it cannot be. */
function substitute(t: PanelTarget, variant: "all" | "one"): string {
  let expr = t.expr;
  for (const v of t.variables) {
    let value: string;
    if (variant === "one") {
      const one = ONE_VALUE[v.name];
      if (one === undefined) throw new Error(`${t.key}: ONE_VALUE has no value for $${v.name}`);
      // A single value of a multi-value or All variable goes into the regex escaped.
      value = escapeRegex(one);
    } else if (t.repeat === v.name) {
      const copy = REPEAT_VALUE[v.name];
      if (copy === undefined) throw new Error(`${t.key}: repeated over $${v.name}, which REPEAT_VALUE does not name`);
      value = escapeRegex(copy);
    } else {
      if (v.allValue == null) throw new Error(`${t.key}: $${v.name} has no allValue`);
      value = v.allValue;
    }
    // PromQL strings are double-quoted: a backslash of the regex is written twice.
    const written = value.replaceAll("\\", "\\\\");
    expr = expr.replace(new RegExp(`\\$\\{${v.name}\\}|\\$${v.name}(?![A-Za-z0-9_])`, "g"), () => written);
  }
  for (const [macro, value] of Object.entries(MACROS)) expr = expr.replace(new RegExp(`\\$\\{?${macro.slice(1)}\\}?(?![A-Za-z0-9_])`, "g"), value);
  const left = /\$\{?\w+/.exec(expr);
  if (left) throw new Error(`${t.key}: ${left[0]} is neither a dashboard variable nor a macro the test knows`);
  return expr;
}

const usesVariable = (t: PanelTarget) => t.variables.some((v) => new RegExp(`\\$\\{${v.name}\\}|\\$${v.name}(?![A-Za-z0-9_])`).test(t.expr));

const samples = (r: Reading): Sample[] => (typeof r === "number" ? [{ labels: {}, value: r }] : r);

/**
 * promtool compares values exactly: the query and the expectation are both rounded to 7
 * significant digits of the smallest value expected, by the same floating-point steps.
 */
function rounded(expr: string, expected: Sample[]) {
  const finite = expected.map((s) => Math.abs(s.value)).filter((v) => v > 0 && Number.isFinite(v));
  const digits = finite.length ? 6 - Math.floor(Math.log10(Math.min(...finite))) : 6;
  if (digits >= 0) {
    const k = 10 ** digits;
    return { expr: `round((${expr}) * ${k}) / ${k}`, values: expected.map((s) => Math.floor(s.value * k + 0.5) / k) };
  }
  const k = 10 ** -digits;
  return { expr: `round((${expr}) / ${k}) * ${k}`, values: expected.map((s) => Math.floor(s.value / k + 0.5) * k) };
}

const labelText = (labels: Record<string, string>) =>
  `{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;

/** The test group of the world without llmops's recordings and alerts. */
const UNLOADED = "dashboards before the rules are loaded";

interface Case {
  what: string;
  /** A dashboard folder, or UNLOADED. */
  group: string;
  expr: string;
  expected: Sample[];
}

describe("every dashboard panel shows the right number", async () => {
  const out = join(tempDir(), "out");
  const gen = await cli(["generate", "--out", out]);
  const targets = gen.code === 0 ? panelTargets(join(out, "grafana/dashboards")) : [];

  it("the bundled definitions generate", () => {
    expect(gen.code, gen.stderr).toBe(0);
    expect(targets.length).toBeGreaterThan(100);
  });

  it("every panel target has a reading in the table, and every reading a target", () => {
    const keys = new Set(targets.map((t) => t.key));
    const twice = targets.filter((t, i) => targets.findIndex((u) => u.key === t.key) !== i).map((t) => t.key);
    expect(twice, "panels of one dashboard share a title and refId: the table cannot tell them apart").toEqual([]);
    const missing = targets.filter((t) => !TABLE.has(t.key)).map((t) => `${t.key}: ${t.expr}`);
    expect(missing, "panel targets without a reading in test/grafana/numbersTable.ts").toEqual([]);
    const stale = [...TABLE.keys()].filter((k) => !keys.has(k));
    expect(stale, "readings in test/grafana/numbersTable.ts whose panel target no longer exists").toEqual([]);
  });

  it("a reading names the value at one selection exactly when the query takes a variable", () => {
    const problems: string[] = [];
    for (const t of targets) {
      const e = TABLE.get(t.key);
      if (!e) continue;
      if (usesVariable(t) && e.one === undefined) problems.push(`${t.key} takes a variable: give its reading at one value`);
      if (!usesVariable(t) && e.one !== undefined && JSON.stringify(e.one) !== JSON.stringify(e.all)) problems.push(`${t.key} takes no variable, yet reads differently at one value`);
    }
    expect(problems).toEqual([]);
  });

  it(
    "promtool reads every expected number on the synthetic series, and none before the rules are loaded",
    () => {
      const one = Object.entries(ONE_VALUE)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      const cases: Case[] = [];
      for (const t of targets) {
        const e: Expectation | undefined = TABLE.get(t.key);
        if (!e) continue;
        cases.push({ what: `${t.key} (All)`, group: t.folder, expr: substitute(t, "all"), expected: samples(e.all) });
        if (usesVariable(t) && e.one !== undefined) cases.push({ what: `${t.key} (${one})`, group: t.folder, expr: substitute(t, "one"), expected: samples(e.one) });
        // Before llmops's rules are loaded, a panel that reads only their recordings and alerts
        // shows No data: never a green 0 alerts or a 100% SLI.
        if (RECORDED.test(t.expr) && !RAW.test(t.expr)) cases.push({ what: `${t.key} (rules not loaded)`, group: UNLOADED, expr: substitute(t, "all"), expected: [] });
      }
      expect(cases.length).toBeGreaterThan(100);
      const loaded = inputSeries();
      const tests = [...new Set(cases.map((c) => c.group))].map((group) => ({
        name: group === UNLOADED ? group : `dashboards in ${group}`,
        interval: INTERVAL,
        input_series: group === UNLOADED ? rawSeries() : loaded,
        promql_expr_test: cases.flatMap((c, i) => {
          if (c.group !== group) return [];
          const r = rounded(c.expr, c.expected);
          return [{ expr: `${r.expr}\n# numbers case ${i}`, eval_time: EVAL_TIME, exp_samples: c.expected.map((s, j) => ({ labels: labelText(s.labels), value: r.values[j] })) }];
        }),
      }));
      const file = join(tempDir(), "numbers.test.yaml");
      writeFileSync(file, stringify({ rule_files: [], evaluation_interval: INTERVAL, tests }, { lineWidth: 0 }));
      const r = spawnSync(findTool("promtool"), ["test", "rules", file], { encoding: "utf8", timeout: 60_000 });
      expect(r.error, "promtool ran within its deadline").toBeUndefined();
      const output = r.stdout + r.stderr;
      const failures = output
        .split(/\n(?= {4}expr: )/)
        .map((chunk) => ({ chunk, id: /# numbers case (\d+)/.exec(chunk)?.[1] }))
        .filter((f) => f.id !== undefined)
        .map((f) => `${cases[Number(f.id)]!.what}\n${f.chunk.trim()}`);
      expect(failures, `panels showing a wrong number (test file ${file})`).toEqual([]);
      expect(r.status, output).toBe(0);
    },
    90_000,
  );
});
