/**
 * The rules for labels, annotations, alert names and objectives, as problems (what is wrong,
 * and a hint) rather than errors: the model reports them at its own fields, the importers at
 * the YAML field the user wrote (`page_alert.labels`, `targetPercent`), with the same words.
 */
import { ALERT_NAME, isLabelName } from "./names.ts";
import { OBJECTIVE_DECIMALS } from "./numbers.ts";
import { textProblem, type TextUse } from "./text.ts";

export interface Problem {
  what: string;
  hint: string;
}

/**
 * llmops's own label namespace (`llmops_service` and `llmops_slo` on everything it records and
 * alerts on, `llmops_tier` on burn-rate alerts): no definition may set one.
 */
const RESERVED_PREFIX = "llmops_";

export function labelProblem(key: string, value: string, use: Exclude<TextUse, "annotation">): Problem | undefined {
  if (!isLabelName(key)) return { what: `"${key}" cannot be a Prometheus label name`, hint: "label names match [a-zA-Z_][a-zA-Z0-9_]* and do not start with __" };
  if (key.startsWith(RESERVED_PREFIX)) {
    return {
      what: `the label "${key}" is set by llmops`,
      hint: `llmops labels every series and alert with llmops_service and llmops_slo, and burn-rate alerts with llmops_tier; labels starting with ${RESERVED_PREFIX} are its own: name your label differently, e.g. "team"`,
    };
  }
  const p = textProblem(value, use);
  return p && { what: `the value of label "${key}" ${p.what}`, hint: p.hint };
}

export function annotationProblem(key: string, value: string): Problem | undefined {
  if (!isLabelName(key)) return { what: `"${key}" cannot be an annotation name`, hint: "annotation names follow label names: [a-zA-Z_][a-zA-Z0-9_]*, e.g. summary, description" };
  const p = textProblem(value, "annotation");
  return p && { what: `annotation "${key}" ${p.what}`, hint: p.hint };
}

export function alertNameProblem(name: string): Problem | undefined {
  return ALERT_NAME.test(name) ? undefined : { what: `"${name}" cannot be an alert name`, hint: "use letters, digits and underscores, starting with a letter, e.g. HighLLMLatency" };
}

/** An objective in percent, or as a ratio (two more decimals), finer than llmops takes. */
export function objectiveDecimalsProblem(value: number, as: "percent" | "ratio" = "percent"): Problem | undefined {
  const decimals = OBJECTIVE_DECIMALS + (as === "ratio" ? 2 : 0);
  if (Number(value.toFixed(decimals)) === value) return undefined;
  return {
    what: `objective ${value} has more than ${decimals} decimals`,
    hint: `objectives go down to ${1 / 10 ** OBJECTIVE_DECIMALS}% (99.9999 at most, an error budget of 0.000001); finer ones leave a budget that floating point and the generated tests cannot tell from 0`,
  };
}
