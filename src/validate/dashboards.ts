/**
 * Dashboard lint over the generated Grafana JSON, as CI sees it: identity, queries, variables,
 * the datasource variable, panel ids, overlaps, and the text every panel needs.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { TRACE_DATASOURCES } from "../dsl/dashboardPanel.ts";
import { catalogSeries } from "../vocabulary/conventions.ts";
import { UID_MAX } from "../model/names.ts";
import { analyze, parseError } from "../promql/parse.ts";
import { listFiles } from "../write/index.ts";
import { ruleFilesIn } from "./promqlRules.ts";
import { fail, pass, type Check, type CheckResult, type ValidateContext } from "./types.ts";
import { isBuiltin, substitute, variableRefs } from "../promql/grafanaVariables.ts";

interface Target {
  expr?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}
interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface LintPanel {
  id?: number;
  type?: string;
  title?: string;
  description?: string;
  datasource?: { type?: string; uid?: string };
  gridPos?: GridPos;
  targets?: Target[];
  fieldConfig?: { defaults?: { unit?: string } };
  panels?: LintPanel[];
  repeat?: string;
}
export interface LintDashboard {
  uid?: string;
  title?: string;
  dashboard?: unknown;
  templating?: { list?: { name: string; type?: string; query?: unknown; datasource?: { uid?: string } }[] };
  panels?: LintPanel[];
}

/** Series Prometheus itself writes. */
const PROMETHEUS_SERIES = ["ALERTS", "ALERTS_FOR_STATE"];
const RATE_FNS = new Set(["rate", "irate", "increase"]);

export function dashboardFilesIn(outDir: string): string[] {
  return listFiles(outDir).filter((f) => /^grafana\/dashboards\/.*\.json$/.test(f));
}

