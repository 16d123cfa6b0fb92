/**
 * Every target, each a pure `model → Artifact[]`. Order here is the order files are listed;
 * paths must not collide (checked).
 */
import type { Model } from "../model/types.ts";
import type { Artifact } from "./artifact.ts";
import { ruleFiles } from "./prometheus/ruleFiles.ts";
import { promtoolTestFiles } from "./prometheus/promtoolTests.ts";
import { prometheusRules } from "./prometheus/operator.ts";
import { mimirRuleFiles } from "./prometheus/mimir.ts";
import { grafanaFiles } from "./grafana/index.ts";
import { prometheusConfigFiles } from "./prometheus/prometheusConfig.ts";
import { alertmanagerFiles } from "./alertmanager/config.ts";
import { collectorFiles } from "./otel/collector.ts";
import { composeFiles } from "./stack/compose.ts";
import { readmeFiles } from "./docs/readme.ts";

/** A target yields its files one at a time, so a caller can write each before the next is made. */
export type Target = (model: Model) => Iterable<Artifact>;

export const TARGETS: Record<string, Target> = {
  "prometheus-rules": ruleFiles,
  "promtool-tests": promtoolTestFiles,
  "prometheus-operator": prometheusRules,
  mimir: mimirRuleFiles,
  grafana: grafanaFiles,
  "prometheus-config": prometheusConfigFiles,
  alertmanager: alertmanagerFiles,
  "otel-collector": collectorFiles,
  compose: composeFiles,
  docs: readmeFiles,
};

/** Every file, handed to `emit` as soon as it is made (in target order, not path order). */
export function compileEach(model: Model, emit: (a: Artifact) => void): void {
  const seen = new Set<string>();
  for (const [name, target] of Object.entries(TARGETS)) {
    for (const a of target(model)) {
      if (seen.has(a.path)) throw new Error(`target ${name} produced ${a.path}, which another target produced too`);
      seen.add(a.path);
      emit(a);
    }
  }
}

/** Every file, sorted by path. */
export function compile(model: Model): Artifact[] {
  const out: Artifact[] = [];
  compileEach(model, (a) => out.push(a));
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
