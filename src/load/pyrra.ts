/**
 * Pyrra `ServiceLevelObjective` (`pyrra.dev/v1alpha1`) → service specs. Pyrra names metrics, not
 * queries: each selector is read with the Prometheus grammar and the queries Pyrra would run are
 * built with the shared builders, as a raw SLI of bad (or good) and total events:
 *
 * - ratio: `sum by (grouping) (rate(errors[w]))` over `sum by (grouping) (rate(total[w]))`;
 * - latency: the success bucket (its `le` matched as Prometheus 2 and 3 write it) is the good
 *   events, `_count` the total;
 * - bool_gauge: a 0/1 gauge, its samples the events and the 1s the good ones
 *   (`sum_over_time` over `count_over_time`).
 *
 * Pyrra has no service: an SLO is identified by its Kubernetes namespace and name, so the
 * namespace is the service (`default` where none is set, as kubectl would place it).
 */
import type { RawSLISpec, ServiceSpec, SLOAlertingSpec, SLOSpec, TierSpec } from "../dsl/spec.ts";
import { rememberAt } from "../dsl/source.ts";
import { parseDuration } from "../model/duration.ts";
import { annotationProblem, labelProblem, type Problem } from "../model/fieldRules.ts";
import { isLabelName, OBJECT_NAME } from "../model/names.ts";
import type { Selection } from "../model/types.ts";
import { LONGEST_WINDOW_SECONDS } from "../model/windows.ts";
import { textProblem, unsafeChar } from "../model/text.ts";
import { leMatcher, rangeFn, selector, sum, sumRate } from "../promql/build.ts";
import { regexProblem } from "../promql/regex.ts";
import { readSelector } from "../promql/selector.ts";
import { WINDOW } from "./opensloRanges.ts";
import type { PyrraIndicator, PyrraSeverities, PyrraSpec } from "./schemas/pyrra.ts";
import { checkAlertName, checkObjectiveDecimals } from "./translated.ts";
import { docError, docSource, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** Metadata labels and annotations with this prefix are the ones Pyrra copies onto its rules and alerts, the prefix removed. */
const PROPAGATED = "pyrra.dev/";
/** Where kubectl puts an object that names no namespace. */
const DEFAULT_NAMESPACE = "default";

const NAME_HINT = "llmops names are lowercase letters and digits, with single '-' or '_' between, starting with a letter (they become label values, alert and file names): e.g. checkout-availability";

function refuse(d: YamlDoc, parts: PathPart[], p: Problem | undefined): void {
  if (p) throw docError(d, parts, p.what, p.hint);
}

/** Labels (or annotations) under `pyrra.dev/`, the prefix removed, each checked at the key the user wrote. */
function propagated(d: YamlDoc, field: "labels" | "annotations", map: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(map ?? {})) {
    if (!key.startsWith(PROPAGATED)) continue;
    const name = key.slice(PROPAGATED.length);
    refuse(d, ["metadata", field, key], field === "labels" ? labelProblem(name, value, "series label") : annotationProblem(name, value));
    out[name] = value;
  }
  return out;
}

/** `"99.9"` → 99.9: a plain decimal percent, above 1 and below 100, with the decimals the model takes. */
function objective(d: YamlDoc, target: string): number {
  const at = ["spec", "target"];
  if (!/^[0-9]+(\.[0-9]+)?$/.test(target)) throw docError(d, at, `target ${JSON.stringify(target)} is not a decimal percent`, 'write the percent as a quoted decimal, e.g. target: "99.9"');
  const value = Number(target);
  if (!(value > 0 && value < 100)) {
    throw docError(d, at, `target ${target} is out of range`, value >= 100 ? "a target of 100% leaves no error budget to burn: use 99.99 or below" : 'the target is a percent above 0 and below 100, e.g. "99.9"');
  }
  if (value < 1) throw docError(d, at, `target ${target} is ${target}%, not ${Number((value * 100).toFixed(4))}%`, `Pyrra's target is a percent: write "${Number((value * 100).toFixed(4))}" for ${Number((value * 100).toFixed(4))}%`);
  checkObjectiveDecimals(d, at, value, "percent");
  return value;
}

