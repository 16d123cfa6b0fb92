/**
 * Spec → model. Every semantic check happens here, so compile can assume a sound model; each
 * failure names the file, the object and the field, and says how to fix it.
 */
import { UserError, UserErrors } from "../errors.ts";
import type { BurnWindowSpec, ProjectSpec, SLOAlertingSpec, ServiceSpec, SLISpec, SLOSpec, TierSpec } from "../dsl/spec.ts";
import { countedTokens, type Matcher, seriesName, signalMatchers } from "../vocabulary/conventions.ts";
import { formatDuration, parseDuration } from "./duration.ts";
import { keepsUtf8 } from "../vocabulary/translation.ts";
import { isLabelName, METRIC_NAME, OBJECT_NAME, pascalCase } from "./names.ts";
import { exact, percentToRatio } from "./numbers.ts";
import { alertNameProblem, objectiveDecimalsProblem } from "./fieldRules.ts";
import { unsafeChar } from "./text.ts";
import { checkProjectShape } from "./schema.ts";
import { nonFiniteNumbers, unreported } from "./finite.ts";
import { normalizeDashboards } from "./dashboards.ts";
import { normalizeStack } from "../dsl/stackModel.ts";
import { readsOwnJob } from "./scrape.ts";
import type { BurnWindow, Model, Selection, Service, SLI, SLO, ThresholdAlert, Tier } from "./types.ts";
import { burnWindows, LONGEST_WINDOW_SECONDS, recordingWindows } from "./windows.ts";
import { NOMINAL_SECONDS, timeZoneProblem, type CalendarUnit } from "./calendar.ts";
import { badFromGood, div, eq, leMatcher, withMatchers } from "../promql/build.ts";
import { windowedQueryProblem } from "../promql/query.ts";
import { BUILTIN_WINDOW, Ctx, checkAnnotations, checkDuration, checkLabels, checkRunbookUrl, checkSeverity, eventsSeries, histogramMetric, matchers, needSignal } from "./context.ts";
import { normalizeAlert, spendAlerts } from "./alerts.ts";
import { memo } from "../memo.ts";
import { normalizeOutputs } from "./outputs.ts";
import { sourceOf } from "../dsl/source.ts";
import { priceTableErrors } from "./prices.ts";
import { withSpendFromTokens } from "../vocabulary/prices.ts";

/** The file the project itself was defined in. */
const projectFile = (spec: ProjectSpec, entry: string) => sourceOf(spec) || entry;

const TIER_DEFAULTS = { page: { severity: "page", for: "2m" }, ticket: { severity: "ticket", for: "15m" } } as const;

export interface NormalizeOptions {
  /** `--default-window`: the period of SLOs that give no window, over the project's `defaultWindow`. */
  defaultWindow?: string;
}

