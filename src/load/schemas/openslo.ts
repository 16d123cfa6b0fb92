/**
 * JSON schema of the OpenSLO kinds llmops reads: v1 (https://github.com/OpenSLO/OpenSLO#specification)
 * and v1alpha, its earlier form (SLO and Service, as Sloth and OpenSLO's SDK read it). Every
 * object whose fields the specification lists is closed, so a misspelt field is refused
 * instead of ignored; what it leaves to vendors (a data source's `connectionDetails`, a metric
 * source's `spec`) stays open, with the fields llmops reads typed.
 */

const str = { type: "string" } as const;
const num = { type: "number" } as const;
const bool = { type: "boolean" } as const;
const labelValues = { type: "object", additionalProperties: { oneOf: [str, { type: "array", items: str }] } } as const;

const metadata = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: { name: str, displayName: str, labels: labelValues, annotations: { type: "object", additionalProperties: str } },
} as const;

const metricSource = {
  type: "object",
  required: ["spec"],
  additionalProperties: false,
  properties: {
    metricSourceRef: str,
    type: str,
    // Vendor fields: the specification lets each data source type put anything here.
    spec: { type: "object", properties: { query: str, promql: str } },
  },
} as const;
const metric = { type: "object", required: ["metricSource"], additionalProperties: false, properties: { metricSource } } as const;

const sliSpec = {
  type: "object",
  additionalProperties: false,
  properties: {
    description: str,
    thresholdMetric: metric,
    ratioMetric: {
      type: "object",
      additionalProperties: false,
      properties: { counter: bool, good: metric, bad: metric, total: metric, rawType: { enum: ["success", "failure"] }, raw: metric },
    },
  },
} as const;
const inlineSLI = { type: "object", required: ["metadata", "spec"], additionalProperties: false, properties: { metadata, spec: sliSpec } } as const;

const conditionSpec = {
  type: "object",
  required: ["condition"],
  additionalProperties: false,
  properties: {
    description: str,
    severity: str,
    condition: {
      type: "object",
      required: ["op", "threshold", "lookbackWindow"],
      additionalProperties: false,
      properties: {
        // The specification's default, and its only kind.
        kind: { enum: ["burnrate"] },
        op: { enum: ["lt", "lte", "gte", "gt"] },
        threshold: num,
        lookbackWindow: str,
        alertAfter: str,
      },
    },
  },
} as const;

const targetSpec = { type: "object", additionalProperties: false, properties: { description: str, target: str } } as const;

const policySpec = {
  type: "object",
  required: ["conditions"],
  additionalProperties: false,
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
        additionalProperties: false,
        properties: { conditionRef: str, kind: { const: "AlertCondition" }, metadata, spec: conditionSpec },
        // Without a reference, the condition is an AlertCondition written out.
        if: { not: { required: ["conditionRef"] } },
        then: { required: ["kind", "metadata", "spec"] },
      },
    },
    notificationTargets: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        properties: { targetRef: str, kind: { const: "AlertNotificationTarget" }, metadata, spec: targetSpec },
        if: { not: { required: ["targetRef"] } },
        then: { required: ["kind", "metadata", "spec"] },
      },
    },
  },
} as const;

const sloSpec = {
  type: "object",
  required: ["service", "objectives"],
  additionalProperties: false,
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
        additionalProperties: false,
        properties: {
          duration: str,
          isRolling: bool,
          calendar: { type: "object", additionalProperties: false, properties: { startTime: str, timeZone: str } },
        },
      },
    },
    budgetingMethod: { enum: ["Occurrences", "Timeslices", "RatioTimeslices"] },
    objectives: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          displayName: str,
          op: { enum: ["lte", "gte", "lt", "gt"] },
          value: num,
          target: num,
          targetPercent: num,
          timeSliceTarget: num,
          timeSliceWindow: { oneOf: [num, str] },
          indicator: inlineSLI,
          indicatorRef: str,
          compositeWeight: num,
        },
      },
    },
    // `alertPolicies:` left empty is null: no policy, as an empty list.
    alertPolicies: {
      type: ["array", "null"],
      items: {
        oneOf: [
          str,
          { type: "object", required: ["alertPolicyRef"], additionalProperties: false, properties: { alertPolicyRef: str } },
          { type: "object", required: ["kind", "metadata", "spec"], additionalProperties: false, properties: { kind: { const: "AlertPolicy" }, metadata, spec: policySpec } },
        ],
      },
    },
  },
} as const;

