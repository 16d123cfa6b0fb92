/**
 * The Collector config, structurally: every component a pipeline or the service names is
 * defined, every defined component is used, and none of the exporters the Collector removed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { PATHS } from "../compile/stack/layout.ts";
import { fail, pass, type Check, type CheckResult } from "./types.ts";

const REMOVED_EXPORTERS = ["jaeger", "jaeger_thrift", "logging"];
const KINDS = ["receivers", "processors", "exporters"] as const;

interface CollectorDoc {
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  service?: { extensions?: string[]; pipelines?: Record<string, Partial<Record<(typeof KINDS)[number], string[]>>> };
}

export function checkCollectorConfig(text: string): string[] {
  const doc = (parse(text) ?? {}) as CollectorDoc;
  const problems: string[] = [];
  const pipelines = doc.service?.pipelines ?? {};
  if (!Object.keys(pipelines).length) problems.push("service.pipelines is empty");
  const used = new Set<string>();
  for (const [name, p] of Object.entries(pipelines)) {
    if (!/^(traces|metrics|logs|profiles)(\/.+)?$/.test(name)) problems.push(`pipeline "${name}" is not traces, metrics or logs`);
    for (const kind of KINDS) {
      const list = p[kind] ?? [];
      if (kind !== "processors" && !list.length) problems.push(`pipeline ${name} has no ${kind}`);
      for (const c of list) {
        used.add(`${kind}:${c}`);
        if (!doc[kind] || !(c in doc[kind]!)) problems.push(`pipeline ${name} uses ${kind.slice(0, -1)} "${c}", which is not defined`);
      }
    }
  }
  for (const kind of KINDS) {
    for (const c of Object.keys(doc[kind] ?? {})) if (!used.has(`${kind}:${c}`)) problems.push(`${kind.slice(0, -1)} "${c}" is defined but no pipeline uses it`);
  }
  for (const e of doc.service?.extensions ?? []) if (!doc.extensions || !(e in doc.extensions)) problems.push(`service uses extension "${e}", which is not defined`);
  for (const e of Object.keys(doc.exporters ?? {})) {
    if (REMOVED_EXPORTERS.includes(e.split("/")[0]!)) problems.push(`exporter "${e}" was removed from the Collector; use otlp (traces) or debug`);
  }
  return problems;
}

export const collectorCheck: Check = (ctx): CheckResult[] => {
  const file = PATHS.collectorConfig;
  const path = join(ctx.outDir, file);
  if (!existsSync(path)) return [];
  const problems = checkCollectorConfig(readFileSync(path, "utf8"));
  return [problems.length ? fail("collector config", file, problems.join("\n")) : pass("collector config", file, "every pipeline component defined and used")];
};