/** Check and normalize a project definition; throws every error found, not only the first. */
export function normalize(spec: ProjectSpec, entry: string, opts: NormalizeOptions = {}): Model {
  const nonFinite = nonFiniteNumbers(spec, entry);
  try {
    checkProjectShape(spec, entry);
  } catch (e) {
    if (nonFinite.length && e instanceof UserError) throw new UserErrors([...nonFinite, e]);
    throw e;
  }
  const priceErrors = spec.prices ? priceTableErrors(spec.prices, projectFile(spec, entry)) : [];
  // Spend from tokens only where the conventions record none: a cost metric, where there is one, is what was billed.
  const fromTokens = spec.prices !== undefined && !spec.conventions.signals.cost;
  const prices = fromTokens && !priceErrors.length ? spec.prices : undefined;
  // A table with mistakes still stands for spend, so its errors are not followed by missing-spend ones.
  const conventions = fromTokens ? withSpendFromTokens(spec.conventions) : spec.conventions;
  const ctx = new Ctx(conventions, entry);
  ctx.errors.push(...priceErrors);
  if (spec.prices && !priceErrors.length && spec.conventions.signals.cost) {
    ctx.warnings.push(`the "${spec.conventions.name}" conventions record spend (${seriesName(spec.conventions.signals.cost.series)}): the price table is not used`);
  }
  checkConventions(ctx);
  if (opts.defaultWindow !== undefined) {
    const before = ctx.errors.length;
    sloPeriod(ctx, opts.defaultWindow, "--default-window", JSON.stringify(opts.defaultWindow));
    ctx.defaultWindow = { window: opts.defaultWindow, from: "flag", ok: ctx.errors.length === before };
  } else if (spec.defaultWindow !== undefined) {
    const before = ctx.errors.length;
    sloPeriod(ctx, spec.defaultWindow, ctx.fileOf(spec, entry), "defaultWindow");
    ctx.defaultWindow = { window: spec.defaultWindow, from: "project", ok: ctx.errors.length === before };
  }
  if (!spec.services.length) {
    // Nothing to record, alert on or show: the output would be a stack watching nothing.
    ctx.fail(entry, "services", "the project has no services", "add a service({ name, slos, alerts }); its name is the value of the job label its metrics carry");
  }
  const services: Service[] = [];
  const seen = new Map<string, string>();
  spec.services.forEach((s, i) => {
    const file = ctx.fileOf(s, entry);
    const path = `services[${i}] "${s.name}"`;
    if (!OBJECT_NAME.test(s.name)) {
      ctx.fail(file, path, `service name "${s.name}" cannot be used as a file and label name`, "use lowercase letters, digits and single dashes, e.g. \"llm-agent\"");
      return;
    }
    if (seen.has(s.name)) {
      ctx.fail(file, path, `service "${s.name}" is defined twice`, `rename one of them; the first is ${seen.get(s.name)}`);
      return;
    }
    seen.set(s.name, path);
    services.push(normalizeService(ctx, s, file, path));
  });
  const outputs = normalizeOutputs(ctx, spec.outputs);
  const stacked = normalizeStack(spec.stack, services.map((s) => ({ name: s.name, job: s.job, readsOwnJob: readsOwnJob(s, ctx.conventions.labels.service) })), ctx.entry);
  ctx.errors.push(...stacked.errors);
  const dashed = normalizeDashboards(spec.dashboards ?? [], conventions, entry, services, stacked.stack?.traceStore);
  ctx.errors.push(...dashed.errors);
  ctx.errors.push(...unreported(nonFinite, ctx.errors));
  if (ctx.errors.length === 1) throw ctx.errors[0]!;
  if (ctx.errors.length > 1) throw new UserErrors(ctx.errors);
  defaultPeriodWarning(ctx, services);
  return { name: spec.name, conventions, services, dashboards: dashed.dashboards, warnings: ctx.warnings, ...(outputs ? { outputs } : {}), ...(stacked.stack ? { stack: stacked.stack } : {}), ...(prices ? { prices } : {}) };
}

function checkConventions(ctx: Ctx): void {
  const c = ctx.conventions;
  for (const m of c.metrics) {
    // UTF-8 strategies keep the instruments' own names, which only Prometheus 3 reads.
    const utf8 = keepsUtf8(c.translation ?? "UnderscoreEscapingWithSuffixes");
    if (utf8 ? !m.name || m.name.startsWith("__") : !METRIC_NAME.test(m.name)) {
      ctx.fail(ctx.entry, `conventions.metrics "${m.name}"`, "not a valid Prometheus metric name", utf8 ? "name it with a non-empty name that does not start with __" : "use [a-zA-Z_:][a-zA-Z0-9_:]*, or a UTF-8 translation strategy (Prometheus 3) for dotted names");
    }
    for (const l of m.labels) {
      if (utf8 ? !l || l.startsWith("__") : !isLabelName(l)) ctx.fail(ctx.entry, `conventions.metrics "${m.name}"`, `label "${l}" is not a valid label name`, utf8 ? "label names must not be empty or start with __" : "use [a-zA-Z_][a-zA-Z0-9_]*");
    }
    if (m.type === "histogram") {
      const b = m.buckets ?? [];
      if (!b.length || b.some((x, i) => i > 0 && x <= b[i - 1]!)) {
        ctx.fail(ctx.entry, `conventions.metrics "${m.name}"`, "a histogram needs ascending bucket bounds", "list the bounds the application declares, e.g. [0.5, 1, 3, 5]");
      }
    }
  }
}

