/**
 * Dashboard specs → dashboards of the model: uids derived and checked, variables resolved
 * against the conventions, every panel built once into plain Grafana data with a stable id.
 */
import type { Panel } from "@grafana/grafana-foundation-sdk/dashboard";
import { UserError } from "../errors.ts";
import type { DashboardSpec, VariableName } from "../dsl/dashboard.ts";
import { queries, variableLabel, type Queries, type TraceStore } from "../vocabulary/queries.ts";
import { oneSidedFilters } from "../promql/ratioFilters.ts";
import { sourceOf } from "../dsl/source.ts";
import { findMetric, seriesName, type Conventions } from "../vocabulary/conventions.ts";
import { FILE_NAME_MAX, shortHash as hash, UID_MAX } from "./names.ts";
import type { Service } from "./types.ts";
import { memo } from "../memo.ts";

export interface DashboardVariable {
  name: VariableName;
  label: string;
  /** `label_values(series, label)`. */
  query: string;
}

export interface DashboardPanel {
  id: number;
  title: string;
  width: number;
  height: number;
  alerts: string[];
  /** The built panel, without id and position. */
  panel: Panel;
}

export interface DashboardRow {
  id: number;
  title: string;
  repeat?: VariableName;
  collapsed: boolean;
}

/** Panels above the first row have no row. */
export interface DashboardSection {
  row?: DashboardRow;
  panels: DashboardPanel[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  folder: string;
  tags: string[];
  refresh: string;
  time: { from: string; to: string };
  variables: DashboardVariable[];
  sections: DashboardSection[];
  /** Header links, besides the dropdown of every llmops dashboard. */
  links: { title: string; url: string }[];
  source: string;
}

const UID = /^[a-zA-Z0-9_-]+$/;
const FOLDER = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
/** Grafana's auto-refresh: a whole number and one unit; "" turns it off. */
const REFRESH = /^(?:[1-9][0-9]*(?:s|m|h|d))?$/;
/** Grafana's relative time (`now`, `now-6h`, `now/d`, `now-1d/d`) or an ISO date. */
const TIME = /^(?:now(?:-[1-9][0-9]*[smhdwMy])?(?:\/[smhdwMy])?|\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)$/;
const DEFAULT_VARIABLES: VariableName[] = ["service", "model", "provider", "app"];

const uids = new Map<string, string>();
/** `LLMOps Overview` → `llmops-overview`; long names keep a prefix and a hash of the whole. */
export function uidFrom(name: string): string {
  return memo(uids, name, () => slugUid(name));
}

function slugUid(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= UID_MAX) return slug || hash(name);
  return `${slug.slice(0, UID_MAX - 9).replace(/-+$/, "")}-${hash(name)}`;
}

/** `label_values(<series>, <label>)` over the first catalog metric that carries the label. */
function variableFor(c: Conventions, name: VariableName): DashboardVariable | undefined {
  const label = variableLabel(c, name);
  if (!label) return undefined;
  const requests = c.signals.requests.series;
  let carrier: string | undefined;
  if (label === c.labels.service || findMetric(c, requests.metric)?.labels.includes(label)) {
    carrier = seriesName(requests);
  } else {
    const m = c.metrics.find((x) => x.labels.includes(label));
    if (m) carrier = m.type === "histogram" ? `${m.name}_count` : m.name;
  }
  if (!carrier) return undefined;
  return { name, label, query: `label_values(${carrier}, ${label})` };
}

/** Query helpers per conventions and variables, made once: every SLO dashboard asks for the same. */
const helpers = new WeakMap<Conventions, Map<string, Queries>>();
function queriesFor(c: Conventions, variables: VariableName[], traceStore: TraceStore): Queries {
  return memo(memo(helpers, c, () => new Map()), `${variables.join(",")}/${traceStore}`, () => queries(c, variables, traceStore));
}

