/** JSON schema of a Sloth `prometheus/v1` spec (https://sloth.dev/specs/default/). */

const str = { type: "string" } as const;
const strMap = { type: "object", additionalProperties: { type: "string" } } as const;
const alertMeta = {
  type: "object",
  additionalProperties: false,
  properties: { disable: { type: "boolean" }, labels: strMap, annotations: strMap },
} as const;

export const slothHeaderSchema = { type: "object", required: ["version"], properties: { version: { const: "prometheus/v1" } } } as const;

export const slothSchema = {
  type: "object",
  required: ["version", "service", "slos"],
  additionalProperties: false,
  properties: {
    version: { const: "prometheus/v1" },
    service: str,
    labels: strMap,
    slos: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        required: ["name", "objective", "sli"],
        additionalProperties: false,
        properties: {
          name: str,
          objective: { type: "number" },
          description: str,
          labels: strMap,
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
              plugin: { type: "object" },
            },
          },
          alerting: {
            type: "object",
            additionalProperties: false,
            properties: { name: str, labels: strMap, annotations: strMap, page_alert: alertMeta, ticket_alert: alertMeta },
          },
          plugins: { type: "object" },
        },
      },
    },
  },
} as const;

export interface SlothAlertMeta {
  disable?: boolean;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface SlothSLO {
  name: string;
  objective: number;
  description?: string;
  labels?: Record<string, string>;
  sli: {
    events?: { error_query: string; total_query: string };
    raw?: { error_ratio_query: string };
    plugin?: { id?: string };
  };
  alerting?: {
    name?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    page_alert?: SlothAlertMeta;
    ticket_alert?: SlothAlertMeta;
  };
  plugins?: object;
}

export interface SlothSpec {
  version: "prometheus/v1";
  service: string;
  labels?: Record<string, string>;
  slos: SlothSLO[];
}