function normalizeService(ctx: Ctx, s: ServiceSpec, file: string, path: string): Service {
  const job = s.job ?? s.name;
  const selector = [eq(ctx.conventions.labels.service, job)];
  // Like Sloth's top-level labels: on every series the service's rules record and every alert.
  const labels = checkLabels(ctx, s.labels ?? {}, file, `${path}.labels`, "series label");
  const slos: SLO[] = [];
  const alertNames = new Map<string, string>();
  const claim = (name: string, where: string, f: string): boolean => {
    if (alertNames.has(name)) {
      ctx.fail(f, where, `alert name "${name}" is used twice in service "${s.name}"`, `rename one; the other is ${alertNames.get(name)}`);
      return false;
    }
    alertNames.set(name, where);
    return true;
  };
  const sloNames = new Map<string, string>();
  (s.slos ?? []).forEach((spec, i) => {
    const f = ctx.fileOf(spec, file);
    const p = `${path}.slos[${i}] "${spec.name}"`;
    if (sloNames.has(spec.name)) {
      ctx.fail(f, p, `two SLOs named "${spec.name}" in service "${s.name}"`, `SLO names must be unique within a service; the first is ${sloNames.get(spec.name)}`);
      return;
    }
    sloNames.set(spec.name, p);
    const slo = normalizeSLO(ctx, s.name, selector, labels, spec, f, p);
    if (slo && claim(slo.alertName, p, f)) slos.push(slo);
  });
  const alerts: ThresholdAlert[] = [];
  (s.alerts ?? []).forEach((spec, i) => {
    const f = ctx.fileOf(spec, file);
    const p = `${path}.alerts[${i}] "${spec.name}"`;
    const a = normalizeAlert(ctx, s.name, selector, labels, spec, f, p);
    if (a && claim(a.name, p, f)) alerts.push(a);
  });
  if (s.spendBudget) {
    for (const a of spendAlerts(ctx, s.name, selector, labels, s.spendBudget, file, `${path}.spendBudget`)) {
      if (claim(a.name, `${path}.spendBudget`, file)) alerts.push(a);
    }
  }
  return { name: s.name, job, selector, labels, slos, alerts, source: file };
}