/** Build one dashboard; problems are collected in `errors`. */
export function buildDashboard(spec: DashboardSpec, c: Conventions, file: string, errors: UserError[], traceStore: TraceStore = "jaeger"): Dashboard | undefined {
  const where = `dashboard "${spec.title}"`;
  const fail = (path: string, what: string, hint: string) => errors.push(new UserError({ file, path: `${where}${path}` }, what, hint));
  const uid = spec.uid ?? uidFrom(spec.title);
  if (!spec.title?.trim()) fail("", "a dashboard needs a title", "give it a title such as \"LLMOps Overview\"");
  if (!UID.test(uid) || uid.length > UID_MAX) {
    fail(".uid", `uid "${uid}" is not a valid Grafana uid`, `use at most ${UID_MAX} letters, digits, dashes and underscores`);
  }
  const folder = spec.folder ?? "LLMOps";
  if (!FOLDER.test(folder) || folder.includes("..") || folder.length > FILE_NAME_MAX) {
    // The directory name is the folder's title in Grafana, so it cannot be shortened with a hash.
    fail(".folder", `folder "${folder}" cannot be a directory name`, `use at most ${FILE_NAME_MAX} letters, digits, spaces, dots, dashes and underscores`);
  }
  const refresh = spec.refresh ?? "30s";
  if (!REFRESH.test(refresh)) fail(".refresh", `"${refresh}" is not a Grafana refresh interval`, "write a number and a unit, such as 30s, 1m or 1h, or \"\" to turn auto-refresh off");
  const time = spec.time ?? { from: "now-1h", to: "now" };
  for (const end of ["from", "to"] as const) {
    if (!TIME.test(time[end])) fail(`.time.${end}`, `"${time[end]}" is not a Grafana time`, "write now, now-6h, now/d or a date such as 2025-01-31");
  }
  const wanted = spec.variables ?? DEFAULT_VARIABLES;
  const variables = wanted.map((v) => variableFor(c, v)).filter((v): v is DashboardVariable => v !== undefined);
  const defined = new Set(variables.map((v) => v.name));
  const q = queriesFor(c, [...defined], traceStore);

  let next = 1;
  const sections: DashboardSection[] = [];
  const groups = [{ row: undefined, panels: spec.panels ?? [] }, ...(spec.rows ?? []).map((r) => ({ row: r, panels: r.panels }))];
  for (const g of groups) {
    if (!g.row && !g.panels.length) continue;
    // Panels whose signal the conventions lack are left out, and a row they all leave with them.
    const shown = g.panels.filter((p) => {
      if (p.when === undefined) return true;
      try {
        return p.when(q);
      } catch (e) {
        fail(` panel "${p.title}".when`, `deciding whether to show the panel failed: ${e instanceof Error ? e.message : String(e)}`, "write when as a test of the conventions, e.g. (q) => q.has(\"tpotBucket\")");
        return false;
      }
    });
    if (g.panels.length && !shown.length) continue;
    const section: DashboardSection = { panels: [] };
    if (g.row) {
      if (g.row.repeat && !defined.has(g.row.repeat)) {
        fail(` row "${g.row.title}".repeat`, `the dashboard has no "${g.row.repeat}" variable to repeat on`, `add "${g.row.repeat}" to its variables, or check that the conventions have that label`);
      }
      if (!g.row.title.trim()) fail(` row "${g.row.title}".title`, "a row needs a title", "give it a title such as \"Latency\"; Grafana shows it as the row's header");
      section.row = { id: next++, title: g.row.title, collapsed: g.row.collapsed ?? false, ...(g.row.repeat ? { repeat: g.row.repeat } : {}) };
    }
    for (const p of shown) {
      const at = ` panel "${p.title}"`;
      if (!p.title.trim()) fail(`${at}.title`, "a panel needs a title", "give it a title such as \"Request rate\"; the panel's link and its alerts' dashboard links name it");
      if (!(Number.isInteger(p.width) && p.width >= 1 && p.width <= 24)) fail(at, `width ${p.width} does not fit the 24-column grid`, "use a whole number from 1 to 24");
      if (!(Number.isInteger(p.height) && p.height >= 1)) fail(at, `height ${p.height} is not a whole number of grid rows`, "use a whole number of at least 1 (8 is a usual graph)");
      const twice = p.alerts.find((a, i) => p.alerts.indexOf(a) !== i);
      if (twice !== undefined) fail(`${at}.alerts`, `alert "${twice}" is listed twice`, "list each alert the panel shows once");
      let panel: Panel;
      q.takeIgnored();
      try {
        panel = p.build(q).build();
      } catch (e) {
        fail(at, `building the panel failed: ${e instanceof Error ? e.message : String(e)}`, "check the panel's queries and builder calls");
        continue;
      }
      // A ratio takes the same filters on both sides: a helper leaves out what one side cannot
      // take and the panel says so; a hand-written one-sided division is refused.
      const ignored = q.takeIgnored();
      if (ignored.size) {
        const which = [...ignored].map(([v, why]) => `$${v} (${why})`).join(", ");
        panel.description = `${panel.description ?? ""} Not filtered by ${which}: a ratio takes the same filters on both sides.`.trim();
      }
      for (const [i, t] of ((panel.targets ?? []) as { expr?: string }[]).entries()) {
        for (const d of oneSidedFilters(t.expr ?? "")) {
          const side = d.numeratorOnly.length ? `its numerator by ${d.numeratorOnly.map((v) => `$${v}`).join(", ")} but not its denominator` : `its denominator by ${d.denominatorOnly.map((v) => `$${v}`).join(", ")} but not its numerator`;
          fail(`${at}.queries[${i}]`, `the division ${d.division} filters ${side}: the panel would divide one selection by another`, "build it with q.ratio(numerator, denominator, by), which filters both sides by the variables both series carry and says which it leaves out");
        }
      }
      if (panel.repeat && !defined.has(panel.repeat as VariableName)) {
        fail(`${at}.repeat`, `the dashboard has no "${panel.repeat}" variable to repeat on`, `add "${panel.repeat}" to its variables`);
      }
      section.panels.push({ id: next++, title: p.title, width: p.width, height: p.height, alerts: p.alerts, panel });
    }
    sections.push(section);
  }
  return {
    uid,
    title: spec.title,
    description: spec.description ?? "",
    folder,
    tags: spec.tags ?? ["llmops"],
    refresh,
    time,
    variables,
    sections,
    links: spec.links ?? [],
    source: file,
  };
}

