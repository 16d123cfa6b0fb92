/** Naming rules of the targets; anything that becomes a name is checked here first. */

export const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** SLO and service names become label values, alert names and file names. */
export const OBJECT_NAME = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
/** Alert names become the `alertname` label; Prometheus allows any string, we keep them identifiers. */
export const ALERT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const UID_MAX = 40;

export function isLabelName(s: string): boolean {
  return LABEL_NAME.test(s) && !s.startsWith("__");
}

/** `cost-per-request` → `CostPerRequest`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((p) => p[0]!.toUpperCase() + p.slice(1))
    .join("");
}

/** `cost-per-request` → `cost_per_request`, for label values that should read like identifiers. */
export function snakeCase(name: string): string {
  return name.replace(/[-\s]+/g, "_");
}