function normalizeSLI(ctx: Ctx, base: Matcher[], spec: SLISpec, file: string, path: string): SLI | undefined {
  const c = ctx.conventions;
  switch (spec.kind) {
    case "ratio": {
      const events = spec.events ?? "requests";
      const ref = eventsSeries(ctx, events, file, `${path}.events`);
      if (!ref) return undefined;
      const filter = [...base, ...matchers(ctx, spec.filter, file, `${path}.filter`)];
      const total: Selection = { series: seriesName(ref), matchers: [...filter, ...(typeof events === "string" ? signalMatchers(c, events) : [])] };
      if (spec.bad && spec.good) {
        ctx.fail(file, path, "a ratio SLI takes bad or good events, not both", "keep the one that is simpler to select");
        return undefined;
      }
      if (spec.rateLimited !== undefined && spec.rateLimited !== "count") return rateLimitedSLI(ctx, spec, total, file, path);
      if (spec.good) return { kind: "events", good: withMatchers(total, matchers(ctx, spec.good, file, `${path}.good`)), total };
      const bad = spec.bad ? matchers(ctx, spec.bad, file, `${path}.bad`) : events === "requests" ? c.signals.requests.errors : undefined;
      if (!bad) {
        ctx.fail(file, path, "a ratio SLI on a custom counter needs `bad` or `good` matchers", "e.g. bad: { status: \"error\" }");
        return undefined;
      }
      return { kind: "events", bad: withMatchers(total, bad), total };
    }
    case "latency": {
      const m = histogramMetric(ctx, spec.histogram, file, `${path}.histogram`);
      if (!m) return undefined;
      if (!m.buckets!.includes(spec.threshold)) {
        ctx.fail(file, `${path}.threshold`, `latency threshold ${spec.threshold}s is not a bucket bound of ${m.name}`, `the SLI counts requests in the bucket le="${spec.threshold}", so it must exist; bounds are ${m.buckets!.join(", ")}`);
        return undefined;
      }
      const filter = [...base, ...matchers(ctx, spec.filter, file, `${path}.filter`)];
      return {
        kind: "events",
        good: { series: `${m.name}_bucket`, matchers: [...filter, leMatcher(spec.threshold)] },
        total: { series: `${m.name}_count`, matchers: filter },
        latency: { histogram: m.name, threshold: spec.threshold },
      };
    }
    case "timeslice": {
      const slice = checkDuration(ctx, spec.slice ?? "5m", file, `${path}.slice`);
      const filter = [...base, ...matchers(ctx, spec.filter, file, `${path}.filter`)];
      const requests = { series: seriesName(c.signals.requests.series), matchers: filter };
      const m = spec.measure;
      if (typeof m === "object") {
        if (spec.filter && Object.keys(spec.filter).length) {
          ctx.fail(file, `${path}.filter`, "a timeslice SLI on your own query cannot apply a filter", "write the matchers into measure.query itself; llmops does not rewrite a query it did not build");
          return undefined;
        }
        if (!/\{\{\s*\.window\s*\}\}/.test(m.query)) {
          ctx.fail(file, `${path}.measure.query`, "the query has no {{.window}} placeholder", "write the range as [{{.window}}] so each slice is measured over its own length");
          return undefined;
        }
        if (!parses(ctx, m.query, file, `${path}.measure.query`)) return undefined;
        if (m.unit === "") {
          ctx.fail(file, `${path}.measure.unit`, "the unit is empty", "give the Grafana unit id the SLO dashboard shows the measure in, e.g. \"s\", \"currencyUSD\", or leave it out for \"short\"");
          return undefined;
        }
        return { kind: "timeslice", measure: { kind: "query", template: m.query }, op: spec.op, threshold: spec.threshold, slice, unit: m.unit ?? "short" };
      }
      if (m === "quality") {
        const quality = needSignal(ctx, "quality", file, `${path}.measure`);
        if (!quality) return undefined;
        return { kind: "timeslice", measure: { kind: "gaugeAvg", name: m, gauge: { series: quality.metric, matchers: filter } }, op: spec.op, threshold: spec.threshold, slice, unit: "short" };
      }
      const numerator = m === "costPerRequest" ? needSignal(ctx, "cost", file, `${path}.measure`)?.series : c.signals.tokens.series;
      if (!numerator) return undefined;
      const counted = m === "costPerRequest" ? [] : [countedTokens(c)];
      return {
        kind: "timeslice",
        measure: { kind: "perRequest", name: m, numerator: { series: seriesName(numerator), matchers: [...filter, ...counted] }, requests },
        op: spec.op,
        threshold: spec.threshold,
        slice,
        unit: m === "costPerRequest" ? "currencyUSD" : "short",
      };
    }
    case "raw": {
      const windowed = (field: "errorRatio" | "errorQuery" | "goodQuery" | "totalQuery", q: string): boolean => {
        if (!/\{\{\s*\.window\s*\}\}/.test(q)) {
          ctx.fail(file, `${path}.${field}`, "the query has no {{.window}} placeholder", "write each range as [{{.window}}]; llmops fills in every alert window");
          return false;
        }
        return parses(ctx, q, file, `${path}.${field}`);
      };
      const { errorRatio, errorQuery, goodQuery, totalQuery } = spec;
      if (errorRatio !== undefined && errorQuery === undefined && goodQuery === undefined && totalQuery === undefined) {
        return windowed("errorRatio", errorRatio) ? { kind: "raw", template: errorRatio } : undefined;
      }
      if (errorRatio !== undefined || (errorQuery === undefined) === (goodQuery === undefined) || totalQuery === undefined) {
        ctx.fail(file, path, "a raw SLI takes errorRatio, or errorQuery (or goodQuery) and totalQuery", "give the error ratio as one query, or the bad (or good) and all events as two");
        return undefined;
      }
      const [field, events, side] = errorQuery !== undefined ? (["errorQuery", errorQuery, "bad"] as const) : (["goodQuery", goodQuery ?? "", "good"] as const);
      if (![windowed(field, events), windowed("totalQuery", totalQuery)].every(Boolean)) return undefined;
      if (events.trim() === totalQuery.trim()) {
        ctx.fail(file, `${path}.totalQuery`, `the ${field === "errorQuery" ? "error" : "good"} and total queries are the same`, `the ${field === "errorQuery" ? "error" : "good"} query selects only the ${side} events, so the ratio is not always ${side === "bad" ? 1 : 0}`);
        return undefined;
      }
      if (side === "good") return { kind: "raw", template: div(badFromGood(events, totalQuery), totalQuery), events: { good: events, total: totalQuery } };
      return { kind: "raw", template: div(events, totalQuery), events: { error: events, total: totalQuery } };
    }
  }
}

