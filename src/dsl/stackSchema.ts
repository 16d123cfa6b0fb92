/** JSON schema of the `stack` field of a project, merged into the project schema. */
const str = { type: "string" } as const;
const bool = { type: "boolean" } as const;
const port = { type: "integer", minimum: 1, maximum: 65535 } as const;

const receiverBase = { kind: {}, name: str, sendResolved: bool } as const;

const receiver = {
  type: "object",
  required: ["kind", "name"],
  properties: { kind: { enum: ["webhook", "slack", "pagerduty", "email"] } },
  allOf: [
    {
      if: { properties: { kind: { const: "webhook" } } },
      then: { required: ["url"], additionalProperties: false, properties: { ...receiverBase, url: str } },
    },
    {
      if: { properties: { kind: { const: "slack" } } },
      then: { required: ["channel"], additionalProperties: false, properties: { ...receiverBase, channel: str, apiUrlSecret: str } },
    },
    {
      if: { properties: { kind: { const: "pagerduty" } } },
      then: { additionalProperties: false, properties: { ...receiverBase, routingKeySecret: str } },
    },
    {
      if: { properties: { kind: { const: "email" } } },
      then: {
        required: ["to", "from", "smarthost"],
        additionalProperties: false,
        properties: { ...receiverBase, to: str, from: str, smarthost: str, authUsername: str, authPasswordSecret: str },
      },
    },
  ],
} as const;

export const stackSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    enabled: bool,
    traceStore: { enum: ["jaeger", "tempo"] },
    bindAddress: str,
    ports: {
      type: "object",
      additionalProperties: false,
      properties: { prometheus: port, alertmanager: port, grafana: port, traces: port, otlpGrpc: port, otlpHttp: port, simulator: port },
    },
    retention: str,
    traceRetention: str,
    scrapeInterval: str,
    evaluationInterval: str,
    targets: { type: "object", additionalProperties: { type: "array", items: str } },
    simulator: { type: "object", additionalProperties: false, properties: { enabled: bool, requestsPerSecond: { type: "number" }, buildContext: str } },
    grafana: { type: "object", additionalProperties: false, properties: { anonymousViewer: bool } },
    secretsDir: str,
    alerting: {
      type: "object",
      additionalProperties: false,
      properties: {
        receivers: { type: "array", items: receiver },
        routes: { type: "object", additionalProperties: str },
        defaultReceiver: str,
        groupWait: str,
        groupInterval: str,
        repeatInterval: str,
      },
    },
  },
} as const;
