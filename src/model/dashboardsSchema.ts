/** JSON schema of a dashboard definition; panels carry builder functions, so only their frame is checked. */
const str = { type: "string" } as const;
const variables = { type: "array", items: { enum: ["service", "model", "provider", "app", "department"] } } as const;
const panel = {
  type: "object",
  required: ["title", "width", "height", "build"],
  properties: { title: str, width: { type: "integer" }, height: { type: "integer" }, alerts: { type: "array", items: str } },
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
        properties: { title: str, repeat: { enum: ["service", "model", "provider", "app", "department"] }, collapsed: { type: "boolean" }, panels: { type: "array", items: panel } },
      },
    },
  },
} as const;