const NEGATED = { "=": "!=", "!=": "=", "=~": "!~", "!~": "=~" } as const;

/**
 * An availability SLI that leaves rate-limited requests out (`exclude`: of the errors and the
 * total) or counts only them as bad (`only`).
 */
function rateLimitedSLI(ctx: Ctx, spec: Extract<SLISpec, { kind: "ratio" }>, total: Selection, file: string, path: string): SLI | undefined {
  const c = ctx.conventions;
  if ((spec.events ?? "requests") !== "requests" || spec.bad || spec.good) {
    ctx.fail(file, `${path}.rateLimited`, "rateLimited applies to an availability SLI of the conventions' requests and their error matchers", "leave out events, bad and good (sli.availability({ rateLimited })), or select the requests yourself with sli.ratio");
    return undefined;
  }
  const limited = c.rateLimited;
  if (!limited?.length) {
    ctx.fail(file, `${path}.rateLimited`, `the "${c.name}" conventions cannot tell rate-limited requests from other errors`, "give the preset override.rateLimited: the matchers on the request series that select rate-limited requests");
    return undefined;
  }
  if (spec.rateLimited === "only") return { kind: "events", bad: withMatchers(total, limited), total };
  // Requests that are not rate-limited: one selector holds the opposite of one matcher only.
  if (limited.length > 1) {
    ctx.fail(file, `${path}.rateLimited`, `the "${c.name}" conventions select rate-limited requests with ${limited.length} matchers, whose opposite no single selector holds`, "give the preset override.rateLimited as one matcher, e.g. { label: \"error_type\", op: \"=~\", value: \"429|.*rate.?limit.*\" }");
    return undefined;
  }
  const m = limited[0]!;
  const within = withMatchers(total, [{ ...m, op: NEGATED[m.op] }]);
  return { kind: "events", bad: withMatchers(within, c.signals.requests.errors), total: within };
}

/** A query of the definitions, read with Prometheus' own grammar as validate reads the rules. */
function parses(ctx: Ctx, template: string, file: string, path: string): boolean {
  const bad = unsafeChar(template);
  const p = bad ? { what: `the query contains the control or line-separator character ${bad}`, hint: "write the query on plain lines; a regex can stand for such characters with an escape such as \\x{2028}" } : windowedQueryProblem(template);
  if (!p) return true;
  ctx.fail(file, path, p.what, p.hint);
  return false;
}