/** Every panel, including those inside collapsed rows. */
export function allPanels(d: LintDashboard): LintPanel[] {
  return (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
}

const isRow = (p: LintPanel) => p.type === "row";
const usesDatasourceVar = (ds: { uid?: string } | undefined) => ds?.uid === "${datasource}" || ds?.uid === "$datasource";
/** A trace panel queries the provisioned trace store, whose queries are not PromQL. */
const isTraceDatasource = (ds: { type?: string; uid?: string } | undefined) => Object.values(TRACE_DATASOURCES).some((t) => t.type === ds?.type && t.uid === ds.uid);

function name(d: LintDashboard, p?: LintPanel): string {
  const dash = `dashboard "${d.title ?? "?"}" (${d.uid ?? "no uid"})`;
  return p ? `${dash} panel "${p.title ?? "?"}" (id ${p.id ?? "none"})` : dash;
}

type Lint = (d: LintDashboard, ctx: LintContext) => string[];
interface LintContext {
  known: Set<string>;
  counters: Set<string>;
  conventions: string;
}

/** uid and title, the bare model (not the `{"dashboard": …}` API wrapper). */
export const lintIdentity: Lint = (d) => {
  const out: string[] = [];
  if (d.dashboard !== undefined) out.push(`${name(d)}: the file wraps the dashboard in {"dashboard": …}; provisioning needs the bare dashboard model`);
  if (!d.uid) out.push(`${name(d)}: no uid`);
  else if (d.uid.length > UID_MAX || !/^[a-zA-Z0-9_-]+$/.test(d.uid)) out.push(`${name(d)}: uid "${d.uid}" is not a valid Grafana uid (at most ${UID_MAX} letters, digits, - and _)`);
  if (!d.title?.trim()) out.push(`${name(d)}: no title`);
  return out;
};

/** Queries parse, name known metrics, and take rate/increase of counters only. */
export const lintQueries: Lint = (d, ctx) => {
  const out: string[] = [];
  for (const p of allPanels(d)) {
    for (const t of p.targets ?? []) {
      if (t.expr === undefined) continue;
      const expr = substitute(t.expr);
      const err = parseError(expr);
      if (err) {
        out.push(`${name(d, p)}: ${err}`);
        continue;
      }
      for (const s of analyze(expr).selectors) {
        if (!s.name) continue;
        if (!ctx.known.has(s.name)) {
          out.push(`${name(d, p)}: metric "${s.name}" is neither in the "${ctx.conventions}" conventions nor recorded by a rule`);
        } else if (s.rangeFn && RATE_FNS.has(s.rangeFn) && !ctx.counters.has(s.name)) {
          out.push(`${name(d, p)}: ${s.rangeFn}() of "${s.name}", which is not a counter or histogram series`);
        }
      }
    }
  }
  return out;
};

/** Every `$variable` is defined; every panel and target queries the datasource variable. */
export const lintVariables: Lint = (d) => {
  const out: string[] = [];
  const vars = d.templating?.list ?? [];
  const defined = new Set(vars.map((v) => v.name));
  const ds = vars.find((v) => v.name === "datasource");
  if (!ds || ds.type !== "datasource" || ds.query !== "prometheus") out.push(`${name(d)}: no "datasource" variable of type prometheus`);
  for (const v of vars) {
    if (typeof v.query === "string") for (const r of variableRefs(v.query)) if (!isBuiltin(r) && !defined.has(r)) out.push(`${name(d)}: variable "${v.name}" uses undefined variable $${r}`);
  }
  for (const p of allPanels(d)) {
    const texts = [p.title ?? "", p.repeat ? `$${p.repeat}` : "", ...(p.targets ?? []).flatMap((t) => [t.expr ?? "", t.legendFormat ?? ""])];
    const undefinedRefs = new Set(texts.flatMap(variableRefs).filter((r) => !r.startsWith("__") && !defined.has(r)));
    for (const r of undefinedRefs) out.push(`${name(d, p)}: uses undefined variable $${r}`);
    if (isRow(p)) continue;
    if (isTraceDatasource(p.datasource)) {
      (p.targets ?? []).forEach((t, i) => {
        if (t.datasource && !isTraceDatasource(t.datasource)) out.push(`${name(d, p)}: target ${i + 1} does not query the trace datasource of its panel`);
      });
      continue;
    }
    if (!usesDatasourceVar(p.datasource)) out.push(`${name(d, p)}: does not query the datasource variable (\${datasource})`);
    (p.targets ?? []).forEach((t, i) => {
      if (t.datasource && !usesDatasourceVar(t.datasource)) out.push(`${name(d, p)}: target ${i + 1} does not query the datasource variable`);
    });
  }
  return out;
};

const overlaps = (a: GridPos, b: GridPos) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Unique ids, no overlapping panels, and title, description and unit on every panel. */
export const lintPanels: Lint = (d) => {
  const out: string[] = [];
  const ids = new Map<number, LintPanel>();
  const panels = allPanels(d);
  for (const p of panels) {
    if (p.id === undefined) out.push(`${name(d, p)}: no id`);
    else if (ids.has(p.id)) out.push(`${name(d, p)}: id ${p.id} is also used by panel "${ids.get(p.id)!.title}"`);
    else ids.set(p.id, p);
    if (!p.gridPos) out.push(`${name(d, p)}: no gridPos`);
    else if (p.gridPos.x < 0 || p.gridPos.w < 1 || p.gridPos.x + p.gridPos.w > 24) out.push(`${name(d, p)}: does not fit the 24-column grid`);
    if (isRow(p)) continue;
    if (!p.title?.trim()) out.push(`${name(d, p)}: no title`);
    if (!p.description?.trim()) out.push(`${name(d, p)}: no description`);
    if (!p.fieldConfig?.defaults?.unit) out.push(`${name(d, p)}: no unit`);
  }
  // Panels of a collapsed row are laid out for when it opens; they never share the screen with the rest.
  const top = (d.panels ?? []).filter((p) => p.gridPos);
  for (let i = 0; i < top.length; i++) {
    for (let j = i + 1; j < top.length; j++) {
      if (overlaps(top[i]!.gridPos!, top[j]!.gridPos!)) out.push(`${name(d, top[j])}: overlaps panel "${top[i]!.title}" (id ${top[i]!.id})`);
    }
  }
  return out;
};

function lintContext(ctx: ValidateContext): LintContext {
  const catalog = catalogSeries(ctx.model.conventions);
  const known = new Set([...catalog.keys(), ...PROMETHEUS_SERIES]);
  const counters = new Set([...catalog].filter(([, v]) => v.counter).map(([k]) => k));
  for (const f of ruleFilesIn(ctx.outDir)) {
    const doc = parse(readFileSync(join(ctx.outDir, f), "utf8")) as { groups?: { rules?: { record?: string }[] }[] } | null;
    for (const g of doc?.groups ?? []) for (const r of g.rules ?? []) if (r.record) known.add(r.record);
  }
  return { known, counters, conventions: ctx.model.conventions.name };
}

function dashboardCheck(check: string, lint: Lint, passMessage: string): Check {
  return (ctx) => {
    const files = dashboardFilesIn(ctx.outDir);
    const lc = lintContext(ctx);
    const results: CheckResult[] = [];
    for (const f of files) {
      let d: LintDashboard;
      try {
        d = JSON.parse(readFileSync(join(ctx.outDir, f), "utf8")) as LintDashboard;
      } catch (e) {
        results.push(fail(check, f, `not JSON: ${e instanceof Error ? e.message : String(e)}`));
        continue;
      }
      const problems = lint(d, lc);
      results.push(problems.length ? fail(check, f, problems.join("\n")) : pass(check, f, passMessage));
    }
    return results;
  };
}

export const dashboardIdentity = dashboardCheck("dashboard identity", lintIdentity, "has a uid and a title");
export const dashboardQueries = dashboardCheck("dashboard queries", lintQueries, "queries parse, name known metrics, rate counters only");
export const dashboardVariables = dashboardCheck("dashboard variables", lintVariables, "variables defined, datasource variable used");
export const dashboardPanels = dashboardCheck("dashboard panels", lintPanels, "ids unique, no overlaps, every panel titled, described, with a unit");

/** Dashboard uids are unique across files (Grafana keeps only one). */
export const dashboardUids: Check = (ctx) => {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const f of dashboardFilesIn(ctx.outDir)) {
    const uid = (JSON.parse(readFileSync(join(ctx.outDir, f), "utf8")) as LintDashboard).uid;
    if (!uid) continue;
    if (seen.has(uid)) problems.push(`uid "${uid}" is used by ${seen.get(uid)} and ${f}`);
    else seen.set(uid, f);
  }
  return [problems.length ? fail("dashboard uids", "grafana/dashboards", problems.join("\n")) : pass("dashboard uids", "grafana/dashboards", `${seen.size} dashboards, uids unique`)];
};

export const DASHBOARD_CHECKS: Check[] = [dashboardIdentity, dashboardUids, dashboardQueries, dashboardVariables, dashboardPanels];
