/**
 * prometheus-operator `PrometheusRule` resources: the same groups as the plain rule files, one
 * resource per service, with the metadata a Prometheus `ruleSelector` picks up.
 */
import type { Model } from "../../model/types.ts";
import { yamlFile, type Artifact } from "../artifact.ts";
import { bounded } from "../../model/names.ts";
import { serviceFileStem } from "./names.ts";
import { rulesPerService } from "./ruleFiles.ts";

export const MANAGED_BY = { "app.kubernetes.io/managed-by": "llmops" } as const;
export const prometheusRulePath = (service: string) => `kubernetes/prometheusrule-${serviceFileStem(service)}.yaml`;
/** Kubernetes object names are DNS subdomains: at most 253 characters. */
const K8S_NAME_MAX = 253;

export function prometheusRules(model: Model): Iterable<Artifact> {
  const o = model.outputs?.prometheusOperator;
  if (!o) return [];
  return rulesPerService(model, (s, groups) =>
    yamlFile(prometheusRulePath(s.name), {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: {
        name: bounded(`llmops-${s.name}`, K8S_NAME_MAX),
        ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
        labels: { ...MANAGED_BY, ...o.labels },
      },
      spec: { groups },
    }),
  );
}
