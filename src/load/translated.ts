/**
 * Checks the model makes too, run by the importers on the YAML fields before they are
 * translated: the model would name its own field (`alerting.page.labels`, `objective`), the
 * user wrote `alerting.page_alert.labels` or `targetPercent`, and the error must name that.
 */
import { ALERT_NAME, isLabelName } from "../model/names.ts";
import { OBJECTIVE_DECIMALS } from "../model/numbers.ts";
import { textProblem, type TextUse } from "../model/text.ts";
import { docError, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/** An objective as the model takes it: at most OBJECTIVE_DECIMALS decimals in percent (two more as a ratio). */
export function checkObjectiveDecimals(d: YamlDoc, parts: PathPart[], value: number, as: "percent" | "ratio"): void {
  const decimals = OBJECTIVE_DECIMALS + (as === "ratio" ? 2 : 0);
  if (Number(value.toFixed(decimals)) === value) return;
  throw docError(d, parts, `${value} has more than ${decimals} decimals`, `objectives go down to ${1 / 10 ** OBJECTIVE_DECIMALS}% (99.9999 at most, an error budget of 0.000001); finer ones leave a budget that floating point and the generated tests cannot tell from 0`);
}

/** Label names Prometheus takes (not its reserved `__*`), values the use allows. */
export function checkLabels(d: YamlDoc, parts: PathPart[], labels: Record<string, string> | undefined, use: TextUse): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (!isLabelName(key)) throw docError(d, [...parts, key], `${JSON.stringify(key)} cannot be a Prometheus label name`, "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with __");
    const p = textProblem(value, use);
    if (p) throw docError(d, [...parts, key], `the value ${p.what}`, p.hint);
  }
}

export function checkAnnotations(d: YamlDoc, parts: PathPart[], annotations: Record<string, string> | undefined): void {
  for (const [key, value] of Object.entries(annotations ?? {})) {
    if (!isLabelName(key)) throw docError(d, [...parts, key], `${JSON.stringify(key)} cannot be an annotation name`, "annotation names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with __");
    const p = textProblem(value, "annotation");
    if (p) throw docError(d, [...parts, key], `the annotation ${p.what}`, p.hint);
  }
}

export function checkAlertName(d: YamlDoc, parts: PathPart[], name: string): void {
  if (!ALERT_NAME.test(name)) throw docError(d, parts, `"${name}" cannot be an alert name`, "use letters, digits and underscores, starting with a letter");
}