function windowOf(d: YamlDoc, window: string): string {
  const seconds = /^[1-9][0-9]*[dw]$/.test(window) ? parseDuration(window) : undefined;
  if (seconds === undefined) throw docError(d, ["spec", "window"], `window "${window}" is not supported`, "llmops takes SLO windows in whole days or weeks: 7d, 28d, 4w");
  if (seconds <= LONGEST_WINDOW_SECONDS) throw docError(d, ["spec", "window"], `window "${window}" is not longer than the longest alert window (3d)`, "use a window of at least 7d, e.g. 28d");
  return window;
}

/** A selector Pyrra takes as `metric:`, every matcher value checked as Prometheus will read it. */
function selection(d: YamlDoc, at: PathPart[], text: string): Selection {
  const read = readSelector(text);
  if (!read.ok) throw docError(d, at, read.problem, read.hint);
  for (const m of read.selection.matchers) {
    const bad = unsafeChar(m.value);
    if (bad) throw docError(d, at, `the matcher on ${m.label} contains the control or line-separator character ${bad}`, "match plain text; a regex can stand for such characters with an escape such as \\x{2028}");
    const why = m.op === "=~" || m.op === "!~" ? regexProblem(m.value) : undefined;
    if (why) throw docError(d, at, `the regex ${JSON.stringify(m.value)} ${why}`, "Prometheus matches the whole value with RE2 syntax: escape ( ) [ ] . * + ? with a backslash to match them literally");
  }
  return read.selection;
}

function checkGrouping(d: YamlDoc, at: PathPart[], grouping: string[], labels: Record<string, string>, forbidden: string[] = []): string[] {
  grouping.forEach((g, i) => {
    const p = [...at, i];
    if (!isLabelName(g)) throw docError(d, p, `"${g}" cannot be a Prometheus label name`, "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with __");
    if (g.startsWith("llmops_")) throw docError(d, p, `the label "${g}" is set by llmops`, "llmops labels every series it records with llmops_service and llmops_slo: group by your series' own labels");
    if (forbidden.includes(g)) throw docError(d, p, `grouping by ${g} is not possible here`, "the success bucket selects one le and the _count series has none: group by labels both carry");
    if (grouping.indexOf(g) !== i) throw docError(d, p, `"${g}" is listed twice`, "list each label once");
    if (labels[g] !== undefined) throw docError(d, p, `"${g}" is also a label of the SLO (metadata.labels pyrra.dev/${g})`, "the SLO label would overwrite every group's own value: drop one of them");
  });
  return grouping;
}

/**
 * The success bucket with its bound matched as Prometheus 2 (`le="1"`) and 3 (`le="1.0"`) write
 * it. The bound must be written as one of those two, so the series it names are the ones found.
 */
function successBucket(d: YamlDoc, at: PathPart[], sel: Selection): Selection {
  const les = sel.matchers.filter((m) => m.label === "le");
  if (les.length !== 1 || les[0]!.op !== "=") throw docError(d, at, les.length ? 'the le matcher must be one equality, le="<bound>"' : "the success metric has no le matcher", 'select the bucket of the latency bound: a _bucket series with le="0.5"');
  const text = les[0]!.value;
  const bound = Number(text);
  const canonical = String(bound);
  const written = /^[0-9]+(\.[0-9]+)?$/.test(text) && !canonical.includes("e") && (text === canonical || (Number.isInteger(bound) && text === `${canonical}.0`));
  if (!written) throw docError(d, at, `le="${text}" is not a bucket bound llmops can match`, 'write the bound in seconds as Prometheus writes it, e.g. le="0.25" or le="1"; llmops matches both "1" and Prometheus 3\'s "1.0"');
  return { series: sel.series, matchers: [...sel.matchers.filter((m) => m.label !== "le"), leMatcher(bound)] };
}

const same = (a: Selection, b: Selection): boolean => selector(a) === selector(b);

