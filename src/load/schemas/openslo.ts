/** JSON schema of the OpenSLO v1 kinds llmops reads (https://github.com/OpenSLO/OpenSLO#specification). */

const str = { type: "string" } as const;
const num = { type: "number" } as const;
const bool = { type: "boolean" } as const;
const labelValues = { type: "object", additionalProperties: { oneOf: [str, { type: "array", items: str }] } } as const;

const metadata = {
  type: "object",
  required: ["name"],
  properties: { name: str, displayName: str, labels: labelValues, annotations: { type: "object", additionalProperties: str } },
} as const;

const metricSource = {
  type: "object",
  required: ["spec"],
  properties: {
    metricSourceRef: str,
    type: str,
    spec: { type: "object", properties: { query: str, promql: str } },
  },
} as const;
const metric = { type: "object", required: ["metricSource"], properties: { metricSource } } as const;

const sliSpec = {
  type: "object",
  properties: {
    description: str,
    thresholdMetric: metric,
    ratioMetric: {
      type: "object",
      properties: { counter: bool, good: metric, bad: metric, total: metric, rawType: { enum: ["success", "failure"] }, raw: metric },
    },
  },
} as const;
const inlineSLI = { type: "object", required: ["spec"], properties: { metadata, spec: sliSpec } } as const;

const conditionSpec = {
  type: "object",
  required: ["condition"],
  properties: {
    description: str,
    severity: str,
    condition: {
      type: "object",
      required: ["kind", "op", "threshold", "lookbackWindow"],
      properties: {
        kind: { enum: ["burnrate"] },
        op: { enum: ["lt", "lte", "gte", "gt"] },
        threshold: num,
        lookbackWindow: str,
        alertAfter: str,
      },
    },
  },
} as const;

const policySpec = {
  type: "object",
  required: ["conditions"],
  properties: {
    description: str,
    alertWhenNoData: bool,
    alertWhenResolved: bool,
    alertWhenBreaching: bool,
    conditions: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: { conditionRef: str, kind: { const: "AlertCondition" }, metadata, spec: conditionSpec },
      },
    },
    notificationTargets: { type: "array" },
  },
} as const;

const sloSpec = {
  type: "object",
  required: ["service", "objectives"],
  properties: {
    description: str,
    service: str,
    indicator: inlineSLI,
    indicatorRef: str,
    timeWindow: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        required: ["duration"],
        properties: { duration: str, isRolling: bool, calendar: { type: "object" } },
      },
    },
    budgetingMethod: { enum: ["Occurrences", "Timeslices", "RatioTimeslices"] },
    objectives: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: {
          displayName: str,
          op: { enum: ["lte", "gte", "lt", "gt"] },
          value: num,
          target: num,
          targetPercent: num,
          timeSliceTarget: num,
          timeSliceWindow: { oneOf: [num, str] },
          indicatorRef: str,
          compositeWeight: num,
        },
      },
    },
    alertPolicies: {
      type: "array",
      items: {
        oneOf: [
          str,
          { type: "object", required: ["alertPolicyRef"], properties: { alertPolicyRef: str } },
          { type: "object", required: ["kind", "spec"], properties: { kind: { const: "AlertPolicy" }, metadata, spec: policySpec } },
        ],
      },
    },
  },
} as const;

const KIND_SPECS = {
  SLO: sloSpec,
  SLI: sliSpec,
  Service: { type: "object", properties: { description: str } },
  AlertPolicy: policySpec,
  AlertCondition: conditionSpec,
  DataSource: { type: "object", required: ["type"], properties: { type: str, description: str, connectionDetails: { type: "object" } } },
  AlertNotificationTarget: { type: "object" },
} as const;

export const OPENSLO_KINDS = Object.keys(KIND_SPECS) as (keyof typeof KIND_SPECS)[];

export const opensloSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata", "spec"],
  properties: {
    apiVersion: { const: "openslo/v1" },
    kind: { enum: OPENSLO_KINDS },
    metadata,
    spec: { type: "object" },
  },
  allOf: OPENSLO_KINDS.map((k) => ({ if: { properties: { kind: { const: k } } }, then: { properties: { spec: KIND_SPECS[k] } } })),
} as const;

// The shapes the schema admits, as the importer reads them.
export interface OMetadata {
  name: string;
  displayName?: string;
}
export interface OMetric {
  metricSource: { metricSourceRef?: string; type?: string; spec: { query?: string; promql?: string } };
}
export interface OSLISpec {
  description?: string;
  thresholdMetric?: OMetric;
  ratioMetric?: { counter?: boolean; good?: OMetric; bad?: OMetric; total?: OMetric; raw?: OMetric };
}
export interface OConditionSpec {
  severity?: string;
  condition: { kind: "burnrate"; op: "lt" | "lte" | "gte" | "gt"; threshold: number; lookbackWindow: string; alertAfter?: string };
}
export type OConditionItem = { conditionRef: string } | { kind: "AlertCondition"; metadata?: OMetadata; spec: OConditionSpec };
export interface OPolicySpec {
  conditions: OConditionItem[];
}
export type OPolicyItem = string | { alertPolicyRef: string } | { kind: "AlertPolicy"; metadata?: OMetadata; spec: OPolicySpec };
export interface OObjective {
  displayName?: string;
  op?: "lte" | "gte" | "lt" | "gt";
  value?: number;
  target?: number;
  targetPercent?: number;
  timeSliceTarget?: number;
  timeSliceWindow?: number | string;
  indicatorRef?: string;
}
export interface OSLOSpec {
  description?: string;
  service: string;
  indicator?: { metadata?: OMetadata; spec: OSLISpec };
  indicatorRef?: string;
  timeWindow?: { duration: string; isRolling?: boolean; calendar?: object }[];
  budgetingMethod?: "Occurrences" | "Timeslices" | "RatioTimeslices";
  objectives: OObjective[];
  alertPolicies?: OPolicyItem[];
}
