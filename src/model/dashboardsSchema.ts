/**
 * JSON schema of a dashboard definition. Panels carry builder functions, so of those only their
 * presence is checked; every option a panel helper takes is checked as data, and nothing else.
 */
const str = { type: "string" } as const;
const num = { type: "number" } as const;
const any = {} as const;
const variableName = { enum: ["service", "model", "provider", "app", "department"] } as const;
const variables = { type: "array", items: variableName } as const;
const HELPERS = ["timeseries", "stat", "gauge", "piechart", "table", "bargauge", "heatmap"] as const;

/** What a panel has however it was made: `kind` is set by the helper that made it. */
const panelFrame = {
  kind: { enum: [...HELPERS, "traces", "custom"] },
  title: str,
  width: { type: "integer" },
  height: { type: "integer" },
  alerts: { type: "array", items: str },
  build: any,
  when: any,
} as const;

const panel = {
  type: "object",
  required: ["title", "width", "height", "build"],
  if: { required: ["kind"], properties: { kind: { enum: HELPERS } } },
  then: {
    required: ["description", "unit", "queries"],
    additionalProperties: false,
    properties: {
      ...panelFrame,
      description: str,
      // A Grafana unit id; "" is none, which Grafana's own checks refuse.
      unit: { type: "string", minLength: 1 },
      thresholds: { type: "array", items: { type: "array", minItems: 2, maxItems: 2, items: [{ type: ["number", "null"] }, str] } },
      min: num,
      max: num,
      decimals: num,
      repeat: variableName,
      maxPerRow: { type: "integer" },
      queries: any,
      configure: any,
    },
  },
  else: {
    if: { required: ["kind"], properties: { kind: { const: "traces" } } },
    then: {
      required: ["description", "service", "slowerThan"],
      additionalProperties: false,
      properties: { ...panelFrame, description: str, service: { type: "string", minLength: 1 }, slowerThan: { type: "string", pattern: "^[0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h)$" }, limit: { type: "integer", minimum: 1 } },
    },
    else: { additionalProperties: false, properties: panelFrame },
  },
} as const;

export const dashboardSchema = {
  type: "object",
  required: ["title"],
  additionalProperties: false,
  properties: {
    title: str,
    uid: str,
    description: str,
    folder: str,
    tags: { type: "array", items: str },
    refresh: str,
    time: { type: "object", required: ["from", "to"], additionalProperties: false, properties: { from: str, to: str } },
    variables,
    panels: { type: "array", items: panel },
    rows: {
      type: "array",
      items: {
        type: "object",
        required: ["title", "panels"],
        additionalProperties: false,
        properties: { title: str, repeat: variableName, collapsed: { type: "boolean" }, panels: { type: "array", items: panel } },
      },
    },
  },
} as const;