/** The SLI Pyrra would compute, as a raw SLI of bad (or good) and total events over `{{.window}}`. */
function sliOf(d: YamlDoc, ind: PyrraIndicator, labels: Record<string, string>): RawSLISpec {
  const base: PathPart[] = ["spec", "indicator"];
  const kinds = (["ratio", "latency", "latencyNative", "bool_gauge"] as const).filter((k) => ind[k] !== undefined);
  if (kinds.length !== 1) throw docError(d, kinds.length ? [...base, kinds[1]!] : base, kinds.length ? "only one indicator is allowed" : "the SLO has no indicator", "give one of indicator.ratio, indicator.latency or indicator.bool_gauge");
  const kind = kinds[0]!;
  const at = (...p: PathPart[]): PathPart[] => [...base, kind, ...p];
  if (kind === "latencyNative") {
    throw docError(
      d,
      at(),
      "latencyNative (native histograms) is not supported",
      "promtool 2.42, the oldest promtool llmops's output must pass, cannot write native histogram samples in a test's input series, so these rules could never be tested from raw series; use indicator.latency on the classic histogram (success: the _bucket with le, total: _count)",
    );
  }
  const group = (g: string[] | undefined, forbidden?: string[]) => checkGrouping(d, at("grouping"), g ?? [], labels, forbidden);
  if (kind === "ratio") {
    const r = ind.ratio!;
    const errors = selection(d, at("errors", "metric"), r.errors.metric);
    const total = selection(d, at("total", "metric"), r.total.metric);
    if (same(errors, total)) throw docError(d, at("errors", "metric"), "the errors and total metrics are the same", "the errors metric selects only the failed events, e.g. with code=~\"5..\"");
    const by = group(r.grouping);
    return { kind: "raw", errorQuery: sumRate(errors, WINDOW, by), totalQuery: sumRate(total, WINDOW, by) };
  }
  if (kind === "latency") {
    const l = ind.latency!;
    const success = successBucket(d, at("success", "metric"), selection(d, at("success", "metric"), l.success.metric));
    const total = selection(d, at("total", "metric"), l.total.metric);
    const by = group(l.grouping, ["le"]);
    return { kind: "raw", goodQuery: sumRate(success, WINDOW, by), totalQuery: sumRate(total, WINDOW, by) };
  }
  const gauge = selection(d, at("metric"), ind.bool_gauge!.metric);
  const by = group(ind.bool_gauge!.grouping);
  const over = (fn: "sum_over_time" | "count_over_time") => sum(rangeFn(fn, selector(gauge), WINDOW), by);
  return { kind: "raw", goodQuery: over("sum_over_time"), totalQuery: over("count_over_time") };
}

function severity(d: YamlDoc, parts: PathPart[], value: string): void {
  if (value.includes("{{")) throw docError(d, parts, `the severity ${JSON.stringify(value)} is a template`, "Alertmanager routes match the severity as written; give a fixed value such as critical");
  const p = textProblem(value, "alert label");
  if (p) throw docError(d, parts, `the severity ${p.what}`, p.hint);
}

/**
 * Pyrra's four burn-rate pairs are two of llmops's tiers: fast and medium burn page, slow and
 * long-term burn open a ticket. A tier has one severity, so its two pairs must agree.
 */
function tierSeverity(d: YamlDoc, sev: PyrraSeverities, a: keyof PyrraSeverities, b: keyof PyrraSeverities, tier: string): string | undefined {
  const at = (k: string): PathPart[] => ["spec", "alerting", "severities", k];
  const [x, y] = [sev[a] || undefined, sev[b] || undefined];
  if (x !== undefined) severity(d, at(a), x);
  if (y !== undefined) severity(d, at(b), y);
  if (x !== undefined && y !== undefined && x !== y) throw docError(d, at(b), `${b} "${y}" differs from ${a} "${x}"`, `llmops alerts on ${a} and ${b} as one ${tier} tier with one severity: give both the same severity`);
  return x ?? y;
}