function normalizeSLO(ctx: Ctx, service: string, selector: Matcher[], serviceLabels: Record<string, string>, spec: SLOSpec, file: string, path: string): SLO | undefined {
  const before = ctx.errors.length;
  if (!OBJECT_NAME.test(spec.name)) {
    ctx.fail(file, path, `SLO name "${spec.name}" cannot become a rule label and alert name`, "use lowercase letters, digits and single dashes, e.g. \"cost-per-request\"");
  }
  if (!(spec.objective > 0 && spec.objective < 100)) {
    ctx.fail(file, `${path}.objective`, `objective ${spec.objective} is out of range`, "the objective is a percentage strictly between 0 and 100, e.g. 99.5");
  } else {
    const fine = objectiveDecimalsProblem(spec.objective);
    if (fine) ctx.fail(file, `${path}.objective`, fine.what, fine.hint);
  }
  const fallback = ctx.defaultWindow;
  const periodFrom = spec.window !== undefined ? "slo" : fallback.from;
  // A default that is no window was reported once, where it is written.
  const { periodSeconds, calendar } = spec.window !== undefined || fallback.ok ? sloPeriod(ctx, spec.window ?? fallback.window, file, `${path}.window`) : {};
  const sli = normalizeSLI(ctx, selector, spec.sli, file, `${path}.sli`);
  const labels = { ...serviceLabels, ...checkLabels(ctx, spec.labels ?? {}, file, `${path}.labels`, "series label") };
  const runbookUrl = checkRunbookUrl(ctx, spec.runbookUrl, file, `${path}.runbookUrl`);
  const alertLabels = checkLabels(ctx, spec.alerting?.labels ?? {}, file, `${path}.alerting.labels`, "alert label");
  const alertAnnotations = checkAnnotations(ctx, spec.alerting?.annotations ?? {}, file, `${path}.alerting.annotations`);
  const alertName = spec.alerting?.name ?? `${pascalCase(spec.name)}ErrorBudgetBurn`;
  const badName = alertNameProblem(alertName);
  if (badName) ctx.fail(file, `${path}.alerting.name`, badName.what, badName.hint);
  if (ctx.errors.length > before || !sli || periodSeconds === undefined) return undefined;

  const objective = percentToRatio(spec.objective);
  const budget = exact(1 - objective);
  const tiers: Tier[] = [];
  for (const name of ["page", "ticket"] as const) {
    const t: TierSpec = spec.alerting?.[name] ?? {};
    if (t.disabled) continue;
    const windows = (t.windows ? explicitWindows(ctx, t.windows, periodSeconds, budget, file, `${path}.alerting.${name}.windows`) : burnWindows(name, periodSeconds, budget)).filter((w) => {
      if (w.threshold < 1) return true;
      ctx.warnings.push(
        `${file}: ${path}: the ${name} pair ${w.long}/${w.short} needs an error ratio of ${w.threshold} (factor ${w.factor} × budget ${budget}), which cannot happen; it is left out`,
      );
      return false;
    });
    if (!windows.length) continue;
    tiers.push({
      tier: name,
      severity: tierSeverity(ctx, t, alertLabels, name, file, `${path}.alerting`),
      for: checkDuration(ctx, t.for ?? TIER_DEFAULTS[name].for, file, `${path}.alerting.${name}.for`),
      labels: { ...alertLabels, ...checkLabels(ctx, t.labels ?? {}, file, `${path}.alerting.${name}.labels`, "alert label") },
      annotations: { ...alertAnnotations, ...checkAnnotations(ctx, t.annotations ?? {}, file, `${path}.alerting.${name}.annotations`) },
      windows,
    });
  }
  guardLowTraffic(ctx, sli, tiers, spec.alerting?.lowTraffic, file, `${path}.alerting.lowTraffic`);
  if (ctx.errors.length > before) return undefined;
  return {
    service,
    name: spec.name,
    objectivePercent: spec.objective,
    objective,
    budget,
    period: formatDuration(periodSeconds),
    periodSeconds,
    periodFrom,
    ...(calendar ? { calendar } : {}),
    description: spec.description ?? "",
    labels,
    ...(runbookUrl ? { runbookUrl } : {}),
    sli,
    alertName,
    tiers,
    windows: sloWindows(tiers),
    source: file,
  };
}

/**
 * A rolling period in whole days or weeks, or a calendar one (UTC only), and the length its
 * burn-rate factors use: a calendar period's nominal one.
 */
