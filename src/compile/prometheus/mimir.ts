/**
 * Mimir / Cortex ruler files as `mimirtool rules load` reads them: one rule namespace per
 * service, the same groups as the plain rule files (at most 20 rules each, Mimir's default cap).
 */
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { ruleGroupName, serviceFileStem } from "./names.ts";
import { rulesPerService } from "./ruleFiles.ts";

export const mimirRulePath = (service: string) => `mimir/${serviceFileStem(service)}.yaml`;

export function mimirRuleFiles(model: Model): Iterable<Artifact> {
  const o = model.outputs?.mimir;
  if (!o) return [];
  return rulesPerService(model, (s, groups) => yamlFile(mimirRulePath(s.name), { namespace: ruleGroupName(`${o.namespacePrefix}${s.name}`), groups }));
}
