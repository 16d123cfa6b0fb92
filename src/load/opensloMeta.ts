/**
 * Names, labels and severities of OpenSLO documents, wherever the specification allows a
 * `metadata` (top level, an inline SLI, alert policy, condition or notification target). The
 * schema only says they are strings; these are the rules the specification gives them, and
 * text that every generated file can carry.
 */
import { textProblem, unsafeChar } from "../model/text.ts";
import type { OMetadata } from "./schemas/openslo.ts";
import { docError, type PathPart, type YamlDoc } from "./yamlDocs.ts";

/**
 * RFC 1123 labels, which every implementation must accept, widened to capitals, `_` and `.`
 * inside (the specification's own examples name objects `OnCallDevopsMailNotification`), at
 * most a DNS name's 253 characters.
 */
const OBJECT_NAME = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]{0,251}[A-Za-z0-9])?$/;
/** Label keys as the specification gives them: at most 63 characters, alphanumerics at both ends, `-`, `_`, `.` between. */
const LABEL_KEY = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;

const NAME_HINT = "OpenSLO names are DNS labels: letters, digits and '-' (also '_' and '.' inside), starting and ending with a letter or digit, e.g. checkout-availability";

function checkMetadata(d: YamlDoc, at: PathPart[], m: OMetadata | undefined): void {
  if (!m) return;
  if (!OBJECT_NAME.test(m.name)) {
    const bad = unsafeChar(m.name);
    throw docError(d, [...at, "name"], bad ? `the name contains the control or line-separator character ${bad}` : `${JSON.stringify(m.name)} is not a valid name`, NAME_HINT);
  }
  for (const [key, value] of Object.entries(m.labels ?? {})) {
    if (!LABEL_KEY.test(key)) {
      throw docError(d, [...at, "labels", key], `${JSON.stringify(key)} is not a valid label key`, "label keys have at most 63 characters, start and end with a letter or digit, and hold only letters, digits, '-', '_' and '.'");
    }
    const values = typeof value === "string" ? [value] : value;
    values.forEach((v, i) => {
      const bad = unsafeChar(v);
      if (bad) throw docError(d, [...at, "labels", key, ...(typeof value === "string" ? [] : [i])], `the label value contains the control or line-separator character ${bad}`, "write plain text; Prometheus and Go's YAML reader would read it differently");
    });
  }
}

interface Condition {
  metadata?: OMetadata;
  spec?: { severity?: string };
}
interface Policy {
  metadata?: OMetadata;
  spec?: { conditions?: Condition[]; notificationTargets?: { metadata?: OMetadata }[] };
}

function checkCondition(d: YamlDoc, at: PathPart[], spec: { severity?: string } | undefined): void {
  const sev = spec?.severity;
  if (sev === undefined) return;
  // The severity becomes the alert's `severity` label, which routes and dashboard variables
  // match literally: an empty one would be no label at all, a template no fixed value.
  if (sev === "") throw docError(d, [...at, "severity"], "the severity is empty", "name it, e.g. page or ticket; or leave severity out for llmops' tier default");
  const problem = textProblem(sev, "series label");
  if (problem) throw docError(d, [...at, "severity"], `the severity ${problem.what.replace("labels of recorded series", "severities")}`, "write the severity as plain text, e.g. page or ticket");
}

function checkPolicy(d: YamlDoc, at: PathPart[], spec: Policy["spec"]): void {
  spec?.conditions?.forEach((c, i) => {
    checkMetadata(d, [...at, "conditions", i, "metadata"], c.metadata);
    checkCondition(d, [...at, "conditions", i, "spec"], c.spec);
  });
  spec?.notificationTargets?.forEach((t, i) => checkMetadata(d, [...at, "notificationTargets", i, "metadata"], t.metadata));
}

/** Refuses a bad name, label or severity anywhere in an OpenSLO document, naming its field. */
export function checkOpensloText(d: YamlDoc): void {
  const { kind, metadata, spec } = d.data as { kind: string; metadata: OMetadata; spec: Record<string, unknown> };
  checkMetadata(d, ["metadata"], metadata);
  if (kind === "AlertCondition") checkCondition(d, ["spec"], spec as { severity?: string });
  if (kind === "AlertPolicy") checkPolicy(d, ["spec"], spec as Policy["spec"]);
  if (kind !== "SLO") return;
  const slo = spec as { indicator?: { metadata?: OMetadata }; objectives?: { indicator?: { metadata?: OMetadata } }[]; alertPolicies?: (string | Policy)[] };
  checkMetadata(d, ["spec", "indicator", "metadata"], slo.indicator?.metadata);
  slo.objectives?.forEach((o, i) => checkMetadata(d, ["spec", "objectives", i, "indicator", "metadata"], o.indicator?.metadata));
  slo.alertPolicies?.forEach((p, i) => {
    if (typeof p === "string") return;
    checkMetadata(d, ["spec", "alertPolicies", i, "metadata"], p.metadata);
    checkPolicy(d, ["spec", "alertPolicies", i, "spec"], p.spec);
  });
}
