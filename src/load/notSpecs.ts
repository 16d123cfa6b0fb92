/**
 * Documents llmops does not read whose header still says what they are: a Sloth spec of another
 * version, a PrometheusServiceLevel of another apiVersion, a Prometheus Operator PrometheusRule,
 * a Prometheus rule file, some other Kubernetes object. Their error names that format instead of
 * listing every format llmops does read.
 */
import { SLOTH_API_VERSION, SLOTH_KIND } from "./schemas/sloth.ts";
import type { PathPart } from "./yamlDocs.ts";

export interface NotASpec {
  /** The header field that says so. */
  parts: PathPart[];
  what: string;
  hint: string;
}

const SLOTH_FORMS = `Sloth's version: "prometheus/v1", or its Kubernetes form apiVersion: ${SLOTH_API_VERSION} with kind: ${SLOTH_KIND}`;
/** apiVersion prefixes other importers read: their own errors explain them. */
const READ_ELSEWHERE = ["openslo/", "llmops/", "pyrra.dev/"];

const shown = (v: unknown): string => (typeof v === "string" ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** What a document llmops reads no dialect of is, when its header tells; undefined when it does not. */
export function notASpec(data: object): NotASpec | undefined {
  if (Array.isArray(data)) return undefined;
  const h = data as { version?: unknown; apiVersion?: unknown; kind?: unknown; groups?: unknown };
  const { apiVersion, kind } = h;
  if (h.version !== undefined && apiVersion === undefined) {
    return { parts: ["version"], what: `Sloth spec version ${shown(h.version)} is not one llmops reads`, hint: `llmops reads ${SLOTH_FORMS}` };
  }
  if (kind === SLOTH_KIND && apiVersion !== SLOTH_API_VERSION) {
    return {
      parts: ["apiVersion"],
      what: apiVersion === undefined ? `a Sloth ${SLOTH_KIND} needs apiVersion: ${SLOTH_API_VERSION}` : `a Sloth ${SLOTH_KIND} of apiVersion ${shown(apiVersion)} is not one llmops reads`,
      hint: `write apiVersion: ${SLOTH_API_VERSION}, the version of Sloth's Kubernetes API`,
    };
  }
  if (typeof apiVersion === "string" && apiVersion.startsWith("sloth.slok.dev/")) {
    return {
      parts: ["kind"],
      what: kind === undefined ? `a Sloth Kubernetes object needs kind: ${SLOTH_KIND}` : `Sloth's Kubernetes kind ${shown(kind)} is not an SLO spec llmops reads`,
      hint: `llmops reads ${SLOTH_FORMS}`,
    };
  }
  if (typeof apiVersion === "string" && apiVersion.startsWith("monitoring.coreos.com/") && typeof kind === "string") {
    return {
      parts: ["kind"],
      what: `a Prometheus Operator ${kind} is not an SLO spec`,
      hint:
        kind === "PrometheusRule"
          ? "it holds Prometheus rules, which llmops generates from SLO specs (outputs.prometheusOperator writes PrometheusRules); keep it outside the definitions folder, or write its SLOs as Sloth, OpenSLO or TypeScript definitions"
          : "keep it outside the definitions folder: llmops reads SLO specs (Sloth, OpenSLO, Pyrra, TypeScript) and llmops.yaml there",
    };
  }
  if (apiVersion === undefined && kind === undefined && Array.isArray(h.groups)) {
    return {
      parts: ["groups"],
      what: "a Prometheus rule file is not an SLO spec",
      hint: "llmops generates rule files from SLO specs; keep it outside the definitions folder, or write its SLOs as Sloth, OpenSLO or TypeScript definitions",
    };
  }
  if (typeof apiVersion === "string" && typeof kind === "string" && !READ_ELSEWHERE.some((p) => apiVersion.startsWith(p))) {
    return {
      parts: ["apiVersion"],
      what: `a Kubernetes ${kind} (${apiVersion}) is not an SLO spec`,
      hint: `keep it outside the definitions folder; the Kubernetes SLO specs llmops reads are Sloth's ${SLOTH_KIND} (${SLOTH_API_VERSION}) and Pyrra's ServiceLevelObjective (pyrra.dev/v1alpha1)`,
    };
  }
  return undefined;
}
