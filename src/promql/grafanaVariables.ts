/**
 * Grafana's variables in a panel's query: `$name`, `${name}`, `${name:format}` and `[[name]]`,
 * and the built-in interval macros. Read by the dashboard lint and the check of ratios' filters.
 */

/** Stand-ins that make a query plain PromQL; any duration parses where a range goes. */
const BUILTINS: Record<string, string> = { __rate_interval: "5m", __interval: "1m", __range: "1h", __range_s: "3600", __interval_ms: "60000", __range_ms: "3600000" };
const VARIABLE = /\$\{([A-Za-z_]\w*)(?::[^}]*)?\}|\$([A-Za-z_]\w*)|\[\[([A-Za-z_]\w*)(?::[^\]]*)?\]\]/g;

/** Whether `name` is one of Grafana's built-in macros, which no dashboard defines. */
export const isBuiltin = (name: string): boolean => Object.hasOwn(BUILTINS, name);

const nameOf = (a?: string, b?: string, c?: string) => (a ?? b ?? c)!;

/** Variable names a text refers to, built-ins included. */
export function variableRefs(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => nameOf(m[1], m[2], m[3]));
}

/** The query as Prometheus would receive it, with every variable replaced. */
export function substitute(expr: string): string {
  return expr.replace(VARIABLE, (_all, a?: string, b?: string, c?: string) => BUILTINS[nameOf(a, b, c)] ?? "5m");
}

/** The query with Grafana's built-in macros replaced and the dashboard's own variables kept. */
export function substituteBuiltins(expr: string): string {
  return expr.replace(VARIABLE, (all: string, a?: string, b?: string, c?: string) => BUILTINS[nameOf(a, b, c)] ?? all);
}
