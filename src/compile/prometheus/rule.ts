/** Prometheus rule shapes, in the key order rule files show them. */
export interface RecordingRule {
  record: string;
  expr: string;
  labels?: Record<string, string>;
}

export interface AlertingRule {
  alert: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type Rule = RecordingRule | AlertingRule;

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** Prometheus and Mimir both cope best with small groups; 20 is Mimir's default cap. */
export const MAX_RULES_PER_GROUP = 20;

export function chunk<T>(items: T[], size = MAX_RULES_PER_GROUP): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