const KIND_SPECS = {
  SLO: sloSpec,
  SLI: sliSpec,
  Service: { type: "object", additionalProperties: false, properties: { description: str } },
  AlertPolicy: policySpec,
  AlertCondition: conditionSpec,
  DataSource: {
    type: "object",
    required: ["type"],
    additionalProperties: false,
    // connectionDetails: "everything that is valid YAML can be put here" (a map, or a list of maps as the SDK writes it).
    properties: { type: str, description: str, connectionDetails: {} },
  },
  AlertNotificationTarget: targetSpec,
} as const;

export const OPENSLO_KINDS = Object.keys(KIND_SPECS) as (keyof typeof KIND_SPECS)[];

/** The versions llmops reads. */
export const OPENSLO_VERSIONS = ["openslo/v1", "openslo/v1alpha"] as const;

// openslo/v1alpha: an SLO holds its indicator (a threshold metric) or a ratio per objective;
// metric sources are `source`, `queryType` and `query`; windows a `count` of a `unit`.
const v1alphaMetadata = { type: "object", required: ["name"], additionalProperties: false, properties: { name: str, displayName: str } } as const;
const v1alphaMetric = { type: "object", required: ["source", "queryType", "query"], additionalProperties: false, properties: { source: str, queryType: str, query: str } } as const;
const v1alphaSLOSpec = {
  type: "object",
  required: ["service", "objectives"],
  additionalProperties: false,
  properties: {
    description: str,
    service: str,
    indicator: { type: "object", required: ["thresholdMetric"], additionalProperties: false, properties: { thresholdMetric: v1alphaMetric } },
    timeWindows: {
      type: "array",
      minItems: 1,
      maxItems: 1,
      items: {
        type: "object",
        required: ["unit", "count"],
        additionalProperties: false,
        properties: {
          unit: { enum: ["Second", "Minute", "Hour", "Day", "Week", "Month", "Quarter", "Year"] },
          count: { type: "integer", minimum: 1 },
          isRolling: bool,
          calendar: { type: "object", additionalProperties: false, properties: { startTime: str, timeZone: str } },
        },
      },
    },
    budgetingMethod: { enum: ["Occurrences", "Timeslices"] },
    objectives: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          displayName: str,
          op: { enum: ["lte", "gte", "lt", "gt"] },
          value: num,
          target: num,
          timeSliceTarget: num,
          timeSliceWindow: { oneOf: [num, str] },
          ratioMetrics: {
            type: "object",
            required: ["good", "total"],
            additionalProperties: false,
            // `incremental` in the specification and OpenSLO's SDK, `counter` in oslo's reader: the metrics are counters.
            properties: { good: v1alphaMetric, total: v1alphaMetric, incremental: bool, counter: bool },
          },
        },
      },
    },
  },
} as const;
const V1ALPHA_KIND_SPECS = { SLO: v1alphaSLOSpec, Service: KIND_SPECS.Service } as const;
export const OPENSLO_V1ALPHA_KINDS = Object.keys(V1ALPHA_KIND_SPECS) as (keyof typeof V1ALPHA_KIND_SPECS)[];

const version = (v: (typeof OPENSLO_VERSIONS)[number]) => ({ required: ["apiVersion"], properties: { apiVersion: { const: v } } });

/**
 * The header alone, checked first: with a wrong kind or version every field below it is
 * wrong too, and the header is what the user must fix.
 */
export const opensloHeaderSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  properties: { apiVersion: { enum: OPENSLO_VERSIONS }, kind: { enum: OPENSLO_KINDS } },
  if: version("openslo/v1alpha"),
  then: { properties: { kind: { enum: OPENSLO_V1ALPHA_KINDS } } },
} as const;

