/**
 * JSON schema of the project definition, checked with ajv before anything else: definitions
 * loaded at run time are not type-checked, and YAML ones never were.
 */
import { dashboardSchema } from "./dashboardsSchema.ts";
import { stackSchema } from "../dsl/stackSchema.ts";

const str = { type: "string" } as const;
const num = { type: "number" } as const;
const strMap = { type: "object", additionalProperties: { type: "string" } } as const;
const matcherMap = {
  type: "object",
  additionalProperties: {
    oneOf: [
      { type: "string" },
      {
        type: "object",
        required: ["op", "value"],
        additionalProperties: false,
        properties: { op: { enum: ["=", "!=", "=~", "!~"] }, value: str },
      },
    ],
  },
} as const;
const seriesRef = {
  type: "object",
  required: ["metric"],
  additionalProperties: false,
  properties: { metric: str, part: { enum: ["bucket", "count", "sum"] } },
} as const;
const histogramRef = {
  oneOf: [{ enum: ["duration", "ttft", "tpot"] }, { type: "object", required: ["metric"], additionalProperties: false, properties: { metric: str } }],
} as const;
const tier = {
  type: "object",
  additionalProperties: false,
  properties: {
    disabled: { type: "boolean" },
    windows: {
      type: "array",
      items: { type: "object", required: ["long", "factor"], additionalProperties: false, properties: { long: str, short: str, factor: num } },
    },
    severity: str,
    for: str,
    labels: strMap,
    annotations: strMap,
  },
} as const;

/** A rolling duration, or a calendar period: each shape reports its own errors. */
/** A dated price table, USD per million tokens per model (also in llmops.yaml). */
export const pricesSchema = {
  type: "object",
  required: ["date", "models"],
  additionalProperties: false,
  properties: {
    date: str,
    models: {
      type: "object",
      additionalProperties: { type: "object", required: ["input", "output"], additionalProperties: false, properties: { input: num, cachedInput: num, output: num } },
    },
  },
} as const;

const sloWindow = {
  if: { type: "object" },
  then: { required: ["calendar"], additionalProperties: false, properties: { calendar: { enum: ["week", "month", "quarter"] }, timeZone: str } },
  else: str,
} as const;

const sli = {
  type: "object",
  required: ["kind"],
  properties: { kind: { enum: ["ratio", "latency", "timeslice", "raw"] } },
  allOf: [
    {
      if: { properties: { kind: { const: "ratio" } } },
      then: {
        additionalProperties: false,
        properties: {
          kind: {},
          events: { oneOf: [{ enum: ["requests", "tokens", "cost", "conversations", "messages"] }, seriesRef] },
          bad: matcherMap,
          good: matcherMap,
          filter: matcherMap,
          rateLimited: { enum: ["count", "exclude", "only"] },
        },
      },
    },
    {
      if: { properties: { kind: { const: "latency" } } },
      then: {
        required: ["threshold"],
        additionalProperties: false,
        properties: { kind: {}, histogram: histogramRef, threshold: num, filter: matcherMap },
      },
    },
    {
      if: { properties: { kind: { const: "timeslice" } } },
      then: {
        required: ["measure", "op", "threshold"],
        additionalProperties: false,
        properties: {
          kind: {},
          measure: {
            oneOf: [
              { enum: ["costPerRequest", "tokensPerRequest", "quality"] },
              { type: "object", required: ["query"], additionalProperties: false, properties: { query: str, unit: str } },
            ],
          },
          op: { enum: ["<", "<=", ">", ">="] },
          threshold: num,
          slice: str,
          filter: matcherMap,
        },
      },
    },
    {
      if: { properties: { kind: { const: "raw" } } },
      then: { additionalProperties: false, properties: { kind: {}, errorRatio: str, errorQuery: str, goodQuery: str, totalQuery: str } },
    },
  ],
} as const;

const slo = {
  type: "object",
  required: ["name", "objective", "sli"],
  additionalProperties: false,
  properties: {
    name: str,
    objective: num,
    window: sloWindow,
    description: str,
    labels: strMap,
    runbookUrl: str,
    sli,
    alerting: {
      type: "object",
      additionalProperties: false,
      properties: {
        name: str,
        labels: strMap,
        annotations: strMap,
        lowTraffic: {
          oneOf: [
            { enum: [false] },
            { type: "object", additionalProperties: false, properties: { errors: num, minEvents: { type: "object", additionalProperties: num } } },
          ],
        },
        page: tier,
        ticket: tier,
      },
    },
  },
} as const;

const alertBase = {
  name: str,
  for: str,
  severity: str,
  by: { type: "array", items: str },
  labels: strMap,
  annotations: strMap,
  runbookUrl: str,
  filter: matcherMap,
} as const;

const alert = {
  type: "object",
  required: ["kind", "name"],
  properties: { kind: { enum: ["latencyQuantile", "errorRate", "tokenRate", "costRate", "serviceDown"] } },
  allOf: [
    {
      if: { properties: { kind: { const: "latencyQuantile" } } },
      then: {
        required: ["quantile", "above"],
        additionalProperties: false,
        properties: { kind: {}, ...alertBase, histogram: histogramRef, quantile: num, above: num, window: str },
      },
    },
    {
      if: { properties: { kind: { const: "errorRate" } } },
      then: { required: ["abovePercent"], additionalProperties: false, properties: { kind: {}, ...alertBase, abovePercent: num, window: str } },
    },
    {
      if: { properties: { kind: { const: "tokenRate" } } },
      then: { required: ["above"], additionalProperties: false, properties: { kind: {}, ...alertBase, above: num, window: str } },
    },
    {
      if: { properties: { kind: { const: "costRate" } } },
      then: { required: ["perHourAbove"], additionalProperties: false, properties: { kind: {}, ...alertBase, perHourAbove: num, window: str } },
    },
    {
      if: { properties: { kind: { const: "serviceDown" } } },
      then: { additionalProperties: false, properties: { kind: {}, ...alertBase } },
    },
  ],
} as const;

const service = {
  type: "object",
  required: ["name"],
  additionalProperties: false,
  properties: {
    name: str,
    job: str,
    labels: strMap,
    slos: { type: "array", items: slo },
    alerts: { type: "array", items: alert },
    spendBudget: {
      type: "object",
      required: ["monthlyUsd"],
      additionalProperties: false,
      properties: { monthlyUsd: num, warnAtPercent: num, forecastWindow: str, severity: str, for: str, runbookUrl: str },
    },
  },
} as const;

export const projectSchema = {
  type: "object",
  required: ["name", "conventions", "services"],
  // `conventions` is data and stays open; everything else a project holds is listed here.
  additionalProperties: false,
  properties: {
    name: str,
    conventions: {
      type: "object",
      required: ["name", "metrics", "signals", "labels"],
      properties: { name: str, metrics: { type: "array" }, signals: { type: "object" }, labels: { type: "object" } },
    },
    services: { type: "array", items: service },
    defaultWindow: sloWindow,
    prices: pricesSchema,
    dashboards: { type: "array", items: dashboardSchema },
    stack: stackSchema,
    outputs: {
      type: "object",
      additionalProperties: false,
      properties: {
        prometheusOperator: {
          oneOf: [{ type: "boolean" }, { type: "object", additionalProperties: false, properties: { namespace: str, labels: strMap } }],
        },
        mimir: { oneOf: [{ type: "boolean" }, { type: "object", additionalProperties: false, properties: { namespacePrefix: str } }] },
      },
    },
  },
} as const;

/** The options the schema is compiled with, from source and in the bundle alike. */
export const AJV_OPTIONS = { allErrors: true, strict: false } as const;
