/**
 * JSON schema of a Pyrra `ServiceLevelObjective` (`pyrra.dev/v1alpha1`), as its Go types
 * (kubernetes/api/v1alpha1) define it. Every object Pyrra defines is closed, so a misspelt field
 * is refused instead of ignored; `metadata` takes what Kubernetes writes there, `status` is
 * Pyrra's own and left open.
 */

const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const strMap = { type: "object", additionalProperties: str } as const;
const query = { type: "object", required: ["metric"], additionalProperties: false, properties: { metric: str } } as const;
const grouping = { type: "array", items: str } as const;

/** Kubernetes ObjectMeta: llmops reads name, namespace, labels and annotations; the rest is what `kubectl get -o yaml` adds. */
const metadata = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    name: str,
    namespace: str,
    labels: strMap,
    annotations: strMap,
    uid: str,
    resourceVersion: str,
    generation: { type: "integer" },
    creationTimestamp: {},
    deletionTimestamp: {},
    deletionGracePeriodSeconds: { type: "integer" },
    generateName: str,
    selfLink: str,
    finalizers: { type: "array", items: str },
    ownerReferences: { type: "array" },
    managedFields: { type: "array" },
  },
} as const;

export const pyrraHeaderSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  properties: { apiVersion: { const: "pyrra.dev/v1alpha1" }, kind: { const: "ServiceLevelObjective" } },
} as const;

export const pyrraSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: "pyrra.dev/v1alpha1" },
    kind: { const: "ServiceLevelObjective" },
    metadata,
    spec: {
      type: "object",
      required: ["target", "window", "indicator"],
      additionalProperties: false,
      properties: {
        description: str,
        target: str,
        window: str,
        indicator: {
          type: "object",
          additionalProperties: false,
          properties: {
            ratio: { type: "object", required: ["errors", "total"], additionalProperties: false, properties: { errors: query, total: query, grouping } },
            latency: { type: "object", required: ["success", "total"], additionalProperties: false, properties: { success: query, total: query, grouping } },
            latencyNative: { type: "object", required: ["total", "latency"], additionalProperties: false, properties: { total: query, latency: str, grouping } },
            bool_gauge: { type: "object", required: ["metric"], additionalProperties: false, properties: { metric: str, grouping } },
          },
        },
        alerting: {
          type: "object",
          additionalProperties: false,
          properties: {
            disabled: bool,
            burnrates: bool,
            absent: bool,
            name: str,
            absentName: str,
            severities: {
              type: "object",
              additionalProperties: false,
              properties: { absent: str, fastBurn: str, mediumBurn: str, slowBurn: str, longTermBurn: str },
            },
          },
        },
        partial_response_strategy: { enum: ["abort", "warn", ""] },
        performanceOverAccuracy: bool,
        ruleOutput: { type: "object" },
      },
    },
    status: { type: "object" },
  },
} as const;

export interface PyrraQuery {
  metric: string;
}

export interface PyrraSeverities {
  absent?: string;
  fastBurn?: string;
  mediumBurn?: string;
  slowBurn?: string;
  longTermBurn?: string;
}

export interface PyrraIndicator {
  ratio?: { errors: PyrraQuery; total: PyrraQuery; grouping?: string[] };
  latency?: { success: PyrraQuery; total: PyrraQuery; grouping?: string[] };
  latencyNative?: { total: PyrraQuery; latency: string; grouping?: string[] };
  bool_gauge?: { metric: string; grouping?: string[] };
}

export interface PyrraSpec {
  apiVersion: "pyrra.dev/v1alpha1";
  kind: "ServiceLevelObjective";
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: {
    description?: string;
    target: string;
    window: string;
    indicator: PyrraIndicator;
    alerting?: { disabled?: boolean; burnrates?: boolean; absent?: boolean; name?: string; absentName?: string; severities?: PyrraSeverities };
    partial_response_strategy?: "abort" | "warn" | "";
    performanceOverAccuracy?: boolean;
    ruleOutput?: object;
  };
}
