/**
 * The model's rules for the fields the importers translate, run on the YAML fields before they
 * are: the model would name its own field (`alerting.page.labels`, `objective`), the user wrote
 * `alerting.page_alert.labels` or `targetPercent`, and the error must name that.
 */
import { alertNameProblem, annotationProblem, labelProblem, objectiveDecimalsProblem, type Problem } from "../model/fieldRules.ts";
import type { TextUse } from "../model/text.ts";
import { docError, type PathPart, type YamlDoc } from "./yamlDocs.ts";

function refuse(d: YamlDoc, parts: PathPart[], p: Problem | undefined): void {
  if (p) throw docError(d, parts, p.what, p.hint);
}

/** An objective as the model takes it: at most OBJECTIVE_DECIMALS decimals in percent (two more as a ratio). */
export function checkObjectiveDecimals(d: YamlDoc, parts: PathPart[], value: number, as: "percent" | "ratio"): void {
  refuse(d, parts, objectiveDecimalsProblem(value, as));
}

export function checkLabels(d: YamlDoc, parts: PathPart[], labels: Record<string, string> | undefined, use: Exclude<TextUse, "annotation">): void {
  for (const [key, value] of Object.entries(labels ?? {})) refuse(d, [...parts, key], labelProblem(key, value, use));
}

export function checkAnnotations(d: YamlDoc, parts: PathPart[], annotations: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) refuse(d, [...parts, key], annotationProblem(key, value));
}

export function checkAlertName(d: YamlDoc, parts: PathPart[], name: string): void {
  refuse(d, parts, alertNameProblem(name));
}
