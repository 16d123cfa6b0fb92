/**
 * Sloth `prometheus/v1` → service spec. Sloth's own checks apply first (names, window
 * placeholder, distinct queries, PromQL that parses); the result compiles like any TypeScript
 * definition.
 */
import type { RawSLISpec, ServiceSpec, SLOSpec, TierSpec } from "../dsl/spec.ts";
import { rememberAt } from "../dsl/source.ts";
import { fillWindow } from "../promql/build.ts";
import { queryProblem } from "../promql/query.ts";
import type { SlothAlertMeta, SlothSpec } from "./schemas/sloth.ts";
import { checkAlertName, checkAnnotations, checkLabels, checkObjectiveDecimals } from "./translated.ts";
import { docError, docSource, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** Sloth's name rule: alphanumerics at both ends, `.`, `_` and `-` inside. */
const SLOTH_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$|^[A-Za-z0-9]$/;
const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/;

function checkQuery(d: YamlDoc, parts: PathPart[], query: string): void {
  if (!WINDOW_PLACEHOLDER.test(query)) {
    throw docError(d, parts, "the query has no {{.window}} placeholder", "write each range as [{{.window}}]; every alert window is filled in");
  }
  const problem = queryProblem(fillWindow(query, "5m"));
  if (problem) throw docError(d, parts, problem.what, problem.hint);
}

function tier(d: YamlDoc, at: PathPart[], meta: SlothAlertMeta | undefined): TierSpec | undefined {
  if (!meta) return undefined;
  checkLabels(d, [...at, "labels"], meta.labels, "alert label");
  checkAnnotations(d, [...at, "annotations"], meta.annotations);
  return {
    ...(meta.disable ? { disabled: true } : {}),
    ...(meta.labels ? { labels: meta.labels } : {}),
    ...(meta.annotations ? { annotations: meta.annotations } : {}),
  };
}

export function slothService(d: YamlDoc): ServiceSpec {
  const spec = d.data as SlothSpec;
  if (!SLOTH_NAME.test(spec.service)) throw docError(d, ["service"], `service name "${spec.service}" is not valid`, "Sloth names start and end with a letter or digit and contain only letters, digits, '.', '_' and '-'");
  checkLabels(d, ["labels"], spec.labels, "series label");
  const slos = spec.slos.map((s, i): SLOSpec => {
    const at = (...p: PathPart[]): PathPart[] => ["slos", i, ...p];
    if (!SLOTH_NAME.test(s.name)) throw docError(d, at("name"), `SLO name "${s.name}" is not valid`, "Sloth names start and end with a letter or digit and contain only letters, digits, '.', '_' and '-'");
    if (!(s.objective > 0 && s.objective <= 100)) throw docError(d, at("objective"), `objective ${s.objective} is out of range`, "Sloth objectives are percentages: >0 and <=100, e.g. 99.9");
    checkObjectiveDecimals(d, at("objective"), s.objective, "percent");
    checkLabels(d, at("labels"), s.labels, "series label");
    if (s.sli.plugin || s.plugins) {
      throw docError(d, at(s.sli.plugin ? "sli" : "plugins", ...(s.sli.plugin ? ["plugin"] : [])), "Sloth SLI plugins are not supported", "write the plugin's queries as sli.events (error_query, total_query) or sli.raw");
    }
    const kinds = [s.sli.events, s.sli.raw].filter(Boolean).length;
    if (kinds !== 1) throw docError(d, at("sli"), kinds ? "only one SLI type is allowed" : "at least one SLI type is required", "give sli.events (error_query and total_query) or sli.raw (error_ratio_query)");
    let sli: RawSLISpec;
    if (s.sli.events) {
      const { error_query, total_query } = s.sli.events;
      if (error_query === total_query) throw docError(d, at("sli", "events", "total_query"), "the error and total queries are the same", "the error query selects only the bad events");
      checkQuery(d, at("sli", "events", "error_query"), error_query);
      checkQuery(d, at("sli", "events", "total_query"), total_query);
      sli = { kind: "raw", errorQuery: error_query, totalQuery: total_query };
    } else {
      checkQuery(d, at("sli", "raw", "error_ratio_query"), s.sli.raw!.error_ratio_query);
      sli = { kind: "raw", errorRatio: s.sli.raw!.error_ratio_query };
    }
    const a = s.alerting;
    if (a?.name !== undefined) checkAlertName(d, at("alerting", "name"), a.name);
    checkLabels(d, at("alerting", "labels"), a?.labels, "alert label");
    checkAnnotations(d, at("alerting", "annotations"), a?.annotations);
    const page = tier(d, at("alerting", "page_alert"), a?.page_alert);
    const ticket = tier(d, at("alerting", "ticket_alert"), a?.ticket_alert);
    const labels = { ...spec.labels, ...s.labels };
    const slo: SLOSpec = {
      name: s.name,
      objective: s.objective,
      ...(s.description !== undefined ? { description: s.description } : {}),
      ...(Object.keys(labels).length ? { labels } : {}),
      sli,
      ...(a
        ? {
            alerting: {
              ...(a.name !== undefined ? { name: a.name } : {}),
              ...(a.labels ? { labels: a.labels } : {}),
              ...(a.annotations ? { annotations: a.annotations } : {}),
              ...(page ? { page } : {}),
              ...(ticket ? { ticket } : {}),
            },
          }
        : {}),
    };
    return rememberAt(slo, docSource(d, at()));
  });
  return rememberAt({ name: spec.service, slos }, docSource(d, []));
}