function alertingOf(d: YamlDoc, a: NonNullable<PyrraSpec["spec"]["alerting"]> | undefined, annotations: Record<string, string>): SLOAlertingSpec | undefined {
  const at = (...p: string[]): PathPart[] => ["spec", "alerting", ...p];
  const absentHint = "llmops raises no alert of its own for a missing metric: its burn-rate alerts are silent while the total metric is absent, so watch the target with an up or serviceDown alert; set absent: false";
  if (a?.absent === true) throw docError(d, at("absent"), "absent alerts are not supported", absentHint);
  if (a?.absent !== false) {
    if (a?.absentName !== undefined) throw docError(d, at("absentName"), "absent alerts are not supported", absentHint);
    if (a?.severities?.absent) throw docError(d, at("severities", "absent"), "absent alerts are not supported", absentHint);
  }
  if (a?.name !== undefined) checkAlertName(d, at("name"), a.name);
  const sev = a?.severities ?? {};
  const pageSeverity = tierSeverity(d, sev, "fastBurn", "mediumBurn", "page");
  const ticketSeverity = tierSeverity(d, sev, "slowBurn", "longTermBurn", "ticket");
  const off = a?.disabled === true || a?.burnrates === false;
  const tier = (s: string | undefined): TierSpec | undefined => (off ? { disabled: true } : s !== undefined ? { severity: s } : undefined);
  const page = tier(pageSeverity);
  const ticket = tier(ticketSeverity);
  const out: SLOAlertingSpec = {
    ...(a?.name !== undefined ? { name: a.name } : {}),
    ...(Object.keys(annotations).length ? { annotations } : {}),
    ...(page ? { page } : {}),
    ...(ticket ? { ticket } : {}),
  };
  return Object.keys(out).length ? out : undefined;
}

function sloOf(d: YamlDoc): SLOSpec {
  const { metadata, spec } = d.data as PyrraSpec;
  if (!OBJECT_NAME.test(metadata.name)) throw docError(d, ["metadata", "name"], `SLO name "${metadata.name}" cannot be used by llmops`, NAME_HINT);
  if (spec.ruleOutput !== undefined) {
    throw docError(d, ["spec", "ruleOutput"], "ruleOutput is not supported", "it labels the PrometheusRule objects Pyrra splits its rules into; llmops writes one PrometheusRule per service: set outputs.prometheusOperator.labels in llmops.yaml");
  }
  const labels = propagated(d, "labels", metadata.labels);
  const annotations = propagated(d, "annotations", metadata.annotations);
  const alerting = alertingOf(d, spec.alerting, annotations);
  const slo: SLOSpec = {
    name: metadata.name,
    objective: objective(d, spec.target),
    window: windowOf(d, spec.window),
    ...(spec.description ? { description: spec.description } : {}),
    ...(Object.keys(labels).length ? { labels } : {}),
    sli: sliOf(d, spec.indicator, labels),
    ...(alerting ? { alerting } : {}),
  };
  return rememberAt(slo, docSource(d, ["metadata", "name"]));
}

/** Pyrra SLOs as services, one per namespace; two SLOs of one name in one namespace are refused. */
export function pyrraServices(docs: YamlDoc[]): ServiceSpec[] {
  const services = new Map<string, { spec: ServiceSpec; slos: SLOSpec[]; names: Map<string, YamlDoc> }>();
  for (const d of docs) {
    const { metadata } = d.data as PyrraSpec;
    const ns = metadata.namespace ?? DEFAULT_NAMESPACE;
    if (!OBJECT_NAME.test(ns)) throw docError(d, ["metadata", "namespace"], `namespace "${ns}" cannot be used as llmops's service name`, NAME_HINT);
    const slo = sloOf(d);
    let s = services.get(ns);
    if (!s) {
      const slos: SLOSpec[] = [];
      s = { spec: rememberAt({ name: ns, slos }, docSource(d, metadata.namespace !== undefined ? ["metadata", "namespace"] : ["metadata"])), slos, names: new Map() };
      services.set(ns, s);
    }
    const before = s.names.get(slo.name);
    if (before) throw docError(d, ["metadata", "name"], `ServiceLevelObjective "${slo.name}" is defined twice in namespace ${ns}`, `rename one; the other is document ${before.index} of ${before.file}`);
    s.names.set(slo.name, d);
    s.slos.push(slo);
  }
  return [...services.values()].map((s) => s.spec);
}
