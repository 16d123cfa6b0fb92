/**
 * JSON schemas of Sloth's two spec forms: `version: "prometheus/v1"` (https://sloth.dev/specs/default/)
 * and the Kubernetes `PrometheusServiceLevel` (`apiVersion: sloth.slok.dev/v1`), whose `spec` holds
 * the same fields spelt in camelCase. The Kubernetes schema is the prometheus/v1 one with those
 * fields renamed, so the two cannot drift apart. Every object is closed: a misspelt field is
 * refused by name, not ignored as Sloth's own decoder ignores it.
 */

const str = { type: "string" } as const;
/**
 * Labels and annotations: Sloth reads a YAML number or boolean there as the string it spells
 * (`tier: 1` is "1"); `null` (an empty `labels:`) is no labels, as in Sloth.
 */
const valueMap = { type: ["object", "null"], additionalProperties: { type: ["string", "number", "boolean"] } } as const;
const alertMeta = {
  type: ["object", "null"],
  additionalProperties: false,
  properties: { disable: { type: "boolean" }, labels: valueMap, annotations: valueMap },
} as const;
/** Sloth's SLO plugin chains (`slo_plugins` of the group, `plugins` of an SLO): typed so the refusal can name each plugin. */
const pluginChain = {
  type: ["object", "null"],
  additionalProperties: false,
  properties: {
    overridePrevious: { type: "boolean" },
    chain: {
      type: ["array", "null"],
      items: { type: "object", required: ["id"], additionalProperties: false, properties: { id: str, config: { type: ["object", "null"] }, priority: { type: "integer" } } },
    },
  },
} as const;

const slo = {
  type: "object",
  required: ["name", "objective", "sli"],
  additionalProperties: false,
  properties: {
    name: str,
    objective: { type: "number" },
    description: { type: ["string", "null"] },
    labels: valueMap,
    plugins: pluginChain,
    sli: {
      type: "object",
      additionalProperties: false,
      properties: {
        events: {
          type: "object",
          required: ["error_query", "total_query"],
          additionalProperties: false,
          properties: { error_query: str, total_query: str },
        },
        raw: { type: "object", required: ["error_ratio_query"], additionalProperties: false, properties: { error_ratio_query: str } },
        plugin: { type: "object", required: ["id"], additionalProperties: false, properties: { id: str, options: valueMap } },
      },
    },
    alerting: {
      type: ["object", "null"],
      additionalProperties: false,
      properties: { name: str, labels: valueMap, annotations: valueMap, page_alert: alertMeta, ticket_alert: alertMeta },
    },
  },
} as const;

/** The fields of an SLO group, at the top of a prometheus/v1 document and under `spec` of a Kubernetes one. */
const groupProperties = { service: str, labels: valueMap, slo_plugins: pluginChain, slos: { type: "array", minItems: 1, items: slo } } as const;

export const slothHeaderSchema = { type: "object", required: ["version"], properties: { version: { const: "prometheus/v1" } } } as const;

export const slothSchema = {
  type: "object",
  required: ["version", "service", "slos"],
  additionalProperties: false,
  properties: { version: { const: "prometheus/v1" }, ...groupProperties },
} as const;

/** The prometheus/v1 fields the Kubernetes form spells differently; every other field is spelt alike. */
export const KUBERNETES_NAMES: Readonly<Record<string, string>> = {
  error_query: "errorQuery",
  total_query: "totalQuery",
  error_ratio_query: "errorRatioQuery",
  page_alert: "pageAlert",
  ticket_alert: "ticketAlert",
  slo_plugins: "sloPlugins",
};

/** Fields whose keys are the user's own (label names, plugin options): never renamed. */
export const OPAQUE_FIELDS: ReadonlySet<string> = new Set(["labels", "annotations", "options", "config"]);

/** `schema` with the property names of `names` renamed, in `properties` and `required` alike. */
function renamed(schema: unknown, names: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => renamed(s, names));
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "properties") out[k] = Object.fromEntries(Object.entries(v as object).map(([p, s]) => [names[p] ?? p, renamed(s, names)]));
    else if (k === "required") out[k] = (v as string[]).map((p) => names[p] ?? p);
    else out[k] = renamed(v, names);
  }
  return out;
}

export const SLOTH_API_VERSION = "sloth.slok.dev/v1";
export const SLOTH_KIND = "PrometheusServiceLevel";

const k8sStrMap = { type: ["object", "null"], additionalProperties: str } as const;
/**
 * Kubernetes ObjectMeta: what llmops reads (nothing: the service is `spec.service`) and what
 * `kubectl get -o yaml` adds, typed loosely; any other key is a misspelling.
 */
const objectMeta = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: str,
    namespace: str,
    labels: k8sStrMap,
    annotations: k8sStrMap,
    generateName: str,
    uid: str,
    resourceVersion: str,
    generation: { type: "integer" },
    creationTimestamp: {},
    deletionTimestamp: {},
    deletionGracePeriodSeconds: { type: "integer" },
    finalizers: { type: "array", items: str },
    ownerReferences: { type: "array" },
    managedFields: { type: "array" },
    selfLink: str,
  },
} as const;

export const slothKubernetesHeaderSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  properties: { apiVersion: { const: SLOTH_API_VERSION }, kind: { const: SLOTH_KIND } },
} as const;

export const slothKubernetesSchema = {
  type: "object",
  required: ["apiVersion", "kind", "spec"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: SLOTH_API_VERSION },
    kind: { const: SLOTH_KIND },
    metadata: objectMeta,
    spec: renamed({ type: "object", required: ["service", "slos"], additionalProperties: false, properties: groupProperties }, KUBERNETES_NAMES) as object,
    // What the Sloth controller reports back; not read.
    status: { type: ["object", "null"] },
  },
} as const;

/** A label or annotation value as YAML gives it; Sloth reads each as a string. */
export type SlothValue = string | number | boolean;
export type SlothValues = Record<string, SlothValue>;

export interface SlothAlertMeta {
  disable?: boolean;
  labels?: SlothValues;
  annotations?: SlothValues;
}

export interface SlothPlugins {
  overridePrevious?: boolean;
  chain?: { id: string; config?: object; priority?: number }[];
}

export interface SlothSLO {
  name: string;
  objective: number;
  description?: string;
  labels?: SlothValues;
  plugins?: SlothPlugins;
  sli: {
    events?: { error_query: string; total_query: string };
    raw?: { error_ratio_query: string };
    plugin?: { id: string; options?: SlothValues };
  };
  alerting?: {
    name?: string;
    labels?: SlothValues;
    annotations?: SlothValues;
    page_alert?: SlothAlertMeta;
    ticket_alert?: SlothAlertMeta;
  };
}

/**
 * One SLO group in prometheus/v1 spelling: a prometheus/v1 document without its `version`, or
 * the `spec` of a Kubernetes one with its fields renamed. Fields given as `null` are absent.
 */
export interface SlothGroup {
  service: string;
  labels?: SlothValues;
  slo_plugins?: SlothPlugins;
  slos: SlothSLO[];
}