export const opensloSchema = {
  type: "object",
  required: ["apiVersion", "kind", "metadata"],
  additionalProperties: false,
  properties: {
    apiVersion: { enum: OPENSLO_VERSIONS },
    kind: { enum: OPENSLO_KINDS },
    metadata: { type: "object" },
    spec: { type: "object" },
  },
  allOf: [
    // A Service's spec holds only its description; OpenSLO's SDK writes Services without one.
    { if: { required: ["kind"], properties: { kind: { not: { const: "Service" } } } }, then: { required: ["spec"] } },
    { if: version("openslo/v1"), then: { properties: { metadata } } },
    { if: version("openslo/v1alpha"), then: { properties: { metadata: v1alphaMetadata } } },
    ...OPENSLO_KINDS.map((k) => ({ if: { ...version("openslo/v1"), required: ["apiVersion", "kind"], properties: { ...version("openslo/v1").properties, kind: { const: k } } }, then: { properties: { spec: KIND_SPECS[k] } } })),
    ...OPENSLO_V1ALPHA_KINDS.map((k) => ({ if: { required: ["apiVersion", "kind"], properties: { ...version("openslo/v1alpha").properties, kind: { const: k } } }, then: { properties: { spec: V1ALPHA_KIND_SPECS[k] } } })),
  ],
} as const;

// The shapes the schema admits, as the importer reads them.
export interface OMetadata {
  name: string;
  displayName?: string;
  labels?: Record<string, string | string[]>;
  annotations?: Record<string, string>;
}
export interface OMetric {
  metricSource: { metricSourceRef?: string; type?: string; spec: { query?: string; promql?: string } };
}
export interface ORatioMetric {
  counter?: boolean;
  good?: OMetric;
  bad?: OMetric;
  total?: OMetric;
  rawType?: "success" | "failure";
  raw?: OMetric;
}
export interface OSLISpec {
  description?: string;
  thresholdMetric?: OMetric;
  ratioMetric?: ORatioMetric;
}
export interface OConditionSpec {
  severity?: string;
  condition: { kind?: "burnrate"; op: "lt" | "lte" | "gte" | "gt"; threshold: number; lookbackWindow: string; alertAfter?: string };
}
export type OConditionItem = { conditionRef: string } | { kind: "AlertCondition"; metadata?: OMetadata; spec: OConditionSpec };
export interface OPolicySpec {
  conditions: OConditionItem[];
  notificationTargets?: { targetRef?: string; metadata?: OMetadata }[];
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
  indicator?: object;
  indicatorRef?: string;
  compositeWeight?: number;
}
export interface OSLOSpec {
  description?: string;
  service: string;
  indicator?: { metadata?: OMetadata; spec: OSLISpec };
  indicatorRef?: string;
  timeWindow?: { duration: string; isRolling?: boolean; calendar?: { startTime?: string; timeZone?: string } }[];
  budgetingMethod?: "Occurrences" | "Timeslices" | "RatioTimeslices";
  objectives: OObjective[];
  alertPolicies?: OPolicyItem[] | null;
}

export interface OV1alphaMetric {
  source: string;
  queryType: string;
  query: string;
}
export interface OV1alphaObjective {
  displayName?: string;
  op?: "lte" | "gte" | "lt" | "gt";
  value?: number;
  target?: number;
  timeSliceTarget?: number;
  timeSliceWindow?: number | string;
  ratioMetrics?: { good: OV1alphaMetric; total: OV1alphaMetric; incremental?: boolean; counter?: boolean };
}
export interface OV1alphaSLOSpec {
  description?: string;
  service: string;
  indicator?: { thresholdMetric: OV1alphaMetric };
  timeWindows?: { unit: "Second" | "Minute" | "Hour" | "Day" | "Week" | "Month" | "Quarter" | "Year"; count: number; isRolling?: boolean; calendar?: { startTime?: string; timeZone?: string } }[];
  budgetingMethod?: "Occurrences" | "Timeslices";
  objectives: OV1alphaObjective[];
}
