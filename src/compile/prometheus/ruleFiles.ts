/** One rule file per service: SLI and metadata recordings per SLO, then the alerts. */
import type { Model, Service } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { burnRateAlerts } from "./burnRate.ts";
import { ruleFilePath, ruleGroupName } from "./names.ts";
import { chunk, type Rule, type RuleGroup } from "./rule.ts";
import { priceRules } from "./priceRules.ts";
import { metadataRules, sliRecordingRules } from "./sliRules.ts";
import { spendRecording, thresholdAlertRule } from "./thresholdAlerts.ts";

/** Whether a service gets a rule file: any SLO or alert gives it rules, and so does spend from a price table. */
export function hasRules(service: Service, model: Model): boolean {
  return service.slos.length > 0 || service.alerts.length > 0 || model.prices !== undefined;
}

/** Price, spend-from-tokens and unpriced-token rules of a service, where the model computes spend from a price table. */
export function spendFromTokensRules(model: Model, service: Service): Rule[] {
  return model.prices ? priceRules(model.conventions, model.prices, service.name, service.selector, service.labels) : [];
}

export function serviceRuleGroups(model: Model, service: Service): RuleGroup[] {
  const groups: RuleGroup[] = [];
  const add = (name: string, rules: RuleGroup["rules"]) => {
    const parts = chunk(rules);
    parts.forEach((p, i) => groups.push({ name: ruleGroupName(name, parts.length > 1 ? `-${i + 1}` : ""), rules: p }));
  };
  // Recorded first: the cost signal of every other group is the spend these record.
  const spend = spendFromTokensRules(model, service);
  if (spend.length) add(`llmops-${service.name}-spend-from-tokens`, spend);
  for (const slo of service.slos) {
    // Metadata reads the SLI recordings, so both live in one group, evaluated in order.
    add(`llmops-${service.name}-${slo.name}-sli`, [...sliRecordingRules(slo), ...metadataRules(slo)]);
  }
  const burn = service.slos.flatMap(burnRateAlerts);
  if (burn.length) add(`llmops-${service.name}-slo-alerts`, burn);
  const threshold = [...spendRecording(service), ...service.alerts.map((a) => thresholdAlertRule(a, model.conventions.labels.service))];
  if (threshold.length) add(`llmops-${service.name}-alerts`, threshold);
  return groups;
}

/**
 * The rule groups of every service that has any, each handed to `file` (what the output format
 * wraps them in) as soon as they are made and yielded, so a large project never holds all its
 * rules.
 */
export function* rulesPerService<T>(model: Model, file: (s: Service, groups: RuleGroup[]) => T): Generator<T> {
  for (const s of model.services) {
    const groups = serviceRuleGroups(model, s);
    if (groups.length) yield file(s, groups);
  }
}

export function ruleFiles(model: Model): Iterable<Artifact> {
  return rulesPerService(model, (s, groups) => yamlFile(ruleFilePath(s.name), { groups }));
}
