/** JSON schema of `llmops.yaml`: the project around a folder of YAML specs. */
import { PRESETS, type PresetName } from "../../vocabulary/presets.ts";
import { TRANSLATIONS, type Translation } from "../../vocabulary/translation.ts";
import { pricesSchema } from "../../model/projectSchema.ts";
import type { PriceTable } from "../../vocabulary/prices.ts";

const str = { type: "string" } as const;
const strMap = { type: "object", additionalProperties: str } as const;

export const projectHeaderSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  properties: { apiVersion: { const: "llmops/v1" }, kind: { const: "Project" } },
} as const;

export const projectSchema = {
  type: "object",
  required: ["apiVersion", "kind"],
  additionalProperties: false,
  properties: {
    apiVersion: { const: "llmops/v1" },
    kind: { const: "Project" },
    name: str,
    conventions: { enum: [...Object.keys(PRESETS), "otel-genai"] },
    // How the instruments' names reach Prometheus (translation.ts); default UnderscoreEscapingWithSuffixes.
    translation: { enum: [...TRANSLATIONS] },
    // The period of specs that give none (Sloth's never do): 28d, or a calendar period.
    defaultWindow: {
      if: { type: "object" },
      then: { type: "object", required: ["calendar"], additionalProperties: false, properties: { calendar: { enum: ["week", "month", "quarter"] }, timeZone: str } },
      else: str,
    },
    // A dated price table, USD per million tokens per model: spend from tokens where the preset records none.
    prices: pricesSchema,
    outputs: {
      type: "object",
      additionalProperties: false,
      properties: {
        prometheusOperator: { oneOf: [{ type: "boolean" }, { type: "object", additionalProperties: false, properties: { namespace: str, labels: strMap } }] },
        mimir: { oneOf: [{ type: "boolean" }, { type: "object", additionalProperties: false, properties: { namespacePrefix: str } }] },
      },
    },
  },
} as const;

export interface YamlProject {
  apiVersion: "llmops/v1";
  kind: "Project";
  name?: string;
  conventions?: PresetName | "otel-genai";
  translation?: Translation;
  defaultWindow?: string | { calendar: "week" | "month" | "quarter"; timeZone?: string };
  prices?: PriceTable;
  outputs?: {
    prometheusOperator?: boolean | { namespace?: string; labels?: Record<string, string> };
    mimir?: boolean | { namespacePrefix?: string };
  };
}