/**
 * Every dashboard of the project, checked: uids unique, alerts a panel claims exist. Threshold
 * alerts get a link to the first panel that shows them.
 */
export function normalizeDashboards(specs: DashboardSpec[], c: Conventions, entry: string, services: Service[], traceStore: TraceStore = "jaeger"): { dashboards: Dashboard[]; errors: UserError[] } {
  const errors: UserError[] = [];
  const dashboards: Dashboard[] = [];
  const uids = new Map<string, string>();
  for (const spec of specs) {
    const file = sourceOf(spec) ?? entry;
    const d = buildDashboard(spec, c, file, errors, traceStore);
    if (!d) continue;
    if (uids.has(d.uid)) {
      errors.push(new UserError({ file, path: `dashboard "${spec.title}"` }, `uid "${d.uid}" is used by dashboard "${uids.get(d.uid)}" too`, "give one of them a different title or an explicit uid"));
      continue;
    }
    uids.set(d.uid, d.title);
    dashboards.push(d);
  }
  const alerts = services.flatMap((s) => s.alerts);
  const names = new Set([...alerts.map((a) => a.name), ...services.flatMap((s) => s.slos.map((o) => o.alertName))]);
  for (const d of dashboards) {
    for (const p of d.sections.flatMap((s) => s.panels)) {
      for (const name of p.alerts) {
        if (!names.has(name)) {
          errors.push(new UserError({ file: d.source, path: `dashboard "${d.title}" panel "${p.title}".alerts` }, `no alert is named "${name}"`, `alerts are ${[...names].join(", ") || "not defined"}`));
        }
        for (const a of alerts) if (a.name === name && !a.dashboard) a.dashboard = { uid: d.uid, panelId: p.id };
        // A panel that lists an SLO's burn-rate alert shows its signal: the SLO's dashboard links to it.
        for (const slo of services.flatMap((s) => s.slos)) {
          if (slo.alertName === name) slo.sources = [...(slo.sources ?? []), { uid: d.uid, panelId: p.id, title: `${d.title} / ${p.title}` }];
        }
      }
    }
  }
  return { dashboards, errors };
}

/**
 * Whether the Grafana target writes any dashboard: one per definitions dashboard, and an
 * overview and one per SLO for each service with SLOs. The stack mounts and provisions the
 * dashboards folder only then: Grafana reports a provider folder that is not there.
 */
export function hasDashboards(model: { dashboards?: unknown[]; services: Pick<Service, "slos">[] }): boolean {
  return (model.dashboards?.length ?? 0) > 0 || model.services.some((s) => s.slos.length > 0);
}