function sloPeriod(ctx: Ctx, window: NonNullable<SLOSpec["window"]>, file: string, path: string): { periodSeconds?: number; calendar?: CalendarUnit } {
  if (typeof window !== "string") {
    const zone = window.timeZone === undefined ? undefined : timeZoneProblem(window.timeZone);
    if (zone) {
      ctx.fail(file, `${path}.timeZone`, zone.what, zone.hint);
      return {};
    }
    return { periodSeconds: NOMINAL_SECONDS[window.calendar], calendar: window.calendar };
  }
  const periodSeconds = parseDuration(window);
  if (periodSeconds === undefined || !/[dw]$/.test(window)) {
    ctx.fail(file, path, `unknown window "${window}"`, 'SLO windows are whole days or weeks: 7d, 28d, 30d, 4w; or a calendar period: { calendar: "month" }');
    return {};
  }
  if (periodSeconds <= LONGEST_WINDOW_SECONDS) {
    ctx.fail(file, path, `window "${window}" is not longer than the longest alert window (3d)`, "use a period of at least 7d");
  }
  return { periodSeconds };
}

/**
 * YAML specs rarely say their period (Sloth's never do, Kuadrant's mean 28d): an SLO of one that
 * fell back to the built-in period is said so, once per run, rather than silently measured
 * over 30 days.
 */
function defaultPeriodWarning(ctx: Ctx, services: Service[]): void {
  const fell = services.flatMap((s) => s.slos.filter((o) => o.periodFrom === "builtin" && /\.ya?ml\b/i.test(o.source)).map((o) => `${s.name}/${o.name}`));
  if (!fell.length) return;
  const shown = fell.length > 3 ? `${fell.slice(0, 3).join(", ")} and ${fell.length - 3} more` : fell.join(", ");
  ctx.warnings.push(
    `${fell.length === 1 ? "1 SLO" : `${fell.length} SLOs`} from YAML specs ${fell.length === 1 ? "gives" : "give"} no window (${shown}): measured over ${BUILTIN_WINDOW}, llmops's default; if they are meant for another period, set defaultWindow in llmops.yaml (or defineProject) or pass --default-window, as Sloth's --default-slo-period`,
  );
}

/** A user's `severity` label replaces the tier default, as it would in Sloth; empty is refused wherever it is written. */
function tierSeverity(ctx: Ctx, t: TierSpec, alertLabels: Record<string, string>, tier: "page" | "ticket", file: string, path: string): string {
  if (t.severity !== undefined) return checkSeverity(ctx, t.severity, file, `${path}.${tier}.severity`);
  const [severity, at] = t.labels?.severity !== undefined ? [t.labels.severity, `${path}.${tier}.labels.severity`] : alertLabels.severity !== undefined ? [alertLabels.severity, `${path}.labels.severity`] : [TIER_DEFAULTS[tier].severity, ""];
  if (severity === "") checkSeverity(ctx, severity, file, at);
  return severity;
}

/** Errors that must never fire a pair on their own, by default: one. */
export const LOW_TRAFFIC_ERRORS = 1;

/**
 * The low-traffic guard: with N events over a pair's long window, k errors give a ratio of
 * k/N, above the pair's threshold (factor × budget) whenever N < k / threshold. So the pair
 * fires only from ceil(k / threshold) events on: below that, k errors alone would page. Only
 * SLIs that count events have the count; a timeslice SLI's ratio is of slices, a fixed number
 * per window, and a raw error-ratio query gives no count, so their pairs stay unguarded.
 */
