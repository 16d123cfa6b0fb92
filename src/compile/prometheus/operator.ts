/**
 * prometheus-operator `PrometheusRule` resources: the same groups as the plain rule files, one
 * resource per service, with the metadata a Prometheus `ruleSelector` picks up.
 */
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { bounded, shortHash } from "../../model/names.ts";
import { serviceFileStem } from "./names.ts";
import { rulesPerService } from "./ruleFiles.ts";

export const MANAGED_BY = { "app.kubernetes.io/managed-by": "llmops" } as const;
export const prometheusRulePath = (service: string) => `kubernetes/prometheusrule-${serviceFileStem(service)}.yaml`;
/** Kubernetes object names are DNS subdomains: at most 253 characters. */
const K8S_NAME_MAX = 253;

/**
 * `metadata.name` of a service's resource: a DNS-1123 subdomain, so a service name's `_` becomes
 * `-`; where that makes two services' names one, a hash of the service name keeps them apart.
 */
export function prometheusRuleNames(services: string[]): Map<string, string> {
  const dashed = (s: string) => `llmops-${s.replace(/_/g, "-")}`;
  const count = new Map<string, number>();
  for (const s of services) count.set(dashed(s), (count.get(dashed(s)) ?? 0) + 1);
  return new Map(services.map((s) => {
    const d = dashed(s);
    return [s, bounded(s.includes("_") && count.get(d)! > 1 ? `${d}-${shortHash(s)}` : d, K8S_NAME_MAX)];
  }));
}

export function prometheusRules(model: Model): Iterable<Artifact> {
  const o = model.outputs?.prometheusOperator;
  if (!o) return [];
  const names = prometheusRuleNames(model.services.map((s) => s.name));
  return rulesPerService(model, (s, groups) =>
    yamlFile(prometheusRulePath(s.name), {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: {
        name: names.get(s.name)!,
        ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
        labels: { ...MANAGED_BY, ...o.labels },
      },
      spec: { groups },
    }),
  );
}