function guardLowTraffic(ctx: Ctx, sli: SLI, tiers: Tier[], spec: SLOAlertingSpec["lowTraffic"], file: string, path: string): void {
  const counted = sli.kind === "events" || (sli.kind === "raw" && sli.events !== undefined);
  if (spec === false) return;
  if (!counted) {
    if (spec !== undefined) {
      ctx.fail(file, path, `a ${sli.kind === "timeslice" ? "timeslice SLI" : "raw SLI given as one errorRatio query"} counts no events, so it has no low-traffic guard`, sli.kind === "timeslice" ? "leave out lowTraffic: a timeslice SLI's ratio is of slices, a fixed number per window" : "leave out lowTraffic, or give the SLI as errorQuery (or goodQuery) and totalQuery");
    }
    return;
  }
  const errors = spec?.errors ?? LOW_TRAFFIC_ERRORS;
  if (!(Number.isInteger(errors) && errors >= 1)) {
    ctx.fail(file, `${path}.errors`, `errors ${errors} is not a whole number of at least 1`, "the number of errors that alone must never fire a pair, e.g. 1 (the default) or 3");
    return;
  }
  const fixed = new Map<number, number>();
  for (const [window, n] of Object.entries(spec?.minEvents ?? {})) {
    const seconds = parseDuration(window);
    const at = `${path}.minEvents["${window}"]`;
    const longs = [...new Set(tiers.flatMap((t) => t.windows.map((w) => w.long)))];
    if (seconds === undefined || !longs.some((l) => parseDuration(l) === seconds)) {
      ctx.fail(file, at, `"${window}" is not the long window of any of the SLO's window pairs`, `key the minimum by a pair's long window: ${longs.join(", ") || "the SLO has no burn-rate alerts"}`);
      continue;
    }
    if (!(Number.isInteger(n) && n >= 0)) {
      ctx.fail(file, at, `minimum event count ${n} is not a whole number of at least 0`, "the fewest events over the long window at which the pair may fire; 0 turns the guard off for the pair");
      continue;
    }
    fixed.set(seconds, n);
  }
  for (const t of tiers) {
    t.windows = t.windows.map((w) => {
      const min = fixed.get(parseDuration(w.long)!) ?? Math.ceil(exact(errors / w.threshold));
      return min > 0 ? { ...w, minEvents: min } : w;
    });
  }
}

/** Window pairs given explicitly; the short window defaults to 1/12 of the long one. */
function explicitWindows(ctx: Ctx, specs: BurnWindowSpec[], periodSeconds: number, budget: number, file: string, path: string): BurnWindow[] {
  return specs.flatMap((w, i) => {
    const p = `${path}[${i}]`;
    const long = parseDuration(w.long);
    const short = w.short === undefined ? (long === undefined ? undefined : Math.round(long / 12)) : parseDuration(w.short);
    if (!long || !short) {
      ctx.fail(file, p, `"${w.short === undefined ? w.long : `${w.long}/${w.short}`}" is not a window pair`, "write the windows as durations: long 1h (short 5m)");
      return [];
    }
    if (short >= long || long >= periodSeconds) {
      ctx.fail(file, p, `windows ${formatDuration(long)}/${formatDuration(short)} do not fit`, "the short window is shorter than the long one, which is shorter than the SLO period");
      return [];
    }
    if (!(w.factor > 0)) {
      ctx.fail(file, `${p}.factor`, `burn-rate factor ${w.factor} must be positive`, "e.g. 14.4: the budget of 30 days burnt in about 2 days");
      return [];
    }
    const factor = exact(w.factor);
    return [{ budgetPercent: exact(((factor * long) / periodSeconds) * 100), long: formatDuration(long), short: formatDuration(short), factor, threshold: exact(factor * budget) }];
  });
}

/** The workbook's windows plus any explicit ones, shortest first. */
function sloWindows(tiers: Tier[]): string[] {
  const key = tiers.map((t) => t.windows.map((w) => `${w.short}/${w.long}`).join(",")).join(";");
  const windows = memo(windowSets, key, () => {
    const seconds = new Set([...recordingWindows(), ...tiers.flatMap((t) => t.windows.flatMap((w) => [w.short, w.long]))].map((w) => parseDuration(w)!));
    return [...seconds].sort((a, b) => a - b).map(formatDuration);
  });
  return [...windows];
}
/** SLOs share a few sets of alert windows: each set is worked out once. */
const windowSets = new Map<string, string[]>();
